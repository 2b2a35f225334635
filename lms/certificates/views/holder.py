"""The holder's pages: their own certificates and the PDF download (which staff keeping them use too)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from lms.core.errors import error_page
from lms.core.storage import serve_file

from .. import codes, services
from ..models import Certificate, PdfStatus
from ..permissions import may_read


@never_cache
@login_required
def my_certificates(request):
    mine = Certificate.objects.filter(user=request.user).select_related("centre")
    return TemplateResponse(request, "certificates/mine.html", {"certificates": mine})


@never_cache
@login_required
def download(request, code):
    certificate = get_object_or_404(Certificate, code=codes.normalise(code) or "")
    if not may_read(request.user, certificate):
        raise Http404
    if certificate.is_revoked:
        message = _("This certificate has been revoked, so it can no longer be downloaded.")
        return error_page(request, 410, message, onward=(reverse("certificates:mine"), _("My certificates")))
    services.request_pdf(certificate)
    if certificate.pdf_status != PdfStatus.READY:
        return TemplateResponse(request, "certificates/preparing.html", {"certificate": certificate})

    def prepare_again():
        certificate.mark_pdf(PdfStatus.FAILED)
        services.request_pdf(certificate)
        return TemplateResponse(request, "certificates/preparing.html", {"certificate": certificate})

    return serve_file(
        certificate.pdf.name,
        content_type="application/pdf",
        inline=False,
        filename=f"certificate-{certificate.code}.pdf",
        missing=prepare_again,
    )
