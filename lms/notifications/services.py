"""Tell people something: a notice on the site now, an e-mail from a worker once the change commits."""

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation

from .models import Notification


def notify(recipients, *, message, params=None, url="", actor=None):
    """Notify each of ``recipients`` (never the actor about their own act); return the notices made.

    ``message`` is a lazy translatable string with ``%(name)s`` fields filled from ``params``. It is
    written in the platform's first language (Thai), not in whatever language the actor reads.
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

    def send():
        from .tasks import email_notification

        for pk in ids:
            email_notification.delay(pk)

    transaction.on_commit(send)
    return notices


def unread_count(user):
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def mark_read(user, ids=None):
    """Mark ``user``'s notices read: those with ``ids``, or all. Returns how many changed."""
    notices = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        notices = notices.filter(pk__in=ids)
    return notices.update(read_at=timezone.now())
