"""Posting: hostile HTML from raw POSTs and in the edit form, bad input (odd ids too) with clear messages,
idempotent and rate-limited posting, edit window and deletion, replies (none into a hidden or deleted
thread, very deep threads), mentions and notifications, best practices from reflections, and what one
post costs."""

import re
import uuid
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from lms.core.errors import Refused
from lms.notifications.models import Notification
from plc.models import Attachment, Membership, Post, PracticePage
from plc.services import moderation, posting
from tests.plc.conftest import login, make_post, post_reflection

pytestmark = pytest.mark.django_db

# What a client can send when it skips the editor; none of it may reach a reader.
HOSTILE = [
    "<script>alert(1)</script>ข้อความ",
    '<img src="x" onerror="alert(1)">',
    '<a href="javascript:alert(1)">คลิก</a>',
    '<a href="JaVaScRiPt:alert(1)">คลิก</a>',
    '<a href="&#106;avascript:alert(1)">คลิก</a>',
    '<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">',
    '<a href="data:text/html,<script>alert(1)</script>">ลิงก์</a>',
    '<p style="background:url(javascript:alert(1))">สไตล์</p>',
    "<style>body{display:none}</style>ข้อความ",
    '<iframe src="https://evil.example/"></iframe>ข้อความ',
    '<svg onload="alert(1)"><circle r="10"></circle></svg>ข้อความ',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>",
    '<form action="https://evil.example/"><input name="password"></form>ข้อความ',
    '<object data="evil.swf"></object><embed src="evil.swf">ข้อความ',
    '<p onclick="alert(1)" onmouseover="alert(2)">ข้อความ</p>',
    '<base href="https://evil.example/">ข้อความ',
    '<meta http-equiv="refresh" content="0;url=https://evil.example/">ข้อความ',
    '<div><noscript><p title="</noscript><img src=x onerror=alert(1)>">ข้อความ</p></noscript></div>',
    "<<script>script>alert(1)<</script>/script>",
    '<a href="https://ok.example/" target="_blank">ลิงก์ดี</a>',
]
FORBIDDEN = [
    "<script",
    "onerror",
    "onload",
    "onclick",
    "onmouseover",
    "javascript:",
    "data:",
    "style",
    "<iframe",
    "<svg",
    "<form",
    "<input",
    "<object",
    "<embed",
    "<base",
    "<meta",
    "<noscript",
    "target=",
]


def _bodies(page):
    """The rendered post bodies of a page (the policy allows no <div>, so the first </div> ends one)."""
    bodies = re.findall(r'<div class="prose post__body">(.*?)</div>', page, re.S)
    assert bodies
    return "".join(bodies)


def _assert_clean(html):
    lowered = html.lower()
    for needle in FORBIDDEN:
        assert needle not in lowered, (needle, html)


@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_html_from_a_raw_post_is_cleaned_before_it_is_stored(client, plc, hostile):
    login(client, plc.t.teacher_a)
    response = post_reflection(client, plc.open, hostile)
    if response.status_code == 400:
        # Nothing readable was left: refused as empty, nothing stored.
        assert not Post.objects.exists()
        return
    assert response.status_code == 302
    post = Post.objects.get()
    _assert_clean(post.body)
    _assert_clean(_bodies(client.get(f"{plc.open.url}posts/{post.pk}/").content.decode()))


def test_hostile_html_already_in_the_database_is_cleaned_again_on_the_way_out(client, plc):
    # As if written by an older policy or a direct import: the page still shows no script.
    post = Post.objects.create(
        space=plc.open,
        author=plc.t.teacher_a,
        stage="plan",
        body='<p>ดี</p><script>alert("x")</script><img src=x onerror=alert(1)>',
    )
    login(client, plc.t.teacher_a)
    for url in (plc.open.url, f"{plc.open.url}posts/{post.pk}/"):
        bodies = _bodies(client.get(url).content.decode())
        assert "<p>ดี</p>" in bodies
        _assert_clean(bodies)


