"""A teacher's record of hours over several years, shared by the tests of records and of the evidence pages."""

from datetime import date
from decimal import Decimal

import pytest

from lms.learning.models import HoursSource
from lms.learning.services import credit_hours
from lms.people.services import get_profile


def hours(user, key, source, amount, day, title=None):
    credit_hours(user, source=source, key=key, title=title or key, hours=Decimal(amount), date=day)


@pytest.fixture
def record(two_centres):
    teacher = two_centres.teacher_a
    # 30 and 25 PLC hours, over several days: the ledger credits at most 8 hours of sessions a day.
    for n in range(4):
        hours(teacher, f"plc:1:{n}", HoursSource.PLC, "7.5", date(2026, 3, 10 + n), "วงPLC คณิต")
    for n in range(5):
        hours(teacher, f"plc:2:{n}", HoursSource.PLC, "5", date(2026, 8, 1 + n), "วงPLC คณิต 2")
    hours(teacher, "other:1", HoursSource.OTHER, "6", date(2025, 1, 15), "อบรมภายนอก")
    hours(teacher, "other:old", HoursSource.OTHER, "9", date(2019, 5, 1), "อบรมเก่า")
    profile = get_profile(teacher)
    profile.licence_expiry = date(2028, 6, 30)
    profile.save()
    return teacher
