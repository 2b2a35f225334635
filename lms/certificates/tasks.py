"""Background work of the certificates app (Celery): PDFs are never rendered inside a page request."""

import logging

from celery import shared_task
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from .models import Certificate, PdfStatus

logger = logging.getLogger(__name__)


@shared_task(acks_late=True)
def render_certificate_pdf(certificate_id):
    from . import pdf, services

    certificate = Certificate.objects.select_related("template", "centre").get(pk=certificate_id)
    try:
        content = pdf.render(certificate)
        name = default_storage.save(f"certificates/{certificate.code}.pdf", ContentFile(content))
    except Exception:
        logger.exception("certificate %s: PDF not rendered", certificate.code)
        services.mark_pdf(certificate, PdfStatus.FAILED)
        raise
    services.mark_pdf(certificate, PdfStatus.READY, name)
    return name
