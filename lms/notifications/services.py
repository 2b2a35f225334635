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
from django.utils import timezone

from . import kinds
from .models import Notification
from .preferences import wants_email
from .tasks import queue_emails


def notify(recipients, *, kind=None, message=None, params=None, url="", actor=None):
    """Notify each of ``recipients`` (never the actor about their own act); return the notices made.

    ``kind`` is a code registered in :mod:`lms.notifications.kinds`; its template, filled from ``params``,
    is rendered each time the notice is read, in the reader's language. ``message`` is plain text for a
    notice of no kind, shown as given. Call it inside the transaction that makes the change it announces.
    """
    if (kind is None) == (message is None):
        raise TypeError("notify() takes a kind or a message")
    if kind is not None and kinds.get(kind) is None:
        raise LookupError(f"no notice kind {kind!r}")
    people = {person.pk: person for person in recipients if person is not None and person.is_active}
    if actor is not None:
        people.pop(actor.pk, None)
    if not people:
        return []
    params = dict(params or {})
    if kind is not None:
        text = kinds.render(kind, params, language=settings.LANGUAGE_CODE)
    else:
        text = str(message) % params if params else str(message)
    by_email = wants_email(people.values(), kind or "")
    notices = Notification.objects.bulk_create(
        [
            Notification(
                recipient=person,
                actor=actor,
                kind=kind or "",
                params=params,
                message=text[:300],
                url=url,
                email=by_email[person.pk],
            )
            for person in people.values()
        ]
    )
    ids = [notice.pk for notice in notices if notice.email]
    if ids:
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
