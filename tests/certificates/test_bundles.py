"""ZIP bundles of a centre's certificates for one achievement, built in the background for staff."""

import io
import zipfile

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse

from lms.certificates import services
from lms.certificates.models import CertificateBundle
from lms.people.models import Role
from lms.people.services import grant_role, revoke_role
from tests.certificates.test_certificates import COURSE, english, give, ready_certificate, texts

pytestmark = pytest.mark.django_db


def test_staff_download_a_centres_certificates_for_a_course_as_one_zip(
    client, two_centres, django_capture_on_commit_callbacks
):
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
    assert (bundle.status, bundle.total, bundle.done) == ("done", 2, 2)
    download = client.get(response.url + "?download=1")
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    assert sorted(name.rsplit(" ", 1)[1] for name in archive.namelist()) == sorted(f"{c.code}.pdf" for c in mine)
    assert all(archive.read(name)[:5] == b"%PDF-" for name in archive.namelist())
    client.force_login(two_centres.manager_b)
    assert client.get(response.url).status_code == 404


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
    assert (bundle.status, bundle.total, bundle.done) == ("done", 2, 2)
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
    assert response.status_code == 302 and bundle.status == "done"
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
