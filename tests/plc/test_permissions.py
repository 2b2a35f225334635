"""Who sees and does what in open, by-request and closed spaces; checked on the server for each view."""

import uuid

import pytest

from lms.notifications.models import Notification
from plc.models import Membership, ModerationLog, Post
from plc.services import membership, moderation, posting
from tests import factories as f
from tests.plc.conftest import login, make_post, post_reflection

pytestmark = pytest.mark.django_db


def _reflection(space, author, body="<p>บันทึก</p>"):
    post, _created = posting.create_post(space, author, body=body, stage="plan", submission_key=uuid.uuid4())
    return post


def test_open_space_shows_its_description_but_not_its_posts_to_non_members(client, plc):
    _reflection(plc.open, plc.t.teacher_a, "<p>ความลับของชุมชน</p>")
    anonymous = client.get(plc.open.url)
    assert anonymous.status_code == 200
    assert "นักเรียนอ่านจับใจความไม่ได้" in anonymous.content.decode()
    assert "ความลับของชุมชน" not in anonymous.content.decode()
    login(client, plc.t.teacher_b)
    page = client.get(plc.open.url).content.decode()
    assert "ความลับของชุมชน" not in page
    post = Post.objects.get()
    assert client.get(f"{plc.open.url}posts/{post.pk}/").status_code == 302
    login(client, plc.t.teacher_a)
    assert "ความลับของชุมชน" in client.get(plc.open.url).content.decode()


def test_any_teacher_joins_an_open_space_and_may_then_post(client, plc):
    login(client, plc.t.teacher_b)
    assert post_reflection(client, plc.open, "<p>ก่อนเข้าร่วม</p>").status_code == 403
    assert not Post.objects.exists()
    client.post(plc.open.url + "join/")
    assert Membership.objects.get(space=plc.open, user=plc.t.teacher_b).status == "member"
    assert post_reflection(client, plc.open, "<p>หลังเข้าร่วม</p>").status_code == 302
    assert Post.objects.get().author == plc.t.teacher_b


def test_a_request_space_needs_the_facilitator(client, plc):
    login(client, plc.t.teacher_b)
    client.post(plc.request.url + "join/")
    membership = Membership.objects.get(space=plc.request, user=plc.t.teacher_b)
    assert membership.status == "requested"
    assert Notification.objects.filter(recipient=plc.t.trainer_a, url__startswith=plc.request.url).exists()
    assert post_reflection(client, plc.request, "<p>ยังไม่ได้รับอนุมัติ</p>").status_code == 403
    # The requester cannot approve themselves.
    assert client.post(f"{plc.request.url}members/{membership.pk}/approve/").status_code == 403
    login(client, plc.t.trainer_a)
    client.post(f"{plc.request.url}members/{membership.pk}/approve/")
    membership.refresh_from_db()
    assert membership.status == "member"
    assert ModerationLog.objects.filter(action="approve", person=plc.t.teacher_b, actor=plc.t.trainer_a).exists()


def test_a_closed_space_is_hidden_from_everyone_outside_it(client, plc):
    index_url = plc.open.get_parent().url
    login(client, plc.t.teacher_b)
    assert client.get(plc.closed.url).status_code == 404
    assert client.post(plc.closed.url + "join/").status_code == 404
    assert "closed-space" not in client.get(index_url).content.decode()
    # Another centre's manager does not see it either; this centre's clerk (centre staff) does.
    login(client, plc.t.manager_b)
    assert client.get(plc.closed.url).status_code == 404
    login(client, plc.clerk)
    assert client.get(plc.closed.url).status_code == 200
    assert "closed-space" in client.get(index_url).content.decode()


def test_a_closed_space_admits_by_invitation(client, plc):
    login(client, plc.t.trainer_a)
    client.post(plc.closed.url + "invite/", {"person": "teacher_b"})
    assert Membership.objects.get(space=plc.closed, user=plc.t.teacher_b).status == "invited"
    login(client, plc.t.teacher_b)
    assert client.get(plc.closed.url).status_code == 200
    client.post(plc.closed.url + "accept/")
    assert membership.is_member(plc.t.teacher_b, plc.closed)
    # Nobody else can invite.
    login(client, plc.t.teacher_a)
    assert client.post(plc.closed.url + "invite/", {"person": "teacher_a2"}).status_code == 404


def test_invite_by_unknown_username_gets_a_message(client, plc):
    login(client, plc.t.trainer_a)
    client.cookies["django_language"] = "en"
    response = client.post(plc.open.url + "invite/", {"person": "nobody-here"})
    assert response.status_code == 400
    assert "No active account has this username." in response.content.decode()


