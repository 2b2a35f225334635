"""Evidence reports read from the records: a transcript, licence-renewal hours, hours per fiscal year.

Everything comes from the one hours ledger, completed enrolments, graded attempts and certificates, so
a report never disagrees with the pages that show the same facts.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.utils import timezone

from lms.core.thaidate import fiscal_year, fiscal_year_bounds
from lms.exams.models import ExamAttempt
from lms.learning.models import Enrolment, EnrolmentStatus, HoursEntry, HoursSource

from .models import Certificate

# A teacher licence (ใบอนุญาตประกอบวิชาชีพครู) is valid for five years; renewal counts what was done in them.
LICENCE_YEARS = 5


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


def licence_period(profile):
    """``(start, end)`` of the current licence, from the profile's expiry date; ``None`` if unknown."""
    expiry = getattr(profile, "licence_expiry", None)
    if expiry is None or expiry.year <= LICENCE_YEARS:
        return None
    try:
        start = expiry.replace(year=expiry.year - LICENCE_YEARS)
    except ValueError:  # 29 February
        start = date(expiry.year - LICENCE_YEARS, 2, 28)
    return start, expiry


def licence_renewal(user, profile):
    """The ledger's hours inside the licence period, grouped the way the renewal form lists activities."""
    period = licence_period(profile)
    if period is None:
        return None
    entries = HoursEntry.objects.filter(user=user, date__gt=period[0], date__lte=period[1]).order_by("date", "pk")
    groups = defaultdict(list)
    for entry in entries:
        groups[entry.source].append(entry)
    order = [HoursSource.COURSE, HoursSource.PLC, HoursSource.TEST, HoursSource.OTHER]
    return {
        "start": period[0],
        "end": period[1],
        "groups": [
            {
                "label": HoursSource(source).label,
                "entries": groups[source],
                "hours": sum(e.hours for e in groups[source]),
            }
            for source in order
            if groups[source]
        ],
        "total": sum((e.hours for e in entries), Decimal(0)),
    }


def hours_per_fiscal_year(user, years=5, today=None):
    """Development and PLC hours for each of the last ``years`` fiscal years, newest first (one query)."""
    today = today or timezone.localdate()
    bounds = []
    day = today
    for _ in range(years):
        start, end = fiscal_year_bounds(day)
        bounds.append((fiscal_year(day), start, end))
        day = start.replace(year=start.year - 1)
    totals = defaultdict(lambda: {"development": Decimal(0), "plc": Decimal(0)})
    entries = HoursEntry.objects.filter(user=user, date__range=(bounds[-1][1], bounds[0][2]))
    for entry_date, source, hours in entries.values_list("date", "source", "hours"):
        year = next(year for year, start, end in bounds if start <= entry_date <= end)
        totals[year]["plc" if source == HoursSource.PLC else "development"] += hours
    return [
        {
            "year": year,
            "development": totals[year]["development"],
            "plc": totals[year]["plc"],
            "total": totals[year]["development"] + totals[year]["plc"],
            "plc_target_met": totals[year]["plc"] >= settings.PLC_HOURS_TARGET,
        }
        for year, _start, _end in bounds
    ]
