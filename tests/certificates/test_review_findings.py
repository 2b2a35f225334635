"""Regression tests for the certificate review findings: issuing, the public checks, downloads, bundles,
evidence reports and failures of storage or of the PDF renderer."""

import importlib
import io
import logging
import zipfile
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.core.files.storage import default_storage
from django.urls import clear_url_caches, reverse

from lms.certificates import evidence, pdf, services
from lms.certificates.models import Certificate, CertificateBundle, CertificateTemplate
from lms.people.models import Role
from lms.people.services import get_profile, grant_role, revoke_role
from tests import factories as f
from tests.certificates.test_certificates import give

pytestmark = pytest.mark.django_db

COURSE = "หลักสูตร A"
REVOKED_MESSAGE = "This certificate has been revoked, so it can no longer be downloaded."


@pytest.fixture(autouse=True)
def fresh_cache():
    """The verification rate limit counts in the cache: every test starts from zero."""
    cache.clear()
    yield
    cache.clear()


def english(client):
    client.cookies["django_language"] = "en"
    return client


def texts(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def ready_certificate(user, capture, key="course:1", **fields):
    with capture(execute=True):
        certificate = give(user, key, **fields)
    certificate.refresh_from_db()
    assert certificate.pdf_status == "ready"
    return certificate


# Issuing -------------------------------------------------------------------------------------------


def attempt_with_every_answer_right(two_centres):
    from lms.exams import services as exams
    from tests.exams.conftest import READING_B1, correct_answers, make_exam

    category = exams.category_named("Bank", centre=two_centres.centre_a)
    exams.import_questions(category, "r.gift", READING_B1, skill="reading", level="B1")
    exam = make_exam(category, rules=[("reading", "B1", 2)], centre=two_centres.centre_a, issues_certificates=True)
    attempt = exams.start_attempt(exam, two_centres.teacher_a)
    exams.save_answers(attempt.pk, attempt.user, correct_answers(attempt))
    return attempt


def assert_certificate_of_band_c2(teacher, exam):
    certificate = Certificate.objects.get(user=teacher)
    assert (certificate.kind, certificate.achievement_key, certificate.detail) == (
        "exam",
        f"exam:{exam.pk}:C2",
        "ระดับ C2",
    )
    assert certificate.status() == "valid" and certificate.pdf_status == "ready"


# Real commits: the on_commit callback runs when submit_attempt's own atomic block exits, before the
# function reads the attempt back, so the signal must carry the attempt as graded, not as it was locked.
@pytest.mark.django_db(transaction=True)
def test_submit_attempt_issues_the_certificate_of_the_band_when_it_commits(two_centres):
    from lms.exams import services as exams

    attempt = exams.submit_attempt(attempt_with_every_answer_right(two_centres))
    assert attempt.band == "C2"
    assert_certificate_of_band_c2(two_centres.teacher_a, attempt.exam)


@pytest.mark.django_db(transaction=True)
def test_submitting_through_the_view_issues_the_certificate_of_the_band(client, two_centres):
    attempt = attempt_with_every_answer_right(two_centres)
    client.force_login(two_centres.teacher_a)
    response = client.post(reverse("exams:submit", args=[attempt.pk]))
    assert response.status_code == 302 and response.url == reverse("exams:result", args=[attempt.pk])
    assert_certificate_of_band_c2(two_centres.teacher_a, attempt.exam)


def test_a_person_without_a_name_gets_no_certificate_and_the_username_is_never_used(two_centres, caplog):
    # An account without a Thai or English name (e.g. made by SSO or an import, the citizen ID as username).
    nameless = f.person("1103700012345", two_centres.school_a)
    nameless.title = nameless.first_name = nameless.last_name = ""
    nameless.save()
    with caplog.at_level(logging.WARNING, logger="lms.certificates.services"):
        result = services.issue(nameless, kind="course", key="course:1", achievement=COURSE)
    assert result == (None, False)
    assert not Certificate.objects.filter(user=nameless).exists()
    assert not Certificate.objects.filter(recipient_name__contains=nameless.username).exists()
    assert [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING] == [
        f"certificate course:1 for user {nameless.pk} held back: the person has no name"
    ]


def test_a_person_with_only_an_english_name_is_certified_under_it(two_centres):
    person = f.person("1103700012346", two_centres.school_a)
    person.title = person.first_name = person.last_name = ""
    person.title_en, person.first_name_en, person.last_name_en = "Ms", "Ann", "Smith"
    person.save()
    certificate, created = services.issue(person, kind="course", key="course:1", achievement=COURSE)
    assert created and certificate.recipient_name == "Ms Ann Smith"
    assert services.is_authentic(certificate)


def test_earning_a_revoked_achievement_again_issues_a_new_certificate(two_centres):
    first = give(two_centres.teacher_a, "exam:1:B1", kind="exam")
    services.revoke(first, by=two_centres.manager_a, reason="ชื่อผิด")
    again, created = services.issue(two_centres.teacher_a, kind="exam", key="exam:1:B1", achievement="x")
    assert created and again.pk != first.pk and again.code != first.code
    assert again.status() == "valid" and services.is_authentic(again)
    first.refresh_from_db()
    assert first.status() == "revoked" and first.revoked_reason == "ชื่อผิด"
    assert services.issue(two_centres.teacher_a, kind="exam", key="exam:1:B1", achievement="x") == (again, False)
    assert Certificate.objects.filter(user=two_centres.teacher_a, achievement_key="exam:1:B1").count() == 2


@pytest.mark.django_db(transaction=True)
def test_a_pdf_failure_never_fails_completing_a_lesson(client, two_centres, monkeypatch):
    """Without Redis, Celery runs the PDF task inline at commit: its error must stay out of the request."""
    from lms.learning import services as learning
    from lms.learning.models import Enrolment

    def broken(certificate, template=None):
        raise OSError("cannot load library 'libpango-1.0-0'")

    monkeypatch.setattr(pdf, "render", broken)
    course = f.course_tree(two_centres.centre_a, lessons=1, hours="3")
    learning.enrol(two_centres.teacher_a, course)
    client.force_login(two_centres.teacher_a)
    response = client.post(course.lessons[0].url + "complete/")
    assert response.status_code == 302 and response.url == course.url
    assert Enrolment.objects.get(user=two_centres.teacher_a).status == "completed"
    certificate = Certificate.objects.get(user=two_centres.teacher_a)
    assert certificate.achievement_key == f"course:{course.pk}" and certificate.pdf_status == "failed"


# The public verification page and JSON -------------------------------------------------------------


def test_json_status_is_invalid_for_a_record_edited_after_signing(client, two_centres):
    certificate = give(two_centres.teacher_a)
    Certificate.objects.filter(pk=certificate.pk).update(achievement="หลักสูตรที่ไม่เคยเรียน")
    response = client.get(reverse("certificates:verify_json", args=[certificate.code]))
    assert response.status_code == 200 and response.json()["status"] == "invalid"
    page = english(client).get(reverse("certificates:verify", args=[certificate.code])).content.decode()
    assert "does not match its signature" in page


def test_json_revocation_date_is_the_local_bangkok_date(client, two_centres):
    certificate = give(two_centres.teacher_a)
    # Revoked at 03:00 in Bangkok on 21 November 2026, which is 20:00 UTC on the 20th.
    revoked = datetime(2026, 11, 21, 3, 0, tzinfo=ZoneInfo("Asia/Bangkok"))
    Certificate.objects.filter(pk=certificate.pk).update(revoked_at=revoked, revoked_reason="x")
    data = client.get(reverse("certificates:verify_json", args=[certificate.code])).json()
    assert (data["status"], data["revoked_on"]) == ("revoked", "2026-11-21")
    page = client.get(reverse("certificates:verify", args=[certificate.code])).content.decode()
    assert "21 พฤศจิกายน 2569" in page


def test_rate_limit_counts_each_visitor_behind_the_proxy_by_the_configured_header(client, settings, two_centres):
    settings.CERTIFICATE_VERIFY_PER_MINUTE = 3
    settings.CERTIFICATE_CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    url = reverse("certificates:verify", args=[give(two_centres.teacher_a).code])
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    first = [client.get(url, HTTP_X_REAL_IP="203.0.113.7", **proxy).status_code for _ in range(4)]
    assert first == [200, 200, 200, 429]
    assert client.get(url, HTTP_X_REAL_IP="198.51.100.9", **proxy).status_code == 200
    # Only the first of a comma-separated list counts.
    assert client.get(url, HTTP_X_REAL_IP="203.0.113.7, 198.51.100.9", **proxy).status_code == 429
    assert client.get(url, HTTP_X_REAL_IP=" 198.51.100.9 , 203.0.113.7", **proxy).status_code == 200
    # Without the header, REMOTE_ADDR counts (the proxy's own, unused until now).
    assert client.get(url, **proxy).status_code == 200


def test_without_the_setting_a_client_cannot_dodge_the_rate_limit_with_the_header(client, settings, two_centres):
    settings.CERTIFICATE_VERIFY_PER_MINUTE = 3
    settings.CERTIFICATE_CLIENT_IP_HEADER = ""
    url = reverse("certificates:verify", args=[give(two_centres.teacher_a).code])
    statuses = [
        client.get(
            url, REMOTE_ADDR="192.0.2.5", HTTP_X_REAL_IP=f"203.0.113.{n}", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}"
        )
        for n in range(5)
    ]
    assert [response.status_code for response in statuses] == [200, 200, 200, 429, 429]
    assert statuses[-1]["Retry-After"] == "60"
    assert client.get(url, REMOTE_ADDR="192.0.2.6").status_code == 200