def test_replies_and_edits_are_cleaned_too(client, plc):
    reflection, _ = posting.create_post(
        plc.open, plc.t.teacher_a, body="<p>ก</p>", stage="plan", submission_key=uuid.uuid4()
    )
    login(client, plc.t.teacher_a)
    post_reflection(client, plc.open, '<a href="javascript:alert(1)">ตอบ</a><script>x</script>', parent=reflection.pk)
    reply = Post.objects.get(thread=reflection)
    _assert_clean(reply.body)
    client.post(
        f"{plc.open.url}posts/{reflection.pk}/edit/",
        {"body": '<p onclick="x()">แก้</p><iframe></iframe>', "stage": "plan"},
    )
    reflection.refresh_from_db()
    assert reflection.body == "<p>แก้</p>"


def test_plain_text_keeps_its_paragraphs(client, plc):
    login(client, plc.t.teacher_a)
    post_reflection(client, plc.open, "บรรทัดแรก\n\nย่อหน้าที่สอง <ไม่ใช่แท็ก")
    body = Post.objects.get().body
    assert body.startswith("<p>บรรทัดแรก</p>")


@pytest.mark.parametrize("body", ["", "   ", "<p> </p>", "<p><br></p>", "<script>only script</script>"])
def test_an_empty_post_is_refused_with_a_message_and_nothing_is_lost(client, plc, body):
    login(client, plc.t.teacher_a)
    client.cookies["django_language"] = "en"
    response = post_reflection(client, plc.open, body)
    assert response.status_code == 400
    assert (
        "Write something before you post." in response.content.decode()
        or "This field is required." in response.content.decode()
    )
    assert not Post.objects.exists()


def test_an_oversized_post_is_refused_and_the_text_is_kept(client, plc, settings):
    settings.PLC_POST_MAX_CHARS = 100
    login(client, plc.t.teacher_a)
    client.cookies["django_language"] = "en"
    text = "ก" * 150
    response = post_reflection(client, plc.open, f"<p>{text}</p>")
    assert response.status_code == 400
    page = response.content.decode()
    assert "the limit is 100" in page
    assert text in page  # the writer's text comes back in the form
    assert not Post.objects.exists()


def test_a_reflection_needs_a_stage(client, plc):
    login(client, plc.t.teacher_a)
    response = post_reflection(client, plc.open, "<p>ข้อความ</p>", stage="")
    assert response.status_code == 400
    assert not Post.objects.exists()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("tool.exe", b"MZ\x90\x00binary"),
        ("page.html", b"<script>alert(1)</script>"),
        ("drawing.svg", b'<svg onload="alert(1)"/>'),
        ("fake.png", b"<script>not a png</script>"),
        ("fake.pdf", b"<html>not a pdf</html>"),
        ("empty.pdf", b""),
    ],
)
def test_unsupported_or_disguised_attachments_are_refused(client, plc, name, content):
    from django.core.files.uploadedfile import SimpleUploadedFile

    login(client, plc.t.teacher_a)
    client.cookies["django_language"] = "en"
    response = post_reflection(client, plc.open, "<p>มีไฟล์แนบ</p>", files=SimpleUploadedFile(name, content))
    assert response.status_code == 400
    assert name in response.content.decode() or "The submitted file is empty." in response.content.decode()
    assert not Post.objects.exists() and not Attachment.objects.exists()


def test_too_large_attachments_and_too_many_are_refused(client, plc, settings, tiny_png):
    login(client, plc.t.teacher_a)
    settings.PLC_ATTACHMENT_MAX_BYTES = 50
    assert post_reflection(client, plc.open, "<p>ใหญ่</p>", files=tiny_png()).status_code == 400
    settings.PLC_ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024
    settings.PLC_ATTACHMENTS_PER_POST = 2
    files = [tiny_png(f"p{n}.png") for n in range(3)]
    assert post_reflection(client, plc.open, "<p>หลายไฟล์</p>", files=files).status_code == 400
    assert not Post.objects.exists() and not Attachment.objects.exists()


