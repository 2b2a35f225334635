"""Editor uploads (drafts claimed by a post, counted against the posting rate), attachments on a real S3
endpoint, and the notices list and their e-mail subjects."""

from datetime import timedelta

import pytest
import requests
from django.core import mail
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from lms.notifications.models import Notification
from lms.notifications.services import notify
from plc.models import Attachment, Post
from plc.tasks import purge_draft_attachments
from tests.plc.conftest import login, post_reflection

pytestmark = pytest.mark.django_db


def test_the_editor_uploads_a_picture_and_the_post_claims_it(client, plc, tiny_png):
    login(client, plc.t.teacher_a)
    response = client.post(plc.open.url + "files/", {"file": tiny_png()})
    assert response.status_code == 201
    data = response.json()
    draft = Attachment.objects.get(pk=data["id"])
    assert draft.post is None and data["is_image"]
    # Before posting, only the uploader sees the draft.
    assert client.get(data["url"]).status_code == 200
    login(client, plc.t.trainer_a)
    assert client.get(data["url"]).status_code == 404
    login(client, plc.t.teacher_a)
    post_reflection(client, plc.open, f'<p>ดูรูป</p><p><img src="{data["url"]}" alt="x"></p>', drafts=str(draft.pk))
    post = Post.objects.get()
    draft.refresh_from_db()
    assert draft.post == post and f'src="{data["url"]}"' in post.body
    login(client, plc.t.trainer_a)
    assert client.get(data["url"]).status_code == 200


def test_a_post_cannot_claim_someone_elses_upload(client, plc, tiny_png):
    login(client, plc.t.trainer_a)
    other = client.post(plc.open.url + "files/", {"file": tiny_png()}).json()["id"]
    login(client, plc.t.teacher_a)
    post_reflection(client, plc.open, "<p>ขโมย</p>", drafts=str(other))
    assert Attachment.objects.get(pk=other).post is None


def test_uploads_are_for_members_and_checked(client, plc):
    login(client, plc.t.teacher_b)
    assert client.post(plc.open.url + "files/", {"file": SimpleUploadedFile("a.png", b"x")}).status_code == 403
    login(client, plc.t.teacher_a)
    client.cookies["django_language"] = "en"
    response = client.post(plc.open.url + "files/", {"file": SimpleUploadedFile("a.png", b"<html>")})
    assert response.status_code == 400 and "not a picture" in response.json()["error"]
    assert client.post(plc.open.url + "files/").status_code == 400
    assert not Attachment.objects.exists()


def test_attachments_live_on_s3_and_are_handed_out_by_presigned_redirect(client, plc, tiny_png, s3_storage):
    login(client, plc.t.teacher_a)
    post_reflection(client, plc.open, "<p>เก็บบน S3</p>", files=tiny_png("แผนการสอน.png"))
    attachment = Attachment.objects.get()
    assert s3_storage.exists(attachment.file.name)
    response = client.get(f"{plc.open.url}files/{attachment.pk}/")
    assert response.status_code == 302
    fetched = requests.get(response["Location"], timeout=10)
    assert fetched.status_code == 200 and fetched.content[:8] == b"\x89PNG\r\n\x1a\n"
    # The object itself is not public.
    bare = response["Location"].split("?")[0]
    assert requests.get(bare, timeout=10).status_code == 403


def test_a_store_that_is_down_gives_a_message_and_saves_nothing(client, plc, tiny_png, s3_down):
    login(client, plc.t.teacher_a)
    client.cookies["django_language"] = "en"
    response = post_reflection(client, plc.open, "<p>ไฟล์หาย</p>", files=tiny_png())
    assert response.status_code == 400
    assert "The file store is not answering" in response.content.decode()
    assert not Post.objects.exists() and not Attachment.objects.exists()


def test_notices_are_private_and_open_only_local_links(client, two_centres):
    t = two_centres
    notify([t.teacher_a], message="สวัสดี", url="/plc/")
    notify([t.teacher_a], message="ลิงก์ภายนอก", url="https://evil.example/")
    mine = Notification.objects.get(message="สวัสดี")
    login(client, t.teacher_b)
    assert client.post(f"/notifications/{mine.pk}/open/").status_code == 404
    assert "สวัสดี" not in client.get("/notifications/").content.decode()
    login(client, t.teacher_a)
    assert 'class="badge"' in client.get("/my-learning/").content.decode()
    response = client.post(f"/notifications/{mine.pk}/open/")
    assert response["Location"] == "/plc/"
    mine.refresh_from_db()
    assert mine.read_at is not None
    outside = Notification.objects.get(message="ลิงก์ภายนอก")
    assert client.post(f"/notifications/{outside.pk}/open/")["Location"] == "/notifications/"
    client.post("/notifications/read/")
    assert not Notification.objects.filter(recipient=t.teacher_a, read_at__isnull=True).exists()


def test_nobody_is_notified_of_their_own_act(two_centres):
    assert notify([two_centres.teacher_a], message="x", actor=two_centres.teacher_a) == []


def test_pictures_never_posted_are_purged_after_a_day(client, plc, tiny_png):
    login(client, plc.t.teacher_a)
    fresh = client.post(plc.open.url + "files/", {"file": tiny_png()}).json()["id"]
    stale = client.post(plc.open.url + "files/", {"file": tiny_png()}).json()["id"]
    post_reflection(client, plc.open, "<p>ใช้แล้ว</p>", files=tiny_png())
    Attachment.objects.filter(pk=stale).update(created_at=timezone.now() - timedelta(days=2))
    Attachment.objects.filter(post__isnull=False).update(created_at=timezone.now() - timedelta(days=2))
    stale_name = Attachment.objects.get(pk=stale).file.name
    assert purge_draft_attachments.delay().get() == 1
    assert set(Attachment.objects.values_list("pk", flat=True)) == {
        fresh,
        Attachment.objects.get(post__isnull=False).pk,
    }
    assert not default_storage.exists(stale_name)


def test_editor_uploads_count_against_the_rate_limit(client, plc, settings, tiny_png):
    settings.PLC_POSTS_PER_MINUTE = 2
    login(client, plc.t.teacher_a)
    codes = [client.post(plc.open.url + "files/", {"file": tiny_png()}).status_code for _ in range(4)]
    assert codes == [201, 201, 429, 429]


def test_email_subjects_are_plain_text_on_one_line(two_centres, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        notify([two_centres.teacher_a], message="O'Brien & <Co>\nตอบกลับ")
    assert mail.outbox[0].subject.endswith("O'Brien & <Co> ตอบกลับ")
