"""Downloading a certificate's PDF: the holder and the staff who keep it, revoked ones, PDFs being prepared
or lost, and stored files never served as media."""

import importlib

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import clear_url_caches, reverse

from lms.certificates import services
from lms.certificates.models import CertificateBundle
from tests.certificates.test_certificates import english, give, ready_certificate

pytestmark = pytest.mark.django_db


REVOKED_MESSAGE = "This certificate has been revoked, so it can no longer be downloaded."


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
        page = response.content.decode()
        # The themed page, with the reason and a way back, not a bare line of text.
        assert REVOKED_MESSAGE in page and 'class="site-header"' in page and "No longer available" in page
        assert 'href="/certificates/">My certificates</a>' in page


def test_my_certificates_offers_no_download_of_a_revoked_one_but_says_why_and_what_next(client, two_centres):
    kept = give(two_centres.teacher_a, key="course:1", centre=two_centres.centre_a)
    revoked = give(two_centres.teacher_a, key="course:2", centre=two_centres.centre_a)
    services.revoke(revoked, by=two_centres.manager_a, reason="ชื่อสะกดผิด")
    client.force_login(two_centres.teacher_a)
    page = english(client).get(reverse("certificates:mine")).content.decode()
    assert reverse("certificates:download", args=[kept.code]) in page
    assert reverse("certificates:download", args=[revoked.code]) not in page
    assert "Reason: ชื่อสะกดผิด" in page
    assert "the corrected certificate appears here" in page


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
    assert bundle.status == "done"
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
