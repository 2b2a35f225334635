"""Background work of the core: keeping started jobs moving (Celery beat)."""

from celery import shared_task

from . import jobs


@shared_task
def requeue_waiting_jobs():
    return jobs.requeue_waiting()