@pytest.mark.parametrize("code", ["ก" * 30, "X" * 5000, "7KQ2M-9XG4T-B3NDP-W8RZ\u0131", "\U0001f600"])
def test_odd_codes_are_a_plain_not_found(client, code):
    assert client.get(f"/verify/{code}/").status_code == 404
    response = client.get(f"/verify/{code}.json")
    assert response.status_code == 404 and response.json() == {"status": "not_found"}


def test_verify_responses_are_never_cached(client, two_centres):
    certificate = give(two_centres.teacher_a)
    for name in ("certificates:verify", "certificates:verify_json"):
        cache_control = client.get(reverse(name, args=[certificate.code]))["Cache-Control"]
        assert "no-store" in cache_control and "private" in cache_control


# Downloads ----------------------------------------------------------------------------------------


def test_the_holder_and_staff_managing_its_centre_download_a_supervisor_does_not(
    client, two_centres, django_capture_on_commit_callbacks
):
    certificate = ready_certificate(
        two_centres.teacher_a, django_capture_on_commit_callbacks, centre=two_centres.centre_a
    )
    url = reverse("certificates:download", args=[certificate.code])
    expected = [
        (two_centres.teacher_a, 200),
        (two_centres.manager_a, 200),
        (two_centres.obec, 200),
        (two_centres.supervisor_cm, 404),  # VIEW_PEOPLE over the teacher, but not MANAGE_CERTIFICATES
        (two_centres.manager_b, 404),
        (two_centres.teacher_b, 404),
    ]
    for user, status in expected:
        client.force_login(user)
        response = client.get(url)
        assert (user.username, response.status_code) == (user.username, status)
        if status == 200:
            assert b"".join(response.streaming_content)[:5] == b"%PDF-"