def test_moderation_is_for_the_facilitator_and_this_centres_staff(client, plc):
    post = _reflection(plc.open, plc.t.teacher_a)
    hide = f"{plc.open.url}posts/{post.pk}/hide/"
    for outsider in (plc.t.teacher_a, plc.t.manager_b, plc.t.supervisor_cm):
        login(client, outsider)
        client.post(hide)
        post.refresh_from_db()
        assert post.hidden_at is None, outsider
    login(client, plc.clerk)
    client.post(hide, {"reason": "ข้อมูลส่วนบุคคลของนักเรียน"})
    post.refresh_from_db()
    assert post.hidden_at is not None
    entry = ModerationLog.objects.get(action="hide")
    assert (entry.actor, entry.post, entry.reason) == (plc.clerk, post, "ข้อมูลส่วนบุคคลของนักเรียน")


def test_a_hidden_post_is_seen_only_by_its_author_and_moderators(client, plc):
    other = f.person("teacher_a3", plc.t.school_a)
    Membership.objects.create(space=plc.open, user=other, status="member")
    post = _reflection(plc.open, plc.t.teacher_a, "<p>ข้อความที่ถูกซ่อน</p>")
    moderation.set_hidden(post, plc.t.trainer_a, hidden=True)
    login(client, other)
    assert "ข้อความที่ถูกซ่อน" not in client.get(plc.open.url).content.decode()
    assert client.get(f"{plc.open.url}posts/{post.pk}/").status_code == 404
    login(client, plc.t.teacher_a)
    assert "ข้อความที่ถูกซ่อน" in client.get(plc.open.url).content.decode()


def test_lock_stops_replies_and_remove_stops_posting(client, plc):
    post = _reflection(plc.open, plc.t.teacher_a)
    login(client, plc.t.trainer_a)
    client.post(f"{plc.open.url}posts/{post.pk}/lock/")
    login(client, plc.t.teacher_a)
    response = post_reflection(client, plc.open, "<p>ตอบ</p>", parent=post.pk)
    assert response.status_code == 400
    assert "locked" in response.content.decode() or "ล็อก" in response.content.decode()
    assert Post.objects.count() == 1

    membership = Membership.objects.get(space=plc.open, user=plc.t.teacher_a)
    login(client, plc.t.trainer_a)
    client.post(f"{plc.open.url}members/{membership.pk}/remove/", {"reason": "ย้ายโรงเรียน"})
    assert ModerationLog.objects.filter(action="remove", person=plc.t.teacher_a).exists()
    login(client, plc.t.teacher_a)
    assert post_reflection(client, plc.open, "<p>หลังถูกนำออก</p>").status_code == 403
    client.post(plc.open.url + "join/")
    assert Membership.objects.get(pk=membership.pk).status == "removed"


def test_the_facilitator_cannot_be_removed_or_leave(client, plc):
    membership = Membership.objects.get(space=plc.open, user=plc.t.trainer_a)
    login(client, plc.clerk)
    client.post(f"{plc.open.url}members/{membership.pk}/remove/")
    login(client, plc.t.trainer_a)
    client.post(plc.open.url + "leave/")
    assert Membership.objects.get(pk=membership.pk).status == "member"


def test_moderation_log_is_for_moderators_only(client, plc):
    login(client, plc.t.teacher_a)
    assert client.get(plc.open.url + "log/").status_code == 403
    login(client, plc.t.trainer_a)
    assert client.get(plc.open.url + "log/").status_code == 200


def test_attachments_are_served_only_to_readers(client, plc, tiny_png):
    login(client, plc.t.teacher_a)
    response = post_reflection(client, plc.open, "<p>รูป</p>", files=tiny_png())
    assert response.status_code == 302
    attachment = Post.objects.get().attachments.get()
    url = f"{plc.open.url}files/{attachment.pk}/"
    served = client.get(url)
    assert served.status_code == 200 and served["Content-Type"] == "image/png"
    assert served["X-Content-Type-Options"] == "nosniff"
    login(client, plc.t.teacher_b)
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 404


def test_a_hidden_reply_is_not_shown_to_other_members(client, plc):
    root = make_post(plc.open, plc.t.teacher_a)
    reply = make_post(plc.open, plc.t.trainer_a, "<p>คำตอบที่ถูกซ่อน</p>", parent=root)
    moderation.set_hidden(reply, plc.clerk, hidden=True)
    login(client, plc.t.teacher_a)
    assert "คำตอบที่ถูกซ่อน" not in client.get(f"{plc.open.url}posts/{root.pk}/").content.decode()
    login(client, plc.clerk)
    assert "คำตอบที่ถูกซ่อน" in client.get(f"{plc.open.url}posts/{root.pk}/").content.decode()


def test_closed_space_routes_answer_404_to_outsiders_whatever_the_method(client, plc):
    login(client, plc.t.teacher_b)
    for url in ("join/", "posts/", "files/", "sessions/1/confirm/"):
        assert client.get(plc.closed.url + url).status_code == 404, url
    client.logout()
    assert client.get(plc.closed.url + "join/").status_code == 404


def test_repeated_join_requests_notify_the_facilitator_once_a_day(client, plc):
    login(client, plc.t.teacher_b)
    for _ in range(3):
        client.post(plc.request.url + "join/")
        client.post(plc.request.url + "leave/")
    assert Notification.objects.filter(recipient=plc.t.trainer_a).count() == 1
