"""Background work of the organisation app (Celery)."""

from celery import shared_task

from . import services
from .models import ImportJob


@shared_task(acks_late=True)
def run_import_job(job_id):
    job = ImportJob.objects.filter(pk=job_id, status=ImportJob.Status.PENDING).first()
    if job is not None:
        services.run_import_job(job)
