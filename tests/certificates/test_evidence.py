"""Evidence reports: transcript, licence-renewal hours and hours per fiscal year, for oneself and for staff."""

import subprocess
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from lms.certificates import evidence
from lms.certificates import services as certificates
from lms.learning.models import HoursSource
from lms.learning.services import credit_hours
from lms.people.services import get_profile

pytestmark = pytest.mark.django_db


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


def test_hours_per_fiscal_year_split_plc_from_development(record):
    rows = evidence.hours_per_fiscal_year(record, years=3, today=date(2026, 11, 21))
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
    report = evidence.licence_renewal(record, get_profile(record))
    assert (report["start"], report["end"]) == (date(2023, 6, 30), date(2028, 6, 30))
    assert report["total"] == Decimal("61")
    assert {g["label"]: g["hours"] for g in report["groups"]} == {
        str(HoursSource.PLC.label): Decimal("55"),
        str(HoursSource.OTHER.label): Decimal("6"),
    }
    profile = get_profile(record)
    profile.licence_expiry = None
    assert evidence.licence_renewal(record, profile) is None


def test_transcript_lists_tests_with_their_certificate_codes(record, two_centres):
    from lms.exams import services as exams
    from tests.exams.conftest import READING_B1, correct_answers, make_exam

    category = exams.category_named("Bank", centre=two_centres.centre_a)
    exams.import_questions(category, "r.gift", READING_B1, skill="reading", level="B1")
    exam = make_exam(category, rules=[("reading", "B1", 2)], centre=two_centres.centre_a, max_attempts=3)
    exams.submit_attempt(exams.start_attempt(exam, record))
    attempt = exams.start_attempt(exam, record)
    exams.save_answers(attempt.pk, record, correct_answers(attempt))
    attempt = exams.submit_attempt(attempt)
    certificate, _ = certificates.issue_for_attempt(attempt)
    report = evidence.transcript(record)
    assert [(t["band"], t["code"]) for t in report.tests] == [("C2", certificate.code)]
    assert report.plc_total == Decimal("55") and report.hours_total == Decimal("70")
    assert [e.title for e in report.other] == ["อบรมเก่า", "อบรมภายนอก"]


def test_the_page_for_oneself_for_staff_in_scope_and_not_for_others(client, record, two_centres):
    client.cookies["django_language"] = "en"
    client.force_login(record)
    page = client.get(reverse("certificates:evidence")).content.decode()
    assert "Teacher licence renewal" in page and "วงPLC คณิต" in page and "2569" in page
    client.force_login(two_centres.manager_a)
    assert client.get(reverse("certificates:evidence_of", args=[record.pk])).status_code == 200
    client.force_login(two_centres.manager_b)
    assert client.get(reverse("certificates:evidence_of", args=[record.pk])).status_code == 404
    client.force_login(two_centres.teacher_b)
    assert client.get(reverse("certificates:evidence_of", args=[record.pk])).status_code == 403


def test_the_transcript_pdf_holds_the_thai_report(client, record, tmp_path):
    client.force_login(record)
    response = client.get(reverse("certificates:evidence") + "?format=pdf")
    assert response["Content-Type"] == "application/pdf" and response.content[:5] == b"%PDF-"
    path = tmp_path / "t.pdf"
    path.write_bytes(response.content)
    try:
        text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
    except FileNotFoundError:
        pytest.skip("pdftotext is not installed")
    assert "วงPLC คณิต" in text and "10 มีนาคม 2569" in text
