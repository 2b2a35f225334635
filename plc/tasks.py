"""Background work of the PLC app (Celery)."""

from celery import shared_task

from . import services


@shared_task(acks_late=True)
def purge_draft_attachments():
    return services.purge_drafts()
