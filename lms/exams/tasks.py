"""Background work of the Testing Center (Celery)."""

from celery import shared_task

from .models import QuestionImport
from .services.answers import submit_expired
from .services.bank import import_questions, summary


@shared_task(acks_late=True)
def submit_expired_attempts():
    return submit_expired()


@shared_task(acks_late=True)
def run_question_import(import_id):
    job = QuestionImport.claim(import_id)
    if job is None:  # already run: a task delivered twice imports once
        return None
    try:
        tally = import_questions(
            job.category, job.filename, job.content, user=job.created_by, skill=job.skill, level=job.level
        )
    except Exception:
        job.finish(QuestionImport.Status.FAILED)
        raise
    report = tally.report()
    # The problems keep their item, line and reason apart (the report's strings would lose them).
    report["errors"] = tally.errors
    job.finish(content=b"", **report)
    return summary(tally)
