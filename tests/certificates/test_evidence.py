"""The evidence pages: the transcript, licence-renewal hours and hours per fiscal year, for oneself and for
staff, and their PDF."""

import subprocess
from datetime import date

import pytest
from django.urls import reverse

from lms.certificates import pdf
from lms.people.services import get_profile
from lms.records import totals
from tests.certificates.test_certificates import english, texts

pytestmark = pytest.mark.django_db


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


@pytest.mark.parametrize("expiry", [date(3, 6, 30), date(5, 12, 31), date(1, 1, 1)])
def test_a_licence_expiry_in_year_5_or_earlier_gives_no_licence_period(client, two_centres, expiry):
    teacher = two_centres.teacher_a
    profile = get_profile(teacher)
    profile.licence_expiry = expiry  # the profile form takes any date: a typo such as 0003-06-30
    profile.save()
    assert totals.licence_period(profile) is None
    client.force_login(teacher)
    response = client.get(reverse("certificates:evidence"))
    assert response.status_code == 200 and response.context["licence"] is None
    client.force_login(two_centres.manager_a)
    response = client.get(reverse("certificates:evidence_of", args=[teacher.pk]))
    assert response.status_code == 200 and response.context["licence"] is None


@pytest.mark.parametrize(
    ("years", "shown"),
    [("abc", 5), ("-3", 1), ("0", 1), ("99999999999999999999999", 10), ("1e3", 5), ("", 5), ("5" * 5000, 5)],
)
def test_odd_years_are_clamped(client, two_centres, years, shown):
    client.force_login(two_centres.teacher_a)
    response = client.get(reverse("certificates:evidence"), {"years": years})
    assert response.status_code == 200 and response.context["years"] == shown
    assert len(response.context["per_year"]) == shown


def test_a_failing_evidence_pdf_gives_the_report_with_503_and_a_message(client, two_centres, monkeypatch):
    def broken(html):
        raise OSError("cannot load library 'libpango-1.0-0'")

    monkeypatch.setattr(pdf, "write_pdf", broken)
    english(client).force_login(two_centres.teacher_a)
    response = client.get(reverse("certificates:evidence") + "?format=pdf")
    assert response.status_code == 503 and response["Content-Type"].startswith("text/html")
    assert response.template_name == "certificates/evidence.html"
    message = "The PDF could not be made just now. The report below is complete; try again later."
    assert texts(response) == [message]
    assert message in response.content.decode() and "Evidence of development" in response.content.decode()
