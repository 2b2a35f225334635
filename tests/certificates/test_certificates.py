"""Certificates: issued once per achievement, codes, signatures, revocation, expiry, the PDF, templates."""

import base64
import io
import logging
import re
import shutil
import subprocess
import unicodedata
from collections import Counter
from datetime import date, timedelta

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.contrib.messages import get_messages
from django.core.files.images import ImageFile
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from PIL import Image
from wagtail.images import get_image_model

from lms.certificates import codes, pdf, services, signing
from lms.certificates.models import AchievementKind, Certificate, CertificateTemplate
from lms.exams.services.answers import save_answers, submit_attempt
from lms.exams.services.attempts import start_attempt
from lms.exams.services.bank import category_named, import_questions
from lms.learning import services as learning
from lms.learning.models import Enrolment
from tests import factories as f
from tests.concurrency import raised, run_together
from tests.exams.conftest import READING_B1, correct_answers, make_exam

pytestmark = pytest.mark.django_db


COURSE = "หลักสูตร A"


def give(user, key="course:1", **fields):
    defaults = {"kind": AchievementKind.COURSE, "key": key, "achievement": "ภาษาอังกฤษเพื่อการสื่อสาร", "detail": "12 ชั่วโมง"}
    return services.issue(user, **{**defaults, **fields})[0]


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


def verify_page(client, code):
    client.cookies["django_language"] = "en"
    return client.get(reverse("certificates:verify", args=[code]))


def test_codes_are_long_random_grouped_and_forgiving():
    assert codes.BITS >= 80
    made = [codes.new_code() for _ in range(3000)]
    assert len(set(made)) == len(made)
    pattern = re.compile(r"^([0-9ABCDEFGHJKMNPQRSTVWXYZ]{5}-){3}[0-9ABCDEFGHJKMNPQRSTVWXYZ]{5}$")
    assert all(pattern.match(code) for code in made)
    # Every symbol turns up about as often as every other: 3000 codes x 20 symbols / 32 = 1875 each.
    counts = Counter("".join(made).replace("-", ""))
    assert len(counts) == 32 and min(counts.values()) > 1600 and max(counts.values()) < 2150
    code = made[0]
    typed = code.lower().replace("-", " ").replace("0", "o").replace("1", "l")
    assert codes.normalise(typed) == code
    assert codes.normalise(code[:-1]) is None and codes.normalise(code[:-1] + "U") is None


def test_codes_follow_no_sequence(two_centres):
    # Twenty codes issued one after the other: were they counters, they would share a prefix and sort in
    # the order of issue (by chance, 1 in 20! for random codes).
    issued = [give(two_centres.teacher_a, f"k:{n}").code for n in range(20)]
    assert len({code[:5] for code in issued}) == 20
    assert issued != sorted(issued)


def test_issuing_twice_gives_the_same_certificate(two_centres):
    first = give(two_centres.teacher_a)
    again, created = services.issue(two_centres.teacher_a, kind="course", key="course:1", achievement="x")
    assert again.pk == first.pk and not created
    assert Certificate.objects.count() == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="parallel writers need PostgreSQL")
def test_parallel_issuing_gives_one_certificate():
    teacher = f.person("parallel_holder")
    codes_seen = run_together(lambda _: give(teacher, "course:77").code, range(12))
    assert not raised(codes_seen) and len(set(codes_seen)) == 1
    assert Certificate.objects.filter(user=teacher).count() == 1


def test_completing_a_course_issues_its_certificate_once(two_centres, django_capture_on_commit_callbacks):
    course = f.course_tree(two_centres.centre_a, lessons=2, hours="12")
    enrolment = learning.enrol(two_centres.teacher_a, course).enrolment
    with django_capture_on_commit_callbacks(execute=True):
        for lesson in course.lessons:
            learning.complete_lesson(enrolment, lesson, course)
        learning.evaluate_completion(enrolment, course)
    certificate = Certificate.objects.get()
    assert (certificate.user, certificate.kind, certificate.centre) == (
        two_centres.teacher_a,
        "course",
        two_centres.centre_a,
    )
    assert certificate.achievement == course.title and certificate.detail == "12 ชั่วโมง"
    assert certificate.recipient_name == two_centres.teacher_a.full_name_th
    assert services.is_authentic(certificate)
    assert certificate.pdf_status == "ready" and certificate.pdf.read()[:5] == b"%PDF-"


def test_a_level_reached_in_a_test_that_issues_certificates(two_centres, django_capture_on_commit_callbacks):
    category = category_named("Bank", centre=two_centres.centre_a)
    import_questions(category, "r.gift", READING_B1, skill="reading", level="B1")
    exam = make_exam(category, rules=[("reading", "B1", 2)], centre=two_centres.centre_a, issues_certificates=True)
    with django_capture_on_commit_callbacks(execute=True):
        attempt = start_attempt(exam, two_centres.teacher_a)
        save_answers(attempt.pk, attempt.user, correct_answers(attempt))
        submit_attempt(attempt)
    certificate = Certificate.objects.get()
    assert certificate.kind == "exam" and certificate.detail == "ระดับ C2"
    assert certificate.achievement_key == f"exam:{exam.pk}:C2"


def attempt_with_every_answer_right(two_centres):
    category = category_named("Bank", centre=two_centres.centre_a)
    import_questions(category, "r.gift", READING_B1, skill="reading", level="B1")
    exam = make_exam(category, rules=[("reading", "B1", 2)], centre=two_centres.centre_a, issues_certificates=True)
    attempt = start_attempt(exam, two_centres.teacher_a)
    save_answers(attempt.pk, attempt.user, correct_answers(attempt))
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

    attempt = submit_attempt(attempt_with_every_answer_right(two_centres))
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


