"""Background work of the PLC app (Celery)."""

from celery import shared_task

from .services.posting import purge_drafts


@shared_task(acks_late=True)
def purge_draft_attachments():
    return purge_drafts()
