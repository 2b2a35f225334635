"""Who may do what in the Testing Center: import into the bank, proctor a sitting, review an attempt."""

from django.db.models import Count, Q
from django.utils import timezone

from lms.people import policies
from lms.people.roles import Capability, scope_for

from .models import AttemptStatus, Exam, ExamAttempt, Question, QuestionCategory, Sitting


def may_import(user):
    return user.has_perm("exams.add_question")


def may_proctor(sitting, user):
    """The sitting's proctor, and the centre's staff who run tests there (not master trainers)."""
    if sitting.proctor_id == user.pk:
        return True
    return user.has_perm("exams.change_sitting") and scope_for(user, Capability.MANAGE_TESTS).covers_centre(
        sitting.centre
    )


def may_review(attempt, now=None):
    """Whether the candidate may see the answers, per-item scores, feedback and recordings of a submitted
    attempt: only when the test shows feedback and they can sit it no more (every attempt used and none
    under way, or the test closed). Before that, the review of one attempt is the key to the next.
    The score, level and per-skill breakdown follow ``show_result`` alone."""
    exam = attempt.exam
    if not exam.show_feedback or attempt.in_progress:
        return False
    now = now or timezone.now()
    theirs = ExamAttempt.objects.filter(exam_id=exam.pk, user_id=attempt.user_id).aggregate(
        used=Count("pk"), open=Count("pk", filter=Q(status=AttemptStatus.IN_PROGRESS))
    )
    if theirs["open"]:
        return False
    if exam.closes_at is not None and now >= exam.closes_at:
        return True
    return theirs["used"] >= exam.max_attempts


def register_permission_policies():
    """The admin's policy for the bank and tests: each model's own queryset rules (a category's centre)."""
    for model in (QuestionCategory, Question, Exam, Sitting):
        policies.register_queryset_rules(model)
