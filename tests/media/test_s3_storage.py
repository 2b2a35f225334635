"""Media storage against a real S3 HTTP endpoint: uploads, presigned downloads, and an endpoint that is down."""

import hashlib
import os
import urllib.error
import urllib.request

import pytest
from django.core.files.base import ContentFile, File
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lms.core.storage import STORAGE_ERRORS, check_storage
from lms.org.models import ImportJob

pytestmark = pytest.mark.django_db


def test_a_multi_megabyte_upload_round_trips_through_s3(s3_storage, tmp_path):
    payload = os.urandom(9 * 1024 * 1024)  # above the multipart threshold (8 MB)
    source = tmp_path / "lesson-video.mp4"
    source.write_bytes(payload)
    with source.open("rb") as handle:
        name = s3_storage.save("lessons/lesson-video.mp4", File(handle))
    assert s3_storage.exists(name) and s3_storage.size(name) == len(payload)
    with s3_storage.open(name, "rb") as stored:
        assert hashlib.sha256(stored.read()).digest() == hashlib.sha256(payload).digest()


def test_a_presigned_url_downloads_the_file_and_a_bare_url_does_not(s3_storage):
    name = s3_storage.save("private/notes.txt", ContentFile("บันทึกของครู".encode()))
    url = s3_storage.url(name)
    assert "X-Amz-Signature=" in url and "X-Amz-Expires=60" in url
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - our own test endpoint
        assert response.read().decode() == "บันทึกของครู"
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(url.split("?")[0], timeout=10)  # noqa: S310
    assert refused.value.code == 403


def test_health_check_sees_the_bucket(s3_storage):
    assert check_storage(s3_storage) == "S3Storage"


def test_health_is_503_when_the_object_store_is_down(client, s3_down):
    response = client.get("/healthz")
    assert response.status_code == 503 and response.json()["checks"]["storage"]["ok"] is False


def test_an_upload_while_the_store_is_down_is_refused_clearly_and_saves_nothing(client, s3_down, two_centres):
    with pytest.raises(STORAGE_ERRORS):
        s3_down.save("x.txt", ContentFile(b"x"))
    client.force_login(two_centres.obec)
    upload = SimpleUploadedFile(
        "areas.csv", b"code,name_th,kind,province_code\nA,B,primary,50\n", content_type="text/csv"
    )
    response = client.post(reverse("org_import"), {"kind": "areas", "file": upload})
    assert response.status_code == 200
    assert "ยังไม่ได้บันทึกข้อมูลใด ๆ" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_uploads_go_to_the_bucket_when_it_is_configured(
    client, s3_storage, two_centres, django_capture_on_commit_callbacks
):
    client.force_login(two_centres.obec)
    upload = SimpleUploadedFile(
        "areas.csv", b"code,name_th,kind,province_code\nA1,B,primary,50\n", content_type="text/csv"
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("org_import"), {"kind": "areas", "file": upload})
    job = ImportJob.objects.get()
    assert s3_storage.exists(job.file.name) and job.status == "done"
