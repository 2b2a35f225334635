"""Dates as Thai official documents write them: Thai month names and the Buddhist Era (CE + 543)."""

import datetime

from django.utils import dateformat, timezone
from django.utils.formats import date_format
from django.utils.translation import get_language

BE_OFFSET = 543

THAI_MONTHS = (
    "มกราคม",
    "กุมภาพันธ์",
    "มีนาคม",
    "เมษายน",
    "พฤษภาคม",
    "มิถุนายน",
    "กรกฎาคม",
    "สิงหาคม",
    "กันยายน",
    "ตุลาคม",
    "พฤศจิกายน",
    "ธันวาคม",
)
THAI_MONTHS_SHORT = (
    "ม.ค.",
    "ก.พ.",
    "มี.ค.",
    "เม.ย.",
    "พ.ค.",
    "มิ.ย.",
    "ก.ค.",
    "ส.ค.",
    "ก.ย.",
    "ต.ค.",
    "พ.ย.",
    "ธ.ค.",
)


def be_year(value):
    """The Buddhist-Era year of a date or a CE year number."""
    year = value if isinstance(value, int) else value.year
    return year + BE_OFFSET


def _as_date(value):
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.date()
    return value


def thai_date(value, short=False):
    """``20 พฤศจิกายน 2569`` (or ``20 พ.ย. 2569`` with ``short``); ``""`` for ``None``."""
    if value is None or value == "":
        return ""
    day = _as_date(value)
    months = THAI_MONTHS_SHORT if short else THAI_MONTHS
    return f"{day.day} {months[day.month - 1]} {be_year(day)}"


def display_date(value, short=False):
    """A date for a person reading the site: Thai with the Buddhist Era, or English in CE."""
    if value is None or value == "":
        return ""
    if (get_language() or "th").startswith("th"):
        return thai_date(value, short=short)
    return date_format(_as_date(value), "N j, Y" if short else "j F Y")


def fiscal_year(day):
    """The Thai government fiscal year (ปีงบประมาณ) of ``day``, in the Buddhist Era.

    It runs from 1 October to 30 September and is named by the year it ends in: 20 November 2026
    falls in fiscal year 2570.
    """
    return be_year(fiscal_year_bounds(day)[1].year)


def fiscal_year_bounds(day):
    """First and last day (CE dates) of the fiscal year that contains ``day``."""
    end_year = day.year + 1 if day.month >= 10 else day.year
    return datetime.date(end_year - 1, 10, 1), datetime.date(end_year, 9, 30)


class BuddhistEraDateFormat(dateformat.DateFormat):
    """Django's date formatter, with the year (``Y``, ``y``) in the Buddhist Era while Thai is active.

    The Wagtail admin shows dates through Django's ``date`` filter and ``date_format`` (the tooltip of
    every "updated" column, history, revisions, workflow, reports, scheduled publishing messages). A Thai
    format module (FORMAT_MODULE_PATH) only changes the pattern, not the year, and overriding each of
    Wagtail's templates would break at its next release; the formatter is the one place all of them go
    through. Machine-readable output never uses these letters (``c``, ``U`` and ``r`` format the date
    themselves, form inputs and file names use ``strftime``), so it stays in CE.
    """

    def y(self):
        return f"{self._year() % 100:02d}"

    def Y(self):
        return f"{self._year():04d}"

    def _year(self):
        if (get_language() or "").startswith("th"):
            return be_year(self.data)
        return self.data.year


def use_buddhist_era_in_date_formats():
    """Called once at start-up (CoreConfig.ready): ``dateformat.format`` builds this class from then on."""
    dateformat.DateFormat = BuddhistEraDateFormat
