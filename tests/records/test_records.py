"""Records: the transcript, hours per fiscal year and in the licence period."""

import datetime
from datetime import date
from decimal import Decimal

import pytest

from lms.certificates import services as certificates
from lms.exams.services.answers import save_answers, submit_attempt
from lms.exams.services.attempts import start_attempt
from lms.exams.services.bank import category_named, import_questions
from lms.learning import services
from lms.learning.models import HoursSource
from lms.people.services import get_profile
from lms.records import totals
from lms.records.transcript import transcript
from tests.exams.conftest import READING_B1, correct_answers, make_exam

pytestmark = pytest.mark.django_db


def test_hours_per_fiscal_year_split_plc_from_development(record):
    rows = totals.hours_per_fiscal_year(record, years=3, today=date(2026, 11, 21))
    assert [r["year"] for r in rows] == [2570, 2569, 2568]
    assert rows[1] == {
        "year": 2569,
        "development": 0,
        "plc": Decimal("55"),
        "total": Decimal("55"),
        "plc_target_met": True,
    }
    assert (rows[2]["development"], rows[2]["plc"], rows[2]["plc_target_met"]) == (Decimal("6"), 0, False)


def test_licence_renewal_counts_only_the_licence_period(record):
    report = totals.licence_renewal(record, get_profile(record))
    assert (report["start"], report["end"]) == (date(2023, 6, 30), date(2028, 6, 30))
    assert report["total"] == Decimal("61")
    assert {g["label"]: g["hours"] for g in report["groups"]} == {
        str(HoursSource.PLC.label): Decimal("55"),
        str(HoursSource.OTHER.label): Decimal("6"),
    }
    profile = get_profile(record)
    profile.licence_expiry = None
    assert totals.licence_renewal(record, profile) is None


def test_a_licence_expiry_in_year_6_still_has_a_period(two_centres):
    profile = get_profile(two_centres.teacher_a)
    profile.licence_expiry = date(6, 6, 30)
    assert totals.licence_period(profile) == (date(1, 6, 30), date(6, 6, 30))


def test_transcript_lists_tests_with_their_certificate_codes(record, two_centres):
    category = category_named("Bank", centre=two_centres.centre_a)
    import_questions(category, "r.gift", READING_B1, skill="reading", level="B1")
    exam = make_exam(category, rules=[("reading", "B1", 2)], centre=two_centres.centre_a, max_attempts=3)
    submit_attempt(start_attempt(exam, record))
    attempt = start_attempt(exam, record)
    save_answers(attempt.pk, record, correct_answers(attempt))
    attempt = submit_attempt(attempt)
    certificate, _ = certificates.issue_for_attempt(attempt)
    report = transcript(record)
    assert [(t["band"], t["code"]) for t in report.tests] == [("C2", certificate.code)]
    assert report.plc_total == Decimal("55") and report.hours_total == Decimal("70")
    assert [e.title for e in report.other] == ["อบรมเก่า", "อบรมภายนอก"]


def test_fiscal_year_hours_exclude_last_year(two_centres):
    user = two_centres.teacher_a
    services.credit_hours(user, source="other", key="a", title="old", hours=5, date=datetime.date(2026, 9, 30))
    services.credit_hours(user, source="other", key="b", title="new", hours=3, date=datetime.date(2026, 10, 1))
    assert totals.hours_summary(user, today=datetime.date(2026, 11, 20)) == (3, 8)
