"""Issuing, revoking and checking certificates, and queueing their PDFs. Signal handlers and views call these."""

import calendar
import logging
from datetime import date
from decimal import Decimal

from django.core.files.storage import default_storage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from lms.core.db import create_once
from lms.core.errors import Refused
from lms.core.storage import STORAGE_ERRORS
from lms.notifications.services import notify

from . import codes, signing
from .models import AchievementKind, Certificate, CertificateTemplate, PdfStatus
from .tasks import render_certificate_pdf

ISSUER = "สำนักงานคณะกรรมการการศึกษาขั้นพื้นฐาน"
logger = logging.getLogger(__name__)


def _add_months(day, months):
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def issue(user, *, kind, key, achievement, detail="", centre=None, evidence_url="", on=None):
    """The certificate for ``user``'s achievement ``key``, issued now unless it exists already.

    Issuing twice, in retries or in parallel, returns the first one: a unique constraint on (person,
    achievement) decides, and the loser of a race reads the winner's row.
    """
    valid = Certificate.objects.filter(user=user, achievement_key=key, revoked_at__isnull=True)
    existing = valid.first()
    if existing is not None:
        return existing, False
    name = (user.full_name_th or user.full_name_en).strip()
    if not name:
        # The public page shows the holder's name; a username (perhaps a citizen ID) must never stand in.
        logger.warning("certificate %s for user %s held back: the person has no name", key, user.pk)
        return None, False
    on = on or timezone.localdate()
    template = CertificateTemplate.for_issue(centre, kind)
    certificate = Certificate(
        code=codes.new_code(),
        user=user,
        kind=kind,
        achievement_key=key,
        recipient_name=name[:300],
        achievement=achievement[:300],
        detail=detail[:100],
        centre=centre,
        issuer=centre.name_th if centre else ISSUER,
        template=template,
        issued_on=on,
        expires_on=_add_months(on, template.valid_months) if template and template.valid_months else None,
        evidence_url=evidence_url[:500],
    )
    certificate.key_id, certificate.signature = signing.sign(certificate.content())
    with transaction.atomic():
        certificate, created = create_once(lambda: certificate.save() or certificate, valid)
        if created:
            # With the row it announces: a certificate whose write rolls back leaves no notice.
            notify(
                [user],
                kind="certificate_ready",
                params={"achievement": certificate.achievement},
                url=reverse("certificates:verify", args=[certificate.code]),
            )
            transaction.on_commit(lambda: queue_pdf(certificate))
    return certificate, created


def queue_pdf(certificate):
    """Hand the PDF to the task queue. A broker that is down (or, run inline, a failed rendering) leaves
    the certificate marked failed, to be queued again on download; it never fails the caller's request."""
    try:
        render_certificate_pdf.delay(certificate.pk)
    except Exception:
        logger.exception("certificate %s: PDF not queued", certificate.code)
        Certificate.objects.filter(pk=certificate.pk).update(pdf_status=PdfStatus.FAILED)


def _in_thai(text, **params):
    """Certificates are official Thai documents: their wording is Thai whatever the reader's language."""
    with translation.override("th"):
        return gettext(text) % params


def _course_key(course):
    return f"course:{course.pk}"


def course_certificate(user, course):
    """``user``'s valid (not revoked) certificate for completing ``course``, or ``None`` while there is none."""
    return Certificate.objects.filter(user=user, achievement_key=_course_key(course), revoked_at__isnull=True).first()


def issue_for_course(enrolment, course):
    hours = getattr(course, "development_hours", None)
    return issue(
        enrolment.user,
        kind=AchievementKind.COURSE,
        key=_course_key(course),
        achievement=course.title,
        detail=_in_thai(gettext_noop("%(hours)s hours"), hours=f"{Decimal(hours).normalize():f}") if hours else "",
        centre=getattr(course, "centre", None),
        evidence_url=course.get_url() or "",
        on=timezone.localdate(enrolment.completed_at) if enrolment.completed_at else None,
    )


def issue_for_attempt(attempt):
    exam = attempt.exam
    return issue(
        attempt.user,
        kind=AchievementKind.EXAM,
        key=f"exam:{exam.pk}:{attempt.band}",
        achievement=exam.name_th,
        detail=_in_thai(gettext_noop("Level %(band)s"), band=attempt.band),
        centre=exam.centre or attempt.centre,
        on=timezone.localdate(attempt.submitted_at),
    )


def is_authentic(certificate):
    """True if the certificate's fields are still exactly what was signed."""
    return signing.verify(certificate.content(), certificate.signature, certificate.key_id)


def find(typed_code):
    code = codes.normalise(typed_code)
    if code is None:
        return None
    return Certificate.objects.select_related("centre").filter(code=code).first()


def revoke(certificate, *, by, reason):
    reason = (reason or "").strip()
    if not reason:
        raise Refused(_("Say why the certificate is revoked: the reason is kept with it."))
    with transaction.atomic():
        # Locked and read again, so two revokes at once record and announce it once.
        certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
        if certificate.is_revoked:
            return certificate
        certificate.revoked_at, certificate.revoked_by, certificate.revoked_reason = timezone.now(), by, reason[:500]
        certificate.save(update_fields=["revoked_at", "revoked_by", "revoked_reason"])
        log(instance=certificate, action="wagtail.edit", user=by, data={"revoked": reason[:500]})
        notify(
            [certificate.user],
            kind="certificate_revoked",
            params={
                "achievement": certificate.achievement,
                "reason": certificate.revoked_reason,
                "issuer": certificate.issuer,
            },
            url=reverse("certificates:verify", args=[certificate.code]),
            actor=by,
        )
    return certificate


def request_pdf(certificate):
    """Queue the PDF again if it failed or its file is gone; the page shows progress meanwhile."""
    try:
        gone = certificate.pdf_status == PdfStatus.READY and (
            not certificate.pdf or not default_storage.exists(certificate.pdf.name)
        )
    except STORAGE_ERRORS:
        return
    if certificate.pdf_status == PdfStatus.FAILED or gone:
        certificate.mark_pdf(PdfStatus.PENDING)
        transaction.on_commit(lambda: queue_pdf(certificate))