def test_a_revoked_certificate_answers_410_to_its_holder_and_staff(
    client, two_centres, django_capture_on_commit_callbacks
):
    certificate = ready_certificate(
        two_centres.teacher_a, django_capture_on_commit_callbacks, centre=two_centres.centre_a
    )
    services.revoke(certificate, by=two_centres.manager_a, reason="ออกให้ผิดคน")
    url = reverse("certificates:download", args=[certificate.code])
    english(client)
    for user in (two_centres.teacher_a, two_centres.manager_a, two_centres.obec):
        client.force_login(user)
        response = client.get(url)
        assert (user.username, response.status_code) == (user.username, 410)
        assert response.content.decode() == REVOKED_MESSAGE


def test_on_s3_a_ready_certificate_whose_file_is_gone_is_queued_again(
    client, two_centres, s3_storage, django_capture_on_commit_callbacks
):
    certificate = ready_certificate(
        two_centres.teacher_a, django_capture_on_commit_callbacks, centre=two_centres.centre_a
    )
    s3_storage.delete(certificate.pdf.name)
    english(client).force_login(two_centres.teacher_a)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.get(reverse("certificates:download", args=[certificate.code]))
    assert response.status_code == 200, response.get("Location")
    assert "being prepared" in response.content.decode()
    certificate.refresh_from_db()
    assert certificate.pdf_status == "pending" and len(callbacks) == 1
    callbacks[0]()
    certificate.refresh_from_db()
    assert certificate.pdf_status == "ready" and s3_storage.exists(certificate.pdf.name)