def test_rotating_the_key_keeps_older_certificates_valid(two_centres, settings):
    old = give(two_centres.teacher_a, "k:old")
    retired = {settings.CERTIFICATE_KEY_ID: signing.public_key_b64()}
    settings.CERTIFICATE_SIGNING_KEY = base64.b64encode(Ed25519PrivateKey.generate().private_bytes_raw()).decode()
    settings.CERTIFICATE_KEY_ID = "hcec-2"
    settings.CERTIFICATE_RETIRED_PUBLIC_KEYS = retired
    new = give(two_centres.teacher_a, "k:new")
    assert new.key_id == "hcec-2" and old.key_id != "hcec-2"
    assert services.is_authentic(old) and services.is_authentic(new)


def test_staff_revoke_with_a_reason_and_the_page_says_so(client, two_centres):
    certificate = give(two_centres.teacher_a, centre=two_centres.centre_a)
    url = reverse("certificates:revoke", args=[certificate.code])
    client.force_login(two_centres.teacher_a)
    assert client.post(url, {"reason": "x"}).status_code == 403
    client.force_login(two_centres.manager_b)
    assert client.post(url, {"reason": "x"}).status_code == 404
    client.force_login(two_centres.manager_a)
    client.cookies["django_language"] = "en"
    response = client.post(url, {"reason": "  "}, follow=True)
    assert "Say why the certificate is revoked" in response.content.decode()
    client.post(url, {"reason": "ออกให้ผิดคน"})
    certificate.refresh_from_db()
    assert certificate.status() == "revoked" and certificate.revoked_by == two_centres.manager_a
    assert certificate.revoked_reason == "ออกให้ผิดคน"
    page = verify_page(client, certificate.code).content.decode()
    assert "Revoked" in page and "ออกให้ผิดคน" not in page
    assert client.get(reverse("certificates:verify_json", args=[certificate.code])).json()["status"] == "revoked"


def test_certificates_expire_when_their_template_says(client, two_centres):
    CertificateTemplate.objects.create(name="CM", centre=two_centres.centre_a, kind="course", valid_months=12)
    certificate = give(two_centres.teacher_a, centre=two_centres.centre_a, on=date(2024, 2, 29))
    assert certificate.expires_on == date(2025, 2, 28)
    assert certificate.status(today=date(2025, 2, 28)) == "valid"
    assert certificate.status() == "expired"
    assert "Expired" in verify_page(client, certificate.code).content.decode()
    assert give(two_centres.teacher_b, centre=two_centres.centre_b).expires_on is None


@pytest.mark.skipif(
    not shutil.which("pdftoppm") or not shutil.which("zbarimg"), reason="needs poppler-utils and zbar-tools"
)
def test_the_pdf_is_thai_with_the_font_embedded_and_a_qr_code_of_the_verification_url(two_centres, tmp_path, settings):
    settings.SITE_URL = "https://hcec.example"
    teacher = two_centres.teacher_a
    teacher.title, teacher.first_name, teacher.last_name = "นางสาว", "ปั้นน้ำ", "ฐิติญาณ"
    teacher.save()
    certificate = give(teacher, on=date(2026, 11, 20))
    path = tmp_path / "c.pdf"
    path.write_bytes(pdf.render(certificate))
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True).stdout
    assert "SarabunThai" in fonts and "SarabunLatin" in fonts
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
    # Sara am comes out as nikhahit + sara aa, its compatibility decomposition: read it back as ำ.
    assert unicodedata.normalize("NFKD", "ำ") == "\u0e4d\u0e32"
    text = text.replace("\u0e4d\u0e32", "ำ")
    assert "นางสาวปั้นน้ำ ฐิติญาณ" in text and "20 พฤศจิกายน 2569" in text and certificate.code in text
    assert "สำนักงานคณะกรรมการการศึกษาขั้นพื้นฐาน" in text
    subprocess.run(["pdftoppm", "-r", "150", "-png", "-singlefile", str(path), str(tmp_path / "c")], check=True)
    decoded = subprocess.run(["zbarimg", "--quiet", "--raw", str(tmp_path / "c.png")], capture_output=True, text=True)
    assert decoded.stdout.strip() == f"https://hcec.example/verify/{certificate.code}/"


def test_issue_dates_default_to_today(two_centres):
    assert give(two_centres.teacher_a).issued_on == timezone.localdate()
    assert (
        give(two_centres.teacher_a, "k:3", on=timezone.localdate() - timedelta(days=3)).issued_on < timezone.localdate()
    )


def test_a_manager_edits_their_centres_template_and_previews_it_as_pdf(client, two_centres):
    template = CertificateTemplate.objects.create(name="CM", centre=two_centres.centre_a, kind="course")
    other = CertificateTemplate.objects.create(name="KK", centre=two_centres.centre_b, kind="course")
    client.force_login(two_centres.manager_a)
    edit = client.get(reverse("wagtailsnippets_certificates_certificatetemplate:edit", args=[template.pk]))
    assert (
        edit.status_code == 200
        and reverse("certificates_template_preview", args=[template.pk]) in edit.content.decode()
    )
    response = client.get(reverse("certificates_template_preview", args=[template.pk]))
    assert response["Content-Type"] == "application/pdf" and response.content[:5] == b"%PDF-"
    assert client.get(reverse("certificates_template_preview", args=[other.pk])).status_code == 404
    edit_other = reverse("wagtailsnippets_certificates_certificatetemplate:edit", args=[other.pk])
    assert client.get(edit_other).status_code == 404


def test_template_preview_renders_without_its_missing_background_file(client, two_centres):
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
