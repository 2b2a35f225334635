"""``{% exam_status exam as status %}``: where the signed-in reader stands with a test, for pages that link one."""

from django import template

from lms.exams.models import ExamAttempt

register = template.Library()


@register.simple_tag(takes_context=True)
def exam_status(context, exam):
    request = context.get("request")
    user = getattr(request, "user", None)
    if exam is None or user is None or not user.is_authenticated:
        return None
    attempts = list(ExamAttempt.objects.filter(exam=exam, user=user).order_by("number"))
    graded = [a for a in attempts if not a.in_progress]
    return {
        "in_progress": next((a for a in attempts if a.in_progress), None),
        "best": max(graded, key=lambda a: a.percent or 0, default=None),
        "attempts": len(attempts),
        "attempts_left": max(0, exam.max_attempts - len(attempts)),
        "is_open": exam.is_open(),
    }