def test_the_same_post_sent_twice_is_posted_once(client, plc):
    login(client, plc.t.teacher_a)
    key = uuid.uuid4()
    first = post_reflection(client, plc.open, "<p>ครั้งเดียว</p>", key=key)
    second = post_reflection(client, plc.open, "<p>ครั้งเดียว</p>", key=key)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Post.objects.count() == 1
    # A different person with the same key is a different post.
    Membership.objects.create(space=plc.open, user=plc.t.teacher_a_unserved, status="member")
    login(client, plc.t.teacher_a_unserved)
    post_reflection(client, plc.open, "<p>อีกคน</p>", key=key)
    assert Post.objects.count() == 2


def test_a_replayed_post_within_a_race_still_gives_one_post(plc):
    """The unique (author, key) constraint is the last line: a second insert of the same key fails."""
    from django.db import IntegrityError, transaction

    key = uuid.uuid4()
    posting.create_post(plc.open, plc.t.teacher_a, body="<p>ก</p>", stage="plan", submission_key=key)
    with pytest.raises(IntegrityError), transaction.atomic():
        Post.objects.create(space=plc.open, author=plc.t.teacher_a, body="<p>ข</p>", submission_key=key)
    assert Post.objects.count() == 1


def test_posting_is_rate_limited_per_person(client, plc, settings):
    settings.PLC_POSTS_PER_MINUTE = 3
    login(client, plc.t.teacher_a)
    client.cookies["django_language"] = "en"
    for n in range(3):
        assert post_reflection(client, plc.open, f"<p>{n}</p>").status_code == 302
    response = post_reflection(client, plc.open, "<p>เร็วเกินไป</p>")
    assert response.status_code == 429
    assert "posting very quickly" in response.content.decode()
    assert "เร็วเกินไป" in response.content.decode()
    assert Post.objects.count() == 3
    Post.objects.update(created_at=timezone.now() - timedelta(minutes=2))
    assert post_reflection(client, plc.open, "<p>ต่อได้</p>").status_code == 302


def test_a_post_is_one_insert_and_no_page_write(client, plc):
    login(client, plc.t.teacher_a)
    with CaptureQueriesContext(connection) as queries:
        post_reflection(client, plc.open, "<p>เบา</p>")
    writes = [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))]
    assert len([w for w in writes if '"plc_post"' in w]) == 1
    assert not [w for w in writes if "wagtailcore" in w]


def test_editing_another_persons_post_is_refused(client, plc):
    post, _ = posting.create_post(
        plc.open, plc.t.trainer_a, body="<p>ของผู้อำนวยความสะดวก</p>", stage="plan", submission_key=uuid.uuid4()
    )
    login(client, plc.t.teacher_a)
    assert client.post(f"{plc.open.url}posts/{post.pk}/edit/", {"body": "<p>แก้</p>"}).status_code == 403
    client.post(f"{plc.open.url}posts/{post.pk}/delete/")
    post.refresh_from_db()
    assert post.body == "<p>ของผู้อำนวยความสะดวก</p>" and post.deleted_at is None


def test_own_posts_can_be_edited_only_within_the_window(client, plc, settings):
    post, _ = posting.create_post(
        plc.open, plc.t.teacher_a, body="<p>เดิม</p>", stage="plan", submission_key=uuid.uuid4()
    )
    login(client, plc.t.teacher_a)
    client.post(f"{plc.open.url}posts/{post.pk}/edit/", {"body": "<p>ใหม่</p>", "stage": "reflect"})
    post.refresh_from_db()
    assert (post.body, post.stage) == ("<p>ใหม่</p>", "reflect") and post.edited_at
    Post.objects.filter(pk=post.pk).update(
        created_at=timezone.now() - timedelta(minutes=settings.PLC_EDIT_WINDOW_MINUTES + 1)
    )
    client.post(f"{plc.open.url}posts/{post.pk}/edit/", {"body": "<p>สายไป</p>"})
    post.refresh_from_db()
    assert post.body == "<p>ใหม่</p>"


