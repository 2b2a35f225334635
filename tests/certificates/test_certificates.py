"""Certificates: issued once per achievement, codes, signatures, verification, revocation, expiry, PDF."""

import base64
import json
import re
import shutil
import subprocess
import unicodedata
from collections import Counter
from datetime import date, timedelta

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from lms.certificates import codes, pdf, services, signing
from lms.certificates.models import AchievementKind, Certificate, CertificateTemplate
from lms.learning import services as learning
from tests import factories as f
from tests.concurrency import raised, run_together

pytestmark = pytest.mark.django_db


def give(user, key="course:1", **fields):
    defaults = {"kind": AchievementKind.COURSE, "key": key, "achievement": "ภาษาอังกฤษเพื่อการสื่อสาร", "detail": "12 ชั่วโมง"}
    return services.issue(user, **{**defaults, **fields})[0]


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
    from lms.exams import services as exams
    from tests.exams.conftest import READING_B1, correct_answers, make_exam

    category = exams.category_named("Bank", centre=two_centres.centre_a)
    exams.import_questions(category, "r.gift", READING_B1, skill="reading", level="B1")
    exam = make_exam(category, rules=[("reading", "B1", 2)], centre=two_centres.centre_a, issues_certificates=True)
    with django_capture_on_commit_callbacks(execute=True):
        attempt = exams.start_attempt(exam, two_centres.teacher_a)
        exams.save_answers(attempt.pk, attempt.user, correct_answers(attempt))
        exams.submit_attempt(attempt)
    certificate = Certificate.objects.get()
    assert certificate.kind == "exam" and certificate.detail == "ระดับ C2"
    assert certificate.achievement_key == f"exam:{exam.pk}:C2"


def verify_page(client, code):
    client.cookies["django_language"] = "en"
    return client.get(reverse("certificates:verify", args=[code]))


def test_the_public_page_shows_a_valid_certificate_without_the_citizen_id(client, two_centres):
    teacher = two_centres.teacher_a
    certificate = give(teacher)
    page = verify_page(client, certificate.code).content.decode()
    assert "Valid" in page and certificate.recipient_name in page and "ภาษาอังกฤษเพื่อการสื่อสาร" in page
    dated = give(teacher, "k:2", on=date(2026, 11, 20))
    assert (
        "20 พฤศจิกายน 2569"
        in client.get(reverse("certificates:verify", args=[dated.code]), HTTP_COOKIE="").content.decode()
    )
    data = client.get(reverse("certificates:verify_json", args=[certificate.code])).content.decode()
    for leak in (teacher.citizen_id, teacher.email):
        assert leak not in page and leak not in data
    assert teacher.citizen_id[:5] not in page.replace(certificate.code, "")


def test_an_unknown_code_is_a_plain_not_found(client):
    response = verify_page(client, "00000-00000-00000-00000")
    assert response.status_code == 404 and "No certificate has this code." in response.content.decode()
    assert client.get(reverse("certificates:verify_json", args=["nonsense"])).json() == {"status": "not_found"}


def test_guessing_codes_is_rate_limited(client, settings):
    from django.core.cache import cache

    cache.clear()
    settings.CERTIFICATE_VERIFY_PER_MINUTE = 5
    statuses = [verify_page(client, codes.new_code()).status_code for _ in range(7)]
    assert statuses == [404] * 5 + [429] * 2
    cache.clear()


def test_anyone_can_check_the_signature_from_the_json_alone(client, two_centres):
    certificate = give(two_centres.teacher_a)
    data = client.get(reverse("certificates:verify_json", args=[certificate.code])).json()
    assert data["status"] == "valid"
    signed = json.dumps(data["certificate"], sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    key = Ed25519PublicKey.from_public_bytes(base64.b64decode(data["signature"]["public_key"]))
    key.verify(base64.b64decode(data["signature"]["value"]), signed)
    keys = client.get(reverse("certificates:keys")).json()["keys"]
    assert keys[data["signature"]["key_id"]] == data["signature"]["public_key"]


def test_a_tampered_record_is_detected(client, two_centres):
    certificate = give(two_centres.teacher_a)
    Certificate.objects.filter(pk=certificate.pk).update(achievement="หลักสูตรที่ไม่เคยเรียน")
    certificate.refresh_from_db()
    assert not services.is_authentic(certificate)
    assert "does not match its signature" in verify_page(client, certificate.code).content.decode()
    forged = certificate.content() | {"name": "คนอื่น"}
    assert not signing.verify(forged, certificate.signature, certificate.key_id)
    assert not signing.verify(certificate.content(), certificate.signature[:-4] + "AAA=", certificate.key_id)
    assert not signing.verify(certificate.content(), certificate.signature, "unknown-key")


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


def test_holders_and_their_centre_download_others_do_not(client, two_centres, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        certificate = give(two_centres.teacher_a, centre=two_centres.centre_a)
    url = reverse("certificates:download", args=[certificate.code])
    for user, status in [(two_centres.teacher_a, 200), (two_centres.manager_a, 200), (two_centres.teacher_b, 404)]:
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == status
        if status == 200:
            assert b"".join(response.streaming_content)[:5] == b"%PDF-"


def test_a_pdf_not_ready_shows_progress(client, two_centres):
    certificate = give(two_centres.teacher_a)
    client.force_login(two_centres.teacher_a)
    client.cookies["django_language"] = "en"
    page = client.get(reverse("certificates:download", args=[certificate.code])).content.decode()
    assert "being prepared" in page and 'http-equiv="refresh"' in page


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


def test_staff_download_a_centres_certificates_for_a_course_as_one_zip(
    client, two_centres, django_capture_on_commit_callbacks
):
    import io
    import zipfile

    from lms.certificates.models import CertificateBundle

    course = {"achievement": "หลักสูตร A", "centre": two_centres.centre_a}
    mine = [give(two_centres.teacher_a, "c:1", **course), give(two_centres.manager_a, "c:1", **course)]
    services.revoke(give(two_centres.trainer_a, "c:1", **course), by=two_centres.manager_a, reason="ผิดคน")
    give(two_centres.teacher_b, "c:1", achievement="หลักสูตร A", centre=two_centres.centre_b)
    url = reverse("certificates:request_bundle")
    client.force_login(two_centres.teacher_a)
    assert client.post(url, {"centre": two_centres.centre_a.pk, "achievement": "หลักสูตร A"}).status_code == 403
    client.force_login(two_centres.manager_a)
    client.post(url, {"centre": two_centres.centre_b.pk, "achievement": "หลักสูตร A"})
    assert not CertificateBundle.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"centre": two_centres.centre_a.pk, "achievement": "หลักสูตร A"})
    bundle = CertificateBundle.objects.get()
    assert response.url == reverse("certificates:bundle", args=[bundle.pk])
    assert (bundle.status, bundle.total, bundle.done) == ("ready", 2, 2)
    download = client.get(response.url + "?download=1")
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    assert sorted(name.rsplit(" ", 1)[1] for name in archive.namelist()) == sorted(f"{c.code}.pdf" for c in mine)
    assert all(archive.read(name)[:5] == b"%PDF-" for name in archive.namelist())
    client.force_login(two_centres.manager_b)
    assert client.get(response.url).status_code == 404