def test_dev_media_serves_neither_certificate_pdfs_nor_bundles(
    client, two_centres, settings, django_capture_on_commit_callbacks
):
    """``make demo`` runs with DEBUG, serving media to anyone: never the certificates' files."""
    import lms.urls

    certificate = ready_certificate(
        two_centres.teacher_a, django_capture_on_commit_callbacks, achievement="A", centre=two_centres.centre_a
    )
    client.force_login(two_centres.manager_a)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("certificates:request_bundle"), {"centre": two_centres.centre_a.pk, "achievement": "A"})
    bundle = CertificateBundle.objects.get()
    assert bundle.status == "ready"
    other = default_storage.save("images/review-other.txt", ContentFile(b"public"))
    client.logout()
    settings.DEBUG = True
    try:
        importlib.reload(lms.urls)
        clear_url_caches()
        assert client.get(settings.MEDIA_URL + other).status_code == 200  # public renditions are served
        for name in (certificate.pdf.name, bundle.file.name):
            assert name.startswith("certificates/")
            assert client.get(settings.MEDIA_URL + name).status_code == 404, name
    finally:
        settings.DEBUG = False
        importlib.reload(lms.urls)
        clear_url_caches()
        default_storage.delete(other)


# ZIP bundles --------------------------------------------------------------------------------------


def request_bundle(client, manager, centre, capture):
    client.force_login(manager)
    with capture(execute=True):
        response = client.post(reverse("certificates:request_bundle"), {"centre": centre.pk, "achievement": COURSE})
    return response, CertificateBundle.objects.latest("pk")


def bundle_entries(client, bundle):
    response = client.get(reverse("certificates:bundle", args=[bundle.pk]) + "?download=1")
    assert response.status_code == 200
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def test_zip_entry_names_take_no_folder_from_the_persons_name(client, two_centres, django_capture_on_commit_callbacks):
    teacher = two_centres.teacher_a
    # A teacher edits their own name freely (accounts/profile/edit/).
    teacher.title, teacher.first_name, teacher.last_name = "", "../../../../home/manager/.bashrc", "a\\b"
    teacher.save()
    certificate = give(teacher, "c:1", achievement=COURSE, centre=two_centres.centre_a)
    _response, bundle = request_bundle(
        client, two_centres.manager_a, two_centres.centre_a, django_capture_on_commit_callbacks
    )
    archive = bundle_entries(client, bundle)
    [name] = archive.namelist()
    assert "/" not in name and "\\" not in name and ".." not in name
    assert name.endswith(f" {certificate.code}.pdf") and "home manager" in name
    assert archive.read(name)[:5] == b"%PDF-"


