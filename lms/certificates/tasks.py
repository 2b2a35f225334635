"""Background work of the certificates app (Celery): PDFs are never rendered inside a page request."""

import logging
import re
import tempfile
import zipfile

from celery import shared_task
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from lms.core.storage import STORAGE_ERRORS

from . import pdf
from .models import Certificate, CertificateBundle, PdfStatus

logger = logging.getLogger(__name__)


@shared_task(acks_late=True)
def render_certificate_pdf(certificate_id):
    certificate = Certificate.objects.select_related("template", "centre").get(pk=certificate_id)
    try:
        content = pdf.render(certificate)
        name = default_storage.save(f"certificates/{certificate.code}.pdf", ContentFile(content))
    except Exception:
        logger.exception("certificate %s: PDF not rendered", certificate.code)
        certificate.mark_pdf(PdfStatus.FAILED)
        raise
    certificate.mark_pdf(PdfStatus.READY, name)
    return name


@shared_task(acks_late=True)
def build_certificate_bundle(bundle_id):
    """Zip the PDFs of a bundle's certificates, rendering any that are missing, with progress as it goes."""
    bundle = CertificateBundle.claim(bundle_id)
    if bundle is None:
        return None
    certificates = Certificate.objects.filter(
        centre=bundle.centre, achievement=bundle.achievement, revoked_at__isnull=True
    ).select_related("template", "centre")
    bundle.advance(0, certificates.count())
    try:
        with tempfile.TemporaryFile() as spool:
            with zipfile.ZipFile(spool, "w", zipfile.ZIP_DEFLATED) as archive:
                for certificate in certificates.iterator():
                    archive.writestr(_entry_name(certificate), _pdf_bytes(certificate))
                    bundle.done += 1
                    if bundle.done % 10 == 0:
                        bundle.advance(bundle.done)
            spool.seek(0)
            bundle.file.save(f"bundle-{bundle.pk}.zip", File(spool), save=False)
    except Exception:
        logger.exception("certificate bundle %s failed", bundle.pk)
        bundle.finish(CertificateBundle.Status.FAILED)
        raise
    bundle.finish(file=bundle.file)
    return bundle.file.name


def _entry_name(certificate):
    """``<name> <code>.pdf`` with nothing in the name that a ZIP tool could read as a folder."""
    name = re.sub(r'[\\/:*?"<>|\x00-\x1f]+', " ", certificate.recipient_name).replace("..", " ").strip()
    return f"{name[:80]} {certificate.code}.pdf"


def _pdf_bytes(certificate):
    """The stored PDF, or a fresh rendering when it was never made or its file is gone."""
    if certificate.pdf_status == PdfStatus.READY and certificate.pdf:
        try:
            with certificate.pdf.open("rb") as handle:
                return handle.read()
        except (FileNotFoundError, *STORAGE_ERRORS):
            logger.warning("certificate %s: stored PDF missing, rendering again", certificate.code)
    return pdf.render(certificate)
