"""Hours totals read from the ledger: this fiscal year and in all, per fiscal year, in the licence period.

The Thai fiscal year runs from 1 October to 30 September (``lms.core.thaidate``). A teacher licence
(ใบอนุญาตประกอบวิชาชีพครู) is valid for five years; renewal counts what was done in them.
"""

from collections import defaultdict
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db.models import Q, Sum
from django.utils import timezone

from lms.core.thaidate import fiscal_year, fiscal_year_bounds
from lms.learning.models import HoursEntry, HoursSource

LICENCE_YEARS = 5


def hours_summary(user, today=None, source=None):
    """``(hours this fiscal year, hours in total)`` as Decimals; only from ``source`` when given."""
    start, end = fiscal_year_bounds(today or timezone.localdate())
    entries = HoursEntry.objects.filter(user=user)
    if source:
        entries = entries.filter(source=source)
    sums = entries.aggregate(total=Sum("hours"), this_year=Sum("hours", filter=Q(date__gte=start, date__lte=end)))
    return sums["this_year"] or Decimal(0), sums["total"] or Decimal(0)


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
