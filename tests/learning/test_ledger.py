"""The hours ledger refuses what no source may write, whoever calls it: hours that are not positive,
future dates, a second entry for the same evidence, and more session hours in a day than the maximum."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from lms.core.errors import Refused
from lms.learning import ledger, services
from lms.learning.models import HoursEntry, HoursSource
from lms.records import totals
from tests.concurrency import raised, run_together, widen_race

pytestmark = pytest.mark.django_db

YESTERDAY = timezone.localdate() - timedelta(days=1)


def credit(user, key, hours, *, source=HoursSource.PLC, date=YESTERDAY, evidence=""):
    return services.credit_hours(user, source=source, key=key, title="x", hours=hours, date=date, evidence=evidence)


@pytest.mark.parametrize("hours", [Decimal("-3"), Decimal("-0.01"), -1])
def test_negative_hours_are_refused(two_centres, hours):
    with pytest.raises(Refused) as refused:
        credit(two_centres.teacher_a, "neg", hours, source=HoursSource.OTHER)
    assert refused.value.code == "not_positive"
    assert not HoursEntry.objects.exists()


def test_zero_hours_credit_nothing_and_the_database_refuses_them(two_centres):
    assert credit(two_centres.teacher_a, "zero", Decimal(0), source=HoursSource.COURSE) is None
    assert not HoursEntry.objects.exists()
    for hours in (Decimal(0), Decimal(-2)):
        with pytest.raises(IntegrityError), transaction.atomic():
            HoursEntry.objects.create(
                user=two_centres.teacher_a,
                source="other",
                key=f"raw{hours}",
                evidence=f"raw{hours}",
                title="x",
                hours=hours,
                date=YESTERDAY,
            )


def test_future_dates_are_refused(two_centres):
    with pytest.raises(Refused) as refused:
        credit(two_centres.teacher_a, "future", 2, source=HoursSource.OTHER, date=timezone.localdate() + timedelta(1))
    assert refused.value.code == "future"
    assert credit(two_centres.teacher_a, "today", 2, source=HoursSource.OTHER, date=timezone.localdate())


def test_the_same_key_gives_back_the_first_entry(two_centres):
    first = credit(two_centres.teacher_a, "k", 2)
    assert credit(two_centres.teacher_a, "k", 5) == first
    assert HoursEntry.objects.get().hours == 2


def test_the_same_evidence_under_a_second_key_is_refused(two_centres):
    user = two_centres.teacher_a
    credit(user, "plc:session:5:1", 2, evidence="plc.session:5")
    with pytest.raises(Refused) as refused:
        credit(user, "plc:session:5:1:again", 2, evidence="plc.session:5")
    assert refused.value.code == "same_evidence"
    # Others attending the same session are credited for it too.
    credit(two_centres.teacher_b, "plc:session:5:2", 2, evidence="plc.session:5")
    assert HoursEntry.objects.count() == 2
    with pytest.raises(IntegrityError), transaction.atomic():
        HoursEntry.objects.create(
            user=user, source="plc", key="raw", evidence="plc.session:5", title="x", hours=1, date=YESTERDAY
        )


def test_session_hours_in_a_day_are_capped_across_session_sources(two_centres, settings):
    settings.SESSION_HOURS_PER_DAY_MAX = 8
    user = two_centres.teacher_a
    credit(user, "a", Decimal("5"), source=HoursSource.PLC)
    credit(user, "b", Decimal("2.5"), source=HoursSource.LIVE)
    with pytest.raises(Refused) as refused:
        credit(user, "c", Decimal("1"), source=HoursSource.FACE_TO_FACE)
    assert refused.value.code == "daily_maximum"
    credit(user, "d", Decimal("0.5"), source=HoursSource.PLC)
    # Courses are not sessions, another day is another day, and another person has their own day.
    credit(user, "e", Decimal("12"), source=HoursSource.COURSE)
    credit(user, "f", Decimal("8"), source=HoursSource.PLC, date=YESTERDAY - timedelta(days=1))
    credit(two_centres.teacher_b, "g", Decimal("8"), source=HoursSource.PLC)
    assert ledger.session_hours_on(user, YESTERDAY) == Decimal("8")
    assert totals.hours_summary(user, today=YESTERDAY)[1] == Decimal("28")


def test_the_daily_maximum_is_a_setting(two_centres, settings):
    settings.SESSION_HOURS_PER_DAY_MAX = 3
    credit(two_centres.teacher_a, "a", 3)
    with pytest.raises(Refused):
        credit(two_centres.teacher_a, "b", Decimal("0.25"))


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL (CI runs it)")
def test_two_parallel_credits_cannot_both_pass_the_daily_maximum(two_centres, monkeypatch):
    user = two_centres.teacher_a
    # Both read the day's hours before either writes.
    widen_race(monkeypatch, ledger, "session_hours_on")

    def attempt(key):
        try:
            credit(user, key, Decimal("6"))
        except Refused:
            return "refused"
        return "credited"

    outcomes = run_together(attempt, ["one", "two"])
    assert not raised(outcomes), raised(outcomes)
    assert sorted(outcomes) == ["credited", "refused"]
    assert HoursEntry.objects.filter(user=user).count() == 1
