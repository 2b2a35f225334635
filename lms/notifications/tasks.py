"""E-mail of notices, in the background so a post never waits on the mail server."""

import logging
from smtplib import SMTPException

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import timezone

from .models import Notification

logger = logging.getLogger(__name__)


@shared_task(bind=True, acks_late=True, max_retries=5)
def email_notification(self, notification_id):
    notice = (
        Notification.objects.filter(pk=notification_id, emailed_at__isnull=True).select_related("recipient").first()
    )
    if notice is None or not notice.recipient.email:
        return
    context = {"notice": notice, "link": settings.WAGTAILADMIN_BASE_URL.rstrip("/") + notice.url if notice.url else ""}
    try:
        send_mail(
            subject=" ".join(render_to_string("notifications/email_subject.txt", context).split()),
            message=render_to_string("notifications/email.txt", context),
            from_email=None,
            recipient_list=[notice.recipient.email],
        )
    except (OSError, SMTPException, ValueError) as exc:
        if self.request.is_eager:
            # In the demo there is no worker to retry: the notice on the site is enough.
            logger.warning("Notification %s not e-mailed: %s", notification_id, type(exc).__name__)
            return
        raise self.retry(exc=exc, countdown=60 * 2**self.request.retries) from exc
    Notification.objects.filter(pk=notice.pk).update(emailed_at=timezone.now())
