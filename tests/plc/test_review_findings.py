"""Holes found in review, each closed: hidden replies, hidden threads, odd ids, deep threads, practice
slugs, upload floods, the editor's input, e-mail subjects, hours after removal, closed-space probing."""

import uuid
from datetime import time, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from lms.core.errors import Refused
from lms.learning.models import HoursEntry
from lms.notifications.services import notify
from plc.models import Membership, Post, PracticePage
from plc.services import moderation, posting, sessions
from tests import factories as f
from tests.plc.conftest import login, post_reflection

pytestmark = pytest.mark.django_db


def _post(space, author, body="<p>ข้อความ</p>", parent=None):
    post, _created = posting.create_post(
        space, author, body=body, stage="" if parent else "plan", parent=parent, submission_key=uuid.uuid4()
    )
    return post


def test_a_hidden_reply_is_not_shown_to_other_members(client, plc):
    root = _post(plc.open, plc.t.teacher_a)
    reply = _post(plc.open, plc.t.trainer_a, "<p>คำตอบที่ถูกซ่อน</p>", parent=root)
    moderation.set_hidden(reply, plc.clerk, hidden=True)
    login(client, plc.t.teacher_a)
    assert "คำตอบที่ถูกซ่อน" not in client.get(f"{plc.open.url}posts/{root.pk}/").content.decode()
    login(client, plc.clerk)
    assert "คำตอบที่ถูกซ่อน" in client.get(f"{plc.open.url}posts/{root.pk}/").content.decode()


def test_no_reply_goes_into_a_hidden_or_deleted_thread(plc):
    root = _post(plc.open, plc.t.teacher_a)
    reply = _post(plc.open, plc.t.trainer_a, parent=root)
    moderation.set_hidden(root, plc.t.trainer_a, hidden=True)
    with pytest.raises(Refused):
        _post(plc.open, plc.t.trainer_a, parent=reply)
    with pytest.raises(Refused):
        moderation.practice_from_post(root, plc.t.trainer_a)
    moderation.set_hidden(root, plc.t.trainer_a, hidden=False)
    posting.delete_post(root, plc.t.teacher_a)
    with pytest.raises(Refused):
        _post(plc.open, plc.t.trainer_a, parent=reply)
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
    parent = root = _post(plc.open, plc.t.teacher_a)
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
    post = _post(plc.open, plc.t.teacher_a, "<p>🙂!!!</p><p>รายละเอียด</p>")
    page = moderation.practice_from_post(post, plc.t.trainer_a)
    assert PracticePage.objects.get(pk=page.pk).slug == f"practice-{post.pk}"


def test_editor_uploads_count_against_the_rate_limit(client, plc, settings, tiny_png):
    settings.PLC_POSTS_PER_MINUTE = 2
    login(client, plc.t.teacher_a)
    codes = [client.post(plc.open.url + "files/", {"file": tiny_png()}).status_code for _ in range(4)]
    assert codes == [201, 201, 429, 429]


def test_the_edit_form_gives_the_editor_only_clean_html(client, plc):
    post = _post(plc.open, plc.t.teacher_a)
    Post.objects.filter(pk=post.pk).update(body='<p>ก</p><img src="x" onerror="alert(1)">')
    login(client, plc.t.teacher_a)
    page = client.get(f"{plc.open.url}posts/{post.pk}/edit/").content.decode()
    assert "onerror" not in page


def test_email_subjects_are_plain_text_on_one_line(two_centres, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        notify([two_centres.teacher_a], message="O'Brien & <Co>\nตอบกลับ")
    assert mail.outbox[0].subject.endswith("O'Brien & <Co> ตอบกลับ")


def test_a_member_removed_before_confirmation_is_not_credited(plc):
    t = plc.t
    extra = f.person("teacher_a9", t.school_a)
    stays = f.person("teacher_a8", t.school_a)
    Membership.objects.create(space=plc.open, user=extra, status="member")
    Membership.objects.create(space=plc.open, user=stays, status="member")
    session, _ = sessions.log_session(
        plc.open,
        t.teacher_a,
        date=timezone.localdate() - timedelta(days=1),
        start_time=time(15, 30),
        hours=2,
        activity="ประชุม",
        stage="plan",
        attendees=[t.teacher_a, extra, stays],
        submission_key=uuid.uuid4(),
    )
    moderation.remove_member(plc.open, Membership.objects.get(space=plc.open, user=extra), by=t.trainer_a)
    sessions.decide_session(session, t.trainer_a, confirm=True)
    assert sorted(HoursEntry.objects.values_list("user__username", flat=True)) == ["teacher_a", "teacher_a8"]


def test_closed_space_routes_answer_404_to_outsiders_whatever_the_method(client, plc):
    login(client, plc.t.teacher_b)
    for url in ("join/", "posts/", "files/", "sessions/1/confirm/"):
        assert client.get(plc.closed.url + url).status_code == 404, url
    client.logout()
    assert client.get(plc.closed.url + "join/").status_code == 404


def test_repeated_join_requests_notify_the_facilitator_once_a_day(client, plc):
    from lms.notifications.models import Notification

    login(client, plc.t.teacher_b)
    for _ in range(3):
        client.post(plc.request.url + "join/")
        client.post(plc.request.url + "leave/")
    assert Notification.objects.filter(recipient=plc.t.trainer_a).count() == 1
