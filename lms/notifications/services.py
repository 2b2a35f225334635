"""Tell people something: a notice on the site, written in the caller's transaction, and an e-mail sent
from it by a worker once that transaction commits.

Notices are rows written together with what they announce, so a change that commits always has its
notices and one that rolls back has none. E-mail never holds a request up or fails it: the task is
queued after the commit (``tasks.queue_emails``), and when the broker (Redis) is down the error is logged
and the notice stays "not queued"; the periodic task ``email_pending_notifications`` queues it once the
broker is back (for notices younger than ``NOTIFICATION_EMAIL_MAX_AGE_HOURS``).
"""

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation

from .models import Notification
from .tasks import queue_emails


def notify(recipients, *, message, params=None, url="", actor=None):
    """Notify each of ``recipients`` (never the actor about their own act); return the notices made.

    ``message`` is a lazy translatable string with ``%(name)s`` fields filled from ``params``. It is
    written in the platform's first language (Thai), not in whatever language the actor reads. Call it
    inside the transaction that makes the change it announces.
    """
    people = {person.pk: person for person in recipients if person is not None and person.is_active}
    if actor is not None:
        people.pop(actor.pk, None)
    if not people:
        return []
    with translation.override(settings.LANGUAGE_CODE):
        text = (str(message) % params if params else str(message))[:300]
    notices = Notification.objects.bulk_create(
        [Notification(recipient=person, actor=actor, message=text, url=url) for person in people.values()]
    )
    ids = [notice.pk for notice in notices]
    transaction.on_commit(lambda: queue_emails(ids))
    return notices


def unread_count(user):
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def mark_read(user, ids=None):
    """Mark ``user``'s notices read: those with ``ids``, or all. Returns how many changed."""
    notices = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        notices = notices.filter(pk__in=ids)
    return notices.update(read_at=timezone.now())