def test_a_bundle_renders_a_missing_stored_pdf_again(client, two_centres, django_capture_on_commit_callbacks):
    lost = ready_certificate(
        two_centres.teacher_a,
        django_capture_on_commit_callbacks,
        "c:1",
        achievement=COURSE,
        centre=two_centres.centre_a,
    )
    kept = ready_certificate(
        two_centres.trainer_a,
        django_capture_on_commit_callbacks,
        "c:1",
        achievement=COURSE,
        centre=two_centres.centre_a,
    )
    default_storage.delete(lost.pdf.name)  # the file is gone (cleanup, restore from a backup, ...)
    _response, bundle = request_bundle(
        client, two_centres.manager_a, two_centres.centre_a, django_capture_on_commit_callbacks
    )
    assert (bundle.status, bundle.total, bundle.done) == ("ready", 2, 2)
    archive = bundle_entries(client, bundle)
    assert sorted(name.rsplit(" ", 1)[1] for name in archive.namelist()) == sorted(
        f"{c.code}.pdf" for c in (lost, kept)
    )
    assert all(archive.read(name)[:5] == b"%PDF-" for name in archive.namelist())


def test_a_bundle_is_not_found_once_the_requester_no_longer_manages_its_centre(
    client, two_centres, django_capture_on_commit_callbacks
):
    manager = two_centres.manager_a
    give(two_centres.teacher_a, "c:1", achievement=COURSE, centre=two_centres.centre_a)
    response, bundle = request_bundle(client, manager, two_centres.centre_a, django_capture_on_commit_callbacks)
    assert response.status_code == 302 and bundle.status == "ready"
    # Moved to centre B: still MANAGE_CERTIFICATES, but no longer over centre A.
    grant_role(manager, Role.CENTRE_MANAGER, centre=two_centres.centre_b)
    revoke_role(manager.role_assignments.get(centre=two_centres.centre_a))
    client.force_login(manager)
    assert client.get(response.url).status_code == 404
    assert client.get(response.url + "?download=1").status_code == 404
    # Holding MANAGE_CERTIFICATES nowhere at all is a plain 403, as on every staff page.
    for assignment in manager.role_assignments.all():
        revoke_role(assignment)
    assert client.get(response.url + "?download=1").status_code == 403


def test_a_centre_id_too_big_for_the_database_is_refused_with_a_message(client, two_centres):
    english(client).force_login(two_centres.manager_a)
    response = client.post(reverse("certificates:request_bundle"), {"centre": "9" * 30, "achievement": COURSE})
    assert response.status_code == 302 and response.url == reverse("certificates:manage")
    assert texts(response) == ["Choose a centre and a course or test."]
    assert not CertificateBundle.objects.exists()


# Evidence reports and the PDF renderer -----------------------------------------------------------


@pytest.mark.parametrize("expiry", [date(3, 6, 30), date(5, 12, 31), date(1, 1, 1)])
def test_a_licence_expiry_in_year_5_or_earlier_gives_no_licence_period(client, two_centres, expiry):
    teacher = two_centres.teacher_a
    profile = get_profile(teacher)
    profile.licence_expiry = expiry  # the profile form takes any date: a typo such as 0003-06-30
    profile.save()
    assert evidence.licence_period(profile) is None
    client.force_login(teacher)
    response = client.get(reverse("certificates:evidence"))
    assert response.status_code == 200 and response.context["licence"] is None
    client.force_login(two_centres.manager_a)
    response = client.get(reverse("certificates:evidence_of", args=[teacher.pk]))
    assert response.status_code == 200 and response.context["licence"] is None


def test_a_licence_expiry_in_year_6_still_has_a_period(two_centres):
    profile = get_profile(two_centres.teacher_a)
    profile.licence_expiry = date(6, 6, 30)
    assert evidence.licence_period(profile) == (date(1, 6, 30), date(6, 6, 30))


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


def test_template_preview_renders_without_its_missing_background_file(client, two_centres):
    from PIL import Image
    from wagtail.images import get_image_model

    buffer = io.BytesIO()
    Image.new("RGB", (30, 20), "white").save(buffer, "PNG")
    image = get_image_model().objects.create(title="bg", file=ImageFile(io.BytesIO(buffer.getvalue()), name="bg.png"))
    image.file.storage.delete(image.file.name)
    template = CertificateTemplate.objects.create(
        name="CM", centre=two_centres.centre_a, kind="course", background=image
    )
    client.force_login(two_centres.manager_a)
    response = client.get(reverse("certificates_template_preview", args=[template.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf" and response.content[:5] == b"%PDF-"