def test_deleting_a_reflection_keeps_the_replies_of_others(client, plc):
    post, _ = posting.create_post(
        plc.open, plc.t.teacher_a, body="<p>ลบฉัน</p>", stage="plan", submission_key=uuid.uuid4()
    )
    reply, _ = posting.create_post(
        plc.open, plc.t.trainer_a, body="<p>คำตอบ</p>", parent=post, submission_key=uuid.uuid4()
    )
    login(client, plc.t.teacher_a)
    client.post(f"{plc.open.url}posts/{post.pk}/delete/")
    post.refresh_from_db()
    assert post.deleted_at and post.body == ""
    assert Post.objects.filter(pk=reply.pk).exists()
    page = client.get(f"{plc.open.url}posts/{post.pk}/").content.decode()
    assert "คำตอบ" in page and "ลบฉัน" not in page


def test_replies_thread_and_notify_the_people_involved_on_the_site_and_by_email(
    client, plc, django_capture_on_commit_callbacks
):
    post, _ = posting.create_post(
        plc.open, plc.t.teacher_a, body="<p>สะท้อนคิด</p>", stage="reflect", submission_key=uuid.uuid4()
    )
    mail.outbox.clear()
    login(client, plc.t.trainer_a)
    with django_capture_on_commit_callbacks(execute=True):
        post_reflection(client, plc.open, "<p>ตอบกลับ</p>", parent=post.pk)
    reply = Post.objects.get(thread=post)
    notice = Notification.objects.get(recipient=plc.t.teacher_a)
    assert notice.url.endswith(f"posts/{post.pk}/#post-{reply.pk}")
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [plc.t.teacher_a.email]
    assert notice.url in mail.outbox[0].body
    # A reply to the reply threads under it and tells both earlier writers, never the writer.
    login(client, plc.t.teacher_a)
    post_reflection(client, plc.open, "<p>ตอบซ้อน</p>", parent=reply.pk)
    nested = Post.objects.get(parent=reply)
    assert nested.thread == post
    assert Notification.objects.filter(recipient=plc.t.trainer_a).count() == 1
    assert not Notification.objects.filter(recipient=plc.t.teacher_a).exclude(pk=notice.pk).exists()


def test_mentions_notify_members_only(client, plc):
    login(client, plc.t.teacher_a)
    post_reflection(client, plc.open, "<p>ขอคำแนะนำ @trainer_a และ @teacher_b</p>")
    assert Notification.objects.filter(recipient=plc.t.trainer_a, message__contains="กล่าวถึง").exists()
    assert not Notification.objects.filter(recipient=plc.t.teacher_b).exists()  # not a member


def test_the_facilitator_turns_a_reflection_into_a_draft_practice(client, plc):
    post, _ = posting.create_post(
        plc.open, plc.t.teacher_a, body="<p>เกมเศษส่วน</p><p>รายละเอียด</p>", stage="share", submission_key=uuid.uuid4()
    )
    login(client, plc.t.teacher_a)
    client.post(f"{plc.open.url}posts/{post.pk}/practice/")
    assert not PracticePage.objects.exists()
    login(client, plc.t.trainer_a)
    client.post(f"{plc.open.url}posts/{post.pk}/practice/")
    client.post(f"{plc.open.url}posts/{post.pk}/practice/")
    practice = PracticePage.objects.get()
    assert not practice.live and practice.get_parent().pk == plc.open.pk
    assert practice.title == "เกมเศษส่วน" and practice.source_post == post
    assert practice.get_latest_revision() is not None


