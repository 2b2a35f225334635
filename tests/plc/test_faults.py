"""Faults: with the broker (Redis) unreachable a reply is stored, answered normally and its notices are
written; their e-mail goes out once the broker is back. The posting rate limit does not use the cache.

The broker and cache point at a closed port (127.0.0.1:1), a real connection refused, not a patched client.
"""

import uuid
from datetime import timedelta

import pytest
from django.core import mail
from django.core.cache import caches
from django.db import transaction
from django.utils import timezone
from redis.exceptions import ConnectionError as RedisConnectionError

from lms.celery import app
from lms.core.errors import RateLimited
from lms.notifications.models import Notification
from lms.notifications.services import notify
from lms.notifications.tasks import email_pending_notifications
from plc.models import Post
from plc.services import posting
from tests.conftest import UNREACHABLE
from tests.plc.conftest import login

pytestmark = pytest.mark.django_db


def _reflection(plc, author):
    return Post.objects.create(space=plc.open, author=author, stage="reflect", body="<p>ตั้งต้น</p>")


def test_a_reply_with_the_broker_down_is_stored_answered_and_notified(
    client, plc, broker_down, caplog, django_capture_on_commit_callbacks
):
    t = plc.t
    root = _reflection(plc, t.trainer_a)
    login(client, t.teacher_a)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(
            plc.open.url + "posts/",
            {"body": "<p>ขอบคุณครับ</p>", "parent": root.pk, "submission_key": str(uuid.uuid4())},
        )
    assert callbacks and response.status_code == 302
    reply = Post.objects.get(thread=root)
    notice = Notification.objects.get(recipient=t.trainer_a)
    assert notice.url.endswith(f"#post-{reply.pk}")
    assert notice.email_queued_at is None and notice.emailed_at is None
    assert "not queued" in caplog.text
    assert mail.outbox == []


def test_the_sweep_mails_what_the_broker_never_took_once_it_is_back(
    plc, settings, broker_down, django_capture_on_commit_callbacks
):
    t = plc.t
    t.trainer_a.email = "trainer@example.org"
    t.trainer_a.save(update_fields=["email"])
    with django_capture_on_commit_callbacks(execute=True):
        notify([t.trainer_a], message="ตอบกลับ", url="/plc/")
        old = notify([t.trainer_a], message="เก่าเกินไป", url="/plc/")
    assert Notification.objects.filter(email_queued_at__isnull=True).count() == 2
    Notification.objects.filter(pk=old[0].pk).update(
        created_at=timezone.now() - timedelta(hours=settings.NOTIFICATION_EMAIL_MAX_AGE_HOURS + 1)
    )
    # Still down: the sweep queues nothing and keeps the notice for next time.
    Notification.objects.update(created_at=timezone.now() - timedelta(minutes=10))
    Notification.objects.filter(pk=old[0].pk).update(created_at=timezone.now() - timedelta(days=3))
    assert email_pending_notifications() == 0
    # The broker is back (tasks run inline here): the recent notice is mailed once, the old one not.
    app.conf.update(task_always_eager=True)
    assert email_pending_notifications() == 1
    assert [m.to for m in mail.outbox] == [["trainer@example.org"]]
    assert email_pending_notifications() == 0
    assert len(mail.outbox) == 1
    assert Notification.objects.filter(emailed_at__isnull=False).count() == 1


def test_a_change_that_rolls_back_leaves_no_notice(plc):
    t = plc.t
    root = _reflection(plc, t.trainer_a)
    with pytest.raises(RuntimeError), transaction.atomic():
        posting.create_post(plc.open, t.teacher_a, body="<p>ตอบ</p>", parent=root, submission_key=uuid.uuid4())
        raise RuntimeError
    assert not Post.objects.filter(thread=root).exists() and not Notification.objects.exists()


def test_a_notice_that_cannot_be_written_takes_the_post_with_it(plc, monkeypatch):
    t = plc.t
    root = _reflection(plc, t.trainer_a)

    def broken(*args, **kwargs):
        raise RuntimeError("notifications table unavailable")

    monkeypatch.setattr(Notification.objects, "bulk_create", broken)
    with pytest.raises(RuntimeError):
        posting.create_post(plc.open, t.teacher_a, body="<p>ตอบ</p>", parent=root, submission_key=uuid.uuid4())
    assert not Post.objects.filter(thread=root).exists()


def test_the_posting_rate_limit_holds_with_the_cache_down(plc, settings):
    """It counts the person's posts in the database, so a cache outage neither opens nor closes it."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": UNREACHABLE}}
    with pytest.raises(RedisConnectionError):
        caches["default"].get("anything")
    t = plc.t
    for _ in range(settings.PLC_POSTS_PER_MINUTE):
        _reflection(plc, t.teacher_a)
    with pytest.raises(RateLimited):
        posting._check_rate(t.teacher_a)
