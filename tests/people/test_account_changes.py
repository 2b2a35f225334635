"""The profile form tells nobody whose e-mail address or citizen ID a value is; password resets are limited."""

import re
import time
from unittest import mock

import pytest
from django.core import mail
from django.test import TestCase
from django.urls import reverse

from lms.notifications.models import Notification
from lms.people.models import User
from tests.people.test_profile import form_data

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def messages_of(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


def post_profile(client, user, **changes):
    # What waits for the commit (the e-mail task) runs as the request ends, as in production.
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(reverse("people:profile_edit"), form_data(user, **changes), follow=True)


def shown(response):
    """What the teacher sees after saving, with the typed value taken out."""
    return response.status_code, [re.sub(r"\S+@\S+", "ADDRESS", m) for m in messages_of(response)]


def test_another_persons_email_gets_the_same_answer_as_a_free_one_and_changes_nothing(client, two_centres):
    teacher = two_centres.teacher_a
    client.force_login(teacher)
    taken = post_profile(client, teacher, **{"person-email": "TEACHER_B@example.test"})
    free = post_profile(client, teacher, **{"person-email": "new-address@example.test"})
    assert shown(taken) == shown(free)
    assert any("ADDRESS" in m for m in shown(free)[1])
    teacher.refresh_from_db()
    assert teacher.email == "teacher_a@example.test"  # nothing changes before the link is opened
    in_use, told_old, confirm, told_old_again = mail.outbox
    assert in_use.to == ["TEACHER_B@example.test"] and "/accounts/email/" not in in_use.body
    assert "already belongs" in in_use.body
    assert confirm.to == ["new-address@example.test"] and "/accounts/email/" in confirm.body
    # The account's own address hears of both requests the same way, without the link.
    assert told_old.to == told_old_again.to == ["teacher_a@example.test"]
    assert told_old.body == told_old_again.body and "/accounts/email/" not in told_old.body


def confirm_link(outbox):
    return next(
        re.search(r"https?://[^/]+(/accounts/email/\S+/)", m.body).group(1)
        for m in outbox
        if "/accounts/email/" in m.body
    )


def test_a_new_address_replaces_the_old_one_once_its_link_is_opened_and_only_once(client, two_centres):
    teacher = two_centres.teacher_a
    client.force_login(teacher)
    post_profile(client, teacher, **{"person-email": "new-address@example.test"})
    link = confirm_link(mail.outbox)
    client.logout()
    page = client.get(link)  # a mail scanner following the link changes nothing
    assert page.status_code == 200 and "new-address@example.test" in page.content.decode()
    assert User.objects.get(pk=teacher.pk).email == "teacher_a@example.test"
    assert client.post(link).status_code == 302
    assert User.objects.get(pk=teacher.pk).email == "new-address@example.test"
    assert client.get(link).status_code == 400  # used once: the old address it names is gone
    assert client.post(link).status_code == 400


def test_a_confirmation_link_expires(client, two_centres, settings):
    teacher = two_centres.teacher_a
    client.force_login(teacher)
    post_profile(client, teacher, **{"person-email": "new-address@example.test"})
    link = confirm_link(mail.outbox)
    later = time.time() + settings.EMAIL_CHANGE_LINK_HOURS * 3600 + 60
    with mock.patch("django.core.signing.time.time", return_value=later):
        assert client.post(link).status_code == 400
    assert User.objects.get(pk=teacher.pk).email == "teacher_a@example.test"


def test_a_forged_or_altered_link_is_refused(client, two_centres):
    teacher = two_centres.teacher_a
    client.force_login(teacher)
    post_profile(client, teacher, **{"person-email": "new-address@example.test"})
    link = confirm_link(mail.outbox)
    assert client.post(link[:-3] + "xx/").status_code == 400
    assert User.objects.get(pk=teacher.pk).email == "teacher_a@example.test"


def test_an_address_taken_between_asking_and_confirming_is_not_given_twice(client, two_centres):
    teacher = two_centres.teacher_a
    client.force_login(teacher)
    post_profile(client, teacher, **{"person-email": "new-address@example.test"})
    link = confirm_link(mail.outbox)
    User.objects.filter(pk=two_centres.teacher_b.pk).update(email="new-address@example.test")
    response = client.post(link, follow=True)
    assert "Another account has this address now" in " ".join(messages_of(response))
    assert User.objects.get(pk=teacher.pk).email == "teacher_a@example.test"


def test_a_clashing_citizen_id_gets_the_same_answer_as_a_free_one_and_goes_to_the_centres_staff(client, two_centres):
    from tests.factories import valid_citizen_id

    teacher = two_centres.teacher_a
    client.force_login(teacher)
    school = {"profile-school": two_centres.school_a.code}
    clash = post_profile(client, teacher, **{"person-citizen_id": two_centres.teacher_b.citizen_id}, **school)
    free_id = valid_citizen_id()
    free = post_profile(client, teacher, **{"person-citizen_id": free_id}, **school)
    assert shown(clash) == shown(free)
    assert any("staff will check" in m for m in shown(free)[1])
    teacher.refresh_from_db()
    assert teacher.citizen_id != free_id  # nothing changes until staff set it
    assert teacher.profile.requested_citizen_id == free_id
    notices = Notification.objects.filter(recipient=two_centres.manager_a)
    assert notices.count() == 2 and notices[0].url == reverse("people:edit", args=[teacher.pk])
    assert not Notification.objects.filter(recipient=two_centres.manager_b).exists()

    # The manager sees the request in the teacher's record and sets it there.
    client.force_login(two_centres.manager_a)
    page = client.get(reverse("people:edit", args=[teacher.pk]))
    assert free_id in page.content.decode()
    response = client.post(
        reverse("people:edit", args=[teacher.pk]),
        form_data(teacher, **{"person-citizen_id": free_id}, **school),
    )
    assert response.status_code == 302
    teacher.refresh_from_db()
    assert teacher.citizen_id == free_id and teacher.profile.requested_citizen_id == ""


def test_saving_the_profile_is_rate_limited_and_the_typed_values_stay(client, two_centres, settings):
    settings.PROFILE_SAVES_PER_HOUR = 3
    teacher = two_centres.teacher_a
    client.force_login(teacher)
    for _ in range(3):
        assert client.post(reverse("people:profile_edit"), form_data(teacher)).status_code == 302
    response = client.post(reverse("people:profile_edit"), form_data(teacher, **{"person-first_name": "พิมพ์ไว้"}))
    assert response.status_code == 429
    assert "พิมพ์ไว้" in response.content.decode()
    assert User.objects.get(pk=teacher.pk).first_name != "พิมพ์ไว้"


def reset(client, email, address="10.0.0.1"):
    return client.post(reverse("password_reset"), {"email": email}, REMOTE_ADDR=address)


def test_a_reset_answers_the_same_for_a_known_and_an_unknown_address(client, two_centres):
    known, unknown = reset(client, "teacher_a@example.test"), reset(client, "nobody@example.test")
    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    assert [m.to for m in mail.outbox] == [["teacher_a@example.test"]]


def test_reset_mail_is_sent_by_the_worker_task(client, two_centres):
    with mock.patch("lms.people.tasks.send_password_reset.apply_async") as queued:
        reset(client, "teacher_a@example.test")
    assert queued.call_args.args[0][0] == "teacher_a@example.test"
    assert mail.outbox == []


def test_resets_for_one_address_are_limited_without_saying_so(client, two_centres, settings):
    for n in range(settings.PASSWORD_RESETS_PER_ADDRESS_PER_HOUR + 2):
        response = reset(client, "teacher_a@example.test", address=f"10.0.0.{n}")
        assert response.status_code == 302
    assert len(mail.outbox) == settings.PASSWORD_RESETS_PER_ADDRESS_PER_HOUR


def test_resets_for_many_addresses_from_one_client_are_throttled(client, two_centres, settings):
    for n in range(settings.PASSWORD_RESETS_PER_CLIENT_PER_HOUR):
        assert reset(client, f"someone{n}@example.test").status_code == 302
    response = reset(client, "teacher_a@example.test")
    assert response.status_code == 429
    assert "Too many password resets" in response.content.decode()
    assert 'value="teacher_a@example.test"' in response.content.decode()
    assert reset(client, "teacher_a@example.test", address="10.0.0.2").status_code == 302


def test_staff_keeping_many_records_are_not_held_by_the_profile_limit(client, two_centres, settings):
    settings.PROFILE_SAVES_PER_HOUR = 1
    teacher = two_centres.teacher_a
    client.force_login(two_centres.manager_a)
    school = {"profile-school": two_centres.school_a.code}
    for _ in range(3):
        response = client.post(reverse("people:edit", args=[teacher.pk]), form_data(teacher, **school))
        assert response.status_code == 302
