"""The transcript of a person: completed courses, the best level per test, and the ledger's hours by
source, each with its certificate where one was issued."""

from dataclasses import dataclass, field
from decimal import Decimal

from lms.certificates.models import Certificate
from lms.exams.models import ExamAttempt
from lms.learning.models import Enrolment, EnrolmentStatus, HoursEntry, HoursSource


@dataclass
class Transcript:
    courses: list = field(default_factory=list)
    tests: list = field(default_factory=list)
    plc: list = field(default_factory=list)
    other: list = field(default_factory=list)
    hours_total: Decimal = Decimal(0)
    plc_total: Decimal = Decimal(0)


def transcript(user):
    """Every completed course, the best level per test, and the hours of the ledger, with their evidence."""
    codes, issuers = {}, {}
    for key, code, issuer, revoked_at in Certificate.objects.filter(user=user).values_list(
        "achievement_key", "code", "issuer", "revoked_at"
    ):
        issuers[key] = issuer
        if revoked_at is None:
            codes[key] = code
    hours = dict(HoursEntry.objects.filter(user=user, source=HoursSource.COURSE).values_list("key", "hours"))
    result = Transcript()
    for enrolment in (
        Enrolment.objects.filter(user=user, status=EnrolmentStatus.COMPLETED)
        .select_related("course")
        .order_by("completed_at")
    ):
        key = f"course:{enrolment.course_id}"
        result.courses.append(
            {
                "title": enrolment.course.title,
                "date": enrolment.completed_at,
                "hours": hours.get(f"course:{enrolment.pk}"),
                "provider": issuers.get(key, ""),
                "code": codes.get(key, ""),
            }
        )
    best = {}
    for attempt in ExamAttempt.objects.graded().filter(user=user).select_related("exam", "centre").order_by("percent"):
        best[attempt.exam_id] = attempt
    for attempt in sorted(best.values(), key=lambda a: a.submitted_at):
        key = f"exam:{attempt.exam_id}:{attempt.band}"
        result.tests.append(
            {
                "title": attempt.exam.name,
                "date": attempt.submitted_at,
                "band": attempt.band,
                "percent": attempt.percent,
                "provider": str(attempt.exam.centre or attempt.centre or ""),
                "code": codes.get(key, ""),
            }
        )
    for entry in HoursEntry.objects.filter(user=user).order_by("date", "pk"):
        result.hours_total += entry.hours
        if entry.source == HoursSource.PLC:
            result.plc.append(entry)
            result.plc_total += entry.hours
        elif entry.source != HoursSource.COURSE:
            result.other.append(entry)
    return result
