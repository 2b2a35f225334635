"""Background work of the organisation app (Celery)."""

from celery import shared_task

from . import services
from .models import ImportJob


@shared_task(acks_late=True)
def run_import_job(job_id):
    """Import an uploaded CSV; a job already run (the task delivered twice) is left alone."""
    job = ImportJob.claim(job_id)
    if job is not None:
        services.run_import_job(job)
