"""Storing H5P packages: files in storage, libraries once, permissions, and failures that leave nothing."""

import pytest
from django.contrib.auth.models import Permission
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from fixtures import h5p_packages
from lms.core.errors import Refused
from media.h5p.store import StorageUnavailable, store_package
from media.models import H5PContent, H5PLibrary
from tests.media.h5p_builder import build

pytestmark = pytest.mark.django_db


@pytest.fixture
def installer(two_centres):
    user = two_centres.manager_a
    user.user_permissions.add(Permission.objects.get(codename="install_h5p_library"))
    return type(user).objects.get(pk=user.pk)


def test_a_package_is_stored_and_its_library_installed_once(installer):
    first = store_package(h5p_packages.build("english-greetings"), user=installer)
    assert default_storage.exists(f"{first.storage_prefix}/h5p.json")
    assert default_storage.exists(f"{first.storage_prefix}/content/content.json")
    library = H5PLibrary.objects.get()
    assert str(library) == "HCEC.QuickCheck 1.0.0"
    assert default_storage.exists(f"{library.storage_prefix}/quick-check.js")
    second = store_package(h5p_packages.build("digital-safety"), user=installer)
    assert H5PLibrary.objects.count() == 1
    assert list(second.libraries.all()) == [library] and first.title == "แบบฝึก: การทักทายนักเรียน"


def test_new_library_code_needs_the_install_permission(two_centres, installer):
    trainer = two_centres.trainer_a
    with translation.override("en"), pytest.raises(Refused) as refused:
        store_package(h5p_packages.build("english-greetings"), user=trainer)
    assert "HCEC.QuickCheck 1.0.0" in str(refused.value) and not H5PContent.objects.exists()
    # Once the library is installed, trainers may upload content that uses it.
    store_package(h5p_packages.build("english-greetings"), user=installer)
    assert store_package(h5p_packages.build("digital-safety"), user=trainer).uploaded_by == trainer


def test_a_refused_package_leaves_nothing(installer, tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path)
    with pytest.raises(Refused):
        store_package(build({"h5p.json": "{}"}), user=installer)
    assert not H5PContent.objects.exists() and not list(tmp_path.rglob("*.*"))


def test_the_round_trip_through_a_real_s3_endpoint(s3_storage, installer):
    content = store_package(h5p_packages.build("english-greetings"), user=installer)
    with s3_storage.open(f"{content.storage_prefix}/content/content.json") as stored:
        assert "Good morning" in stored.read().decode()


def test_the_store_going_down_mid_upload_leaves_no_row(s3_down, installer):
    with pytest.raises(StorageUnavailable):
        store_package(h5p_packages.build("english-greetings"), user=installer)
    assert not H5PContent.objects.exists() and not H5PLibrary.objects.exists()


def test_upload_view_reports_every_problem_and_stores_good_packages(client, installer):
    client.force_login(installer)
    bad = SimpleUploadedFile("bad.h5p", build({"h5p.json": "{}", "content/evil.svg": "<svg/>"}).getvalue())
    response = client.post(reverse("h5p_upload"), {"file": bad})
    body = response.content.decode()
    assert response.status_code == 200 and "evil.svg" in body and "h5p.json" in body
    good = SimpleUploadedFile("good.h5p", h5p_packages.build("english-greetings").getvalue())
    response = client.post(reverse("h5p_upload"), {"file": good, "title": "ทักทาย"})
    assert response.status_code == 302 and H5PContent.objects.get().title == "ทักทาย"


def test_upload_view_is_refused_to_people_without_the_permission(client, two_centres):
    client.force_login(two_centres.teacher_a)
    assert client.get(reverse("h5p_upload")).status_code in (302, 403)