def test_tracking_pixels_are_stripped_and_uploaded_pictures_kept(client, plc, tiny_png):
    """The attack: ``<img src="http://evil.example/pixel.gif">`` in a reply was kept, and every reader's
    browser reported to evil.example. Pictures now come only from the platform's own uploads."""
    reflection, _ = posting.create_post(
        plc.open, plc.t.trainer_a, body="<p>ก</p>", stage="plan", submission_key=uuid.uuid4()
    )
    login(client, plc.t.teacher_a)
    uploaded = client.post(plc.open.url + "files/", {"file": tiny_png()}).json()
    body = (
        '<p>ดูภาพ</p><img src="http://evil.example/pixel.gif"><img src="//evil.example/p.gif">'
        '<img src="HTTPS://EVIL.EXAMPLE/p.gif" srcset="http://evil.example/p.gif 2x">'
        f'<img src="{uploaded["url"]}" alt="ภาพ">'
    )
    response = post_reflection(client, plc.open, body, parent=reflection.pk, drafts=str(uploaded["id"]))
    assert response.status_code == 302
    reply = Post.objects.get(thread=reflection)
    assert "evil" not in reply.body.lower() and f'<img src="{uploaded["url"]}" alt="ภาพ">' in reply.body
    page = _bodies(client.get(f"{plc.open.url}posts/{reflection.pk}/").content.decode())
    assert "evil" not in page.lower() and uploaded["url"] in page
    # A pixel stored before this policy is not shown either.
    Post.objects.filter(pk=reply.pk).update(body='<p>เก่า</p><img src="http://evil.example/pixel.gif">')
    page = _bodies(client.get(f"{plc.open.url}posts/{reflection.pk}/").content.decode())
    assert "<p>เก่า</p>" in page and "evil" not in page.lower()


def test_no_reply_goes_into_a_hidden_or_deleted_thread(plc):
    root = make_post(plc.open, plc.t.teacher_a)
    reply = make_post(plc.open, plc.t.trainer_a, parent=root)
    moderation.set_hidden(root, plc.t.trainer_a, hidden=True)
    with pytest.raises(Refused):
        make_post(plc.open, plc.t.trainer_a, parent=reply)
    with pytest.raises(Refused):
        moderation.practice_from_post(root, plc.t.trainer_a)
    moderation.set_hidden(root, plc.t.trainer_a, hidden=False)
    posting.delete_post(root, plc.t.teacher_a)
    with pytest.raises(Refused):
        make_post(plc.open, plc.t.trainer_a, parent=reply)
    with pytest.raises(Refused):
        moderation.set_hidden(root, plc.t.trainer_a, hidden=True)


@pytest.mark.parametrize("field", ["parent", "drafts"])
@pytest.mark.parametrize("value", ["²", "1" * 30, "-1", "1e3"])
def test_odd_ids_are_refused_not_crashed(client, plc, field, value):
    login(client, plc.t.teacher_a)
    response = post_reflection(client, plc.open, "<p>ก</p>", **{field: value})
    assert response.status_code in (400, 404)
    assert not Post.objects.exists()


def test_a_very_deep_thread_still_renders(client, plc):
    parent = root = make_post(plc.open, plc.t.teacher_a)
    rows = []
    for n in range(1500):
        rows.append(Post(space=plc.open, author=plc.t.teacher_a, thread=root, body=f"<p>{n}</p>"))
    # Chain them: each answers the one before (ids come from the bulk insert in order).
    created = Post.objects.bulk_create(rows)
    for post in created:
        post.parent = parent
        parent = post
    Post.objects.bulk_update(created, ["parent"])
    login(client, plc.t.teacher_a)
    assert client.get(f"{plc.open.url}posts/{root.pk}/").status_code == 200


def test_a_reflection_whose_first_line_makes_no_slug_becomes_a_practice(plc):
    post = make_post(plc.open, plc.t.teacher_a, "<p>🙂!!!</p><p>รายละเอียด</p>")
    page = moderation.practice_from_post(post, plc.t.trainer_a)
    assert PracticePage.objects.get(pk=page.pk).slug == f"practice-{post.pk}"


def test_the_edit_form_gives_the_editor_only_clean_html(client, plc):
    post = make_post(plc.open, plc.t.teacher_a)
    Post.objects.filter(pk=post.pk).update(body='<p>ก</p><img src="x" onerror="alert(1)">')
    login(client, plc.t.teacher_a)
    page = client.get(f"{plc.open.url}posts/{post.pk}/edit/").content.decode()
    assert "onerror" not in page
