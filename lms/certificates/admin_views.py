"""The admin's preview of a certificate template: a sample certificate rendered as a PDF."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone

from . import pdf
from .models import Certificate, CertificateTemplate
from .services import ISSUER

SAMPLE_NAME = "นางสาวปั้นน้ำ ฐิติญาณ"


def preview(request, pk):
    template = get_object_or_404(CertificateTemplate.objects.visible_to(request.user), pk=pk)
    sample = Certificate(
        code="PREVW-00000-00000-00000",
        recipient_name=SAMPLE_NAME,
        kind=template.kind,
        achievement="ตัวอย่างชื่อหลักสูตรหรือแบบทดสอบ",
        detail="12 ชั่วโมง" if template.kind == "course" else "ระดับ B1",
        issuer=template.centre.name_th if template.centre else ISSUER,
        issued_on=timezone.localdate(),
    )
    response = HttpResponse(pdf.render(sample, template), content_type="application/pdf")
    response["Content-Disposition"] = 'inline; filename="preview.pdf"'
    return response
