"""Notices in the reader's language, each kind from the registry, and the choice of which come by e-mail."""

import pytest
from django.core import mail
from django.db import transaction
from django.urls import reverse

from lms.notifications import kinds
from lms.notifications.models import EmailPreference, Notification
from lms.notifications.services import notify

pytestmark = pytest.mark.django_db

COMPLETED_TH = "คุณเรียนจบหลักสูตร"
COMPLETED_EN = "You completed the course"


def page_of(client, language):
    client.cookies["django_language"] = language
    return client.get(reverse("notifications:list")).content.decode()


def test_one_notice_is_read_in_each_readers_language(client, two_centres):
    teacher = two_centres.teacher_a
    notify([teacher], kind="course_completed", params={"course": "การอ่าน"}, url="/courses/reading/")
    client.force_login(teacher)
    english = page_of(client, "en")
    assert f"{COMPLETED_EN} การอ่าน" in english and COMPLETED_TH not in english
    thai = page_of(client, "th")
    assert f"{COMPLETED_TH} การอ่าน" in thai and COMPLETED_EN not in thai
    # The stored text, for the admin, is in the platform's first language whoever wrote it.
    assert Notification.objects.get().message.startswith(COMPLETED_TH)


def test_a_notice_from_before_kinds_reads_as_it_was_stored(client, two_centres):
    Notification.objects.create(recipient=two_centres.teacher_a, message="ข้อความเดิมก่อนมีชนิด")
    client.force_login(two_centres.teacher_a)
    assert "ข้อความเดิมก่อนมีชนิด" in page_of(client, "en")


def test_an_unknown_kind_is_refused_at_the_writer():
    with pytest.raises(LookupError):
        notify([], kind="no_such_kind")


def test_the_e_mail_is_in_the_recipients_language_with_the_absolute_link(
    two_centres, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://lms.example.org"
    english, thai = two_centres.teacher_a, two_centres.teacher_b
    english.language = "en"
    english.save(update_fields=["language"])
    with django_capture_on_commit_callbacks(execute=True):
        notify([english, thai], kind="course_completed", params={"course": "การอ่าน"}, url="/courses/reading/")
    by_person = {message.to[0]: message for message in mail.outbox}
    assert set(by_person) == {english.email, thai.email}
    assert COMPLETED_EN in by_person[english.email].subject and COMPLETED_EN in by_person[english.email].body
    assert COMPLETED_TH in by_person[thai.email].subject and COMPLETED_TH in by_person[thai.email].body
    for message in by_person.values():
        assert "https://lms.example.org/courses/reading/" in message.body
        assert "https://lms.example.org" + reverse("notifications:preferences") in message.body


def test_e_mail_turned_off_leaves_the_notice_on_the_site(client, two_centres, django_capture_on_commit_callbacks):
    teacher = two_centres.teacher_a
    EmailPreference.objects.create(user=teacher, kind="course_completed", email=False)
    with django_capture_on_commit_callbacks(execute=True):
        notify([teacher], kind="course_completed", params={"course": "การอ่าน"})
    assert mail.outbox == []
    assert Notification.objects.get(recipient=teacher).email is False
    client.force_login(teacher)
    assert COMPLETED_TH in page_of(client, "th")


def test_e_mail_turned_off_after_the_notice_was_written_is_not_sent(two_centres, django_capture_on_commit_callbacks):
    teacher = two_centres.teacher_a
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notify([teacher], kind="course_completed", params={"course": "การอ่าน"})
    EmailPreference.objects.create(user=teacher, kind="course_completed", email=False)
    for callback in callbacks:
        callback()
    assert mail.outbox == []


def test_a_kind_that_may_not_be_turned_off_is_always_mailed(two_centres, django_capture_on_commit_callbacks):
    teacher = two_centres.teacher_a
    assert not kinds.get("certificate_revoked").may_turn_off
    EmailPreference.objects.create(user=teacher, kind="certificate_revoked", email=False)
    with django_capture_on_commit_callbacks(execute=True):
        notify([teacher], kind="certificate_revoked", params={"achievement": "x", "reason": "y", "issuer": "z"})
    assert len(mail.outbox) == 1


def test_two_outcomes_of_one_decision_follow_one_choice(two_centres, django_capture_on_commit_callbacks):
    teacher = two_centres.teacher_a
    EmailPreference.objects.create(user=teacher, kind="plc_joined", email=False)
    with django_capture_on_commit_callbacks(execute=True):
        notify([teacher], kind="plc_declined", params={"space": "ชุมชน"})
    assert mail.outbox == []


def test_a_notice_of_a_change_that_rolls_back_is_not_kept(two_centres):
    with pytest.raises(RuntimeError), transaction.atomic():
        notify([two_centres.teacher_a], kind="course_completed", params={"course": "x"})
        raise RuntimeError
    assert not Notification.objects.exists()


def test_the_language_switch_keeps_the_language_of_a_person_signed_in(client, two_centres):
    client.force_login(two_centres.teacher_a)
    client.get(reverse("switch_language", args=["en"]))
    two_centres.teacher_a.refresh_from_db()
    assert two_centres.teacher_a.language == "en"
    client.logout()
    assert client.get(reverse("switch_language", args=["th"])).status_code == 302


def test_a_name_given_in_each_language_is_read_in_the_readers(client, two_centres):
    author = two_centres.trainer_a
    author.first_name_en, author.last_name_en = "Somchai", "Jaidee"
    author.save()
    notify(
        [two_centres.manager_a],
        kind="page_submitted",
        params={"name": kinds.each_language(lambda: author.display_name), "page": "บทที่ 1"},
    )
    client.force_login(two_centres.manager_a)
    assert "Somchai Jaidee submitted บทที่ 1" in page_of(client, "en")
    assert author.full_name_th + " ส่ง บทที่ 1" in page_of(client, "th")
