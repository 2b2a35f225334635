"""Background work of the Testing Center (Celery)."""

from celery import shared_task

from . import services
from .models import QuestionImport


@shared_task(acks_late=True)
def submit_expired_attempts():
    return services.submit_expired()


@shared_task(acks_late=True)
def run_question_import(import_id):
    job = QuestionImport.objects.select_related("category", "created_by").get(pk=import_id)
    if job.status != QuestionImport.Status.PENDING:
        return job.status
    try:
        report = services.import_questions(
            job.category, job.filename, job.content, user=job.created_by, skill=job.skill, level=job.level
        )
    except Exception:
        job.status = QuestionImport.Status.FAILED
        job.save(update_fields=["status"])
        raise
    job.imported, job.unchanged, job.failed, job.errors = (
        report.imported,
        report.unchanged,
        report.failed,
        report.errors,
    )
    job.status = QuestionImport.Status.DONE
    job.content = b""
    job.save()
    return report.summary
