"""E-mail of notices, in the background so a post never waits on the mail server or the broker: queueing
each notice's e-mail, sending it, and the sweep that queues what the broker never took."""

import logging
from datetime import timedelta
from smtplib import SMTPException

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from lms.celery import app
from lms.core.queue import BROKER_ERRORS

from .models import Notification
from .preferences import wants_email

logger = logging.getLogger(__name__)

# A notice queued this long ago and still not e-mailed was lost with the broker (its retries end sooner).
REQUEUE_AFTER = timedelta(hours=2)
# Notices this young may still be on their way from the request that made them.
SWEEP_GRACE = timedelta(minutes=2)
SWEEP_BATCH = 500


@shared_task(bind=True, acks_late=True, max_retries=5)
def email_notification(self, notification_id):
    notice = (
        Notification.objects.filter(pk=notification_id, emailed_at__isnull=True, email=True)
        .select_related("recipient")
        .first()
    )
    if notice is None or not notice.recipient.email:
        return
    # The person may have turned this kind's e-mail off since the notice was written.
    if not wants_email([notice.recipient], notice.kind)[notice.recipient.pk]:
        Notification.objects.filter(pk=notice.pk).update(email=False)
        return
    language = notice.recipient.language or settings.LANGUAGE_CODE
    site = settings.SITE_URL.rstrip("/")
    context = {
        "text": notice.text_in(language),
        "link": site + notice.url if notice.url.startswith("/") else "",
        "preferences": site + reverse("notifications:preferences"),
    }
    try:
        with translation.override(language):
            subject = " ".join(render_to_string("notifications/email_subject.txt", context).split())
            body = render_to_string("notifications/email.txt", context)
        send_mail(subject=subject, message=body, from_email=None, recipient_list=[notice.recipient.email])
    except (OSError, SMTPException, ValueError) as exc:
        if self.request.is_eager:
            # In the demo there is no worker to retry: the notice on the site is enough.
            logger.warning("Notification %s not e-mailed: %s", notification_id, type(exc).__name__)
            return
        raise self.retry(exc=exc, countdown=60 * 2**self.request.retries) from exc
    Notification.objects.filter(pk=notice.pk).update(emailed_at=timezone.now())


def queue_emails(ids):
    """Queue the e-mail of each notice in ``ids``; return how many were queued.

    A broker that is down is logged, never raised: the change and its notices are already committed,
    and the periodic sweep queues what is left once the broker answers again.
    """
    queued = []
    try:
        # One connection for the batch, and no retries: a request must not wait for a broker that is down
        # (kombu would otherwise retry the connection for seconds before giving up).
        with app.connection_for_write(transport_options={"max_retries": 0}) as connection:
            for pk in ids:
                email_notification.apply_async((pk,), retry=False, connection=connection)
                queued.append(pk)
    except BROKER_ERRORS as exc:
        logger.warning(
            "E-mail of %s notices not queued (%s); the periodic sweep will queue them.",
            len(ids) - len(queued),
            type(exc).__name__,
        )
    if queued:
        Notification.objects.filter(pk__in=queued, email_queued_at__isnull=True).update(email_queued_at=timezone.now())
    return len(queued)


@shared_task(acks_late=True)
def email_pending_notifications():
    """Queue the e-mail of notices the broker never took (it was down) or lost; return how many.

    Only notices younger than ``NOTIFICATION_EMAIL_MAX_AGE_HOURS``: an e-mail days late helps nobody,
    and the notice is on the site anyway.
    """
    now = timezone.now()
    pending = (
        Notification.objects.filter(
            email=True,
            emailed_at__isnull=True,
            created_at__gte=now - timedelta(hours=settings.NOTIFICATION_EMAIL_MAX_AGE_HOURS),
            created_at__lte=now - SWEEP_GRACE,
        )
        .filter(Q(email_queued_at__isnull=True) | Q(email_queued_at__lt=now - REQUEUE_AFTER))
        .exclude(recipient__email="")
        .order_by("created_at", "pk")
    )
    ids = list(pending.values_list("pk", flat=True)[:SWEEP_BATCH])
    if not ids:
        return 0
    # Cleared so that queue_emails stamps each one afresh: the sweep then leaves it alone for REQUEUE_AFTER.
    Notification.objects.filter(pk__in=ids).update(email_queued_at=None)
    return queue_emails(ids)
