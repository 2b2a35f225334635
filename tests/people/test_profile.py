import pytest
from django.core import mail
from django.urls import reverse

from lms.people.models import User

pytestmark = pytest.mark.django_db


def form_data(user, **changes):
    data = {
        "person-title": "นาย",
        "person-first_name": "สมชาย",
        "person-last_name": "รักเรียน",
        "person-first_name_en": "Somchai",
        "person-last_name_en": "Rakrian",
        "person-email": user.email,
        "person-citizen_id": user.citizen_id or "",
        "profile-school": "",
        "profile-position": "teacher",
        "profile-academic_standing": "professional",
        "profile-subject_area": "mathematics",
        "profile-licence_number": "63001234",
        "profile-licence_expiry": "2029-03-31",
    }
    data.update(changes)
    return data


def test_teacher_sees_own_full_citizen_id_and_buddhist_era_dates(client, two_centres):
    teacher = two_centres.teacher_a
    teacher.profile.licence_expiry = "2029-03-31"
    teacher.profile.save()
    client.force_login(teacher)
    body = client.get(reverse("people:profile")).content.decode()
    assert teacher.citizen_id_display in body
    assert "31 มีนาคม 2572" in body


def test_teacher_corrects_own_data_typing_the_id_in_thai_digits(client, two_centres):
    teacher = two_centres.teacher_a
    client.force_login(teacher)
    thai_digits = teacher.citizen_id_display.translate(str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙"))
    response = client.post(
        reverse("people:profile_edit"),
        form_data(teacher, **{"person-citizen_id": thai_digits, "profile-school": "1000000001"}),
    )
    assert response.status_code == 302
    teacher.refresh_from_db()
    assert teacher.first_name == "สมชาย" and teacher.profile.licence_number == "63001234"
    assert teacher.profile.school == two_centres.school_a


def test_bad_input_is_refused_with_messages_and_nothing_is_saved(client, two_centres):
    teacher = two_centres.teacher_a
    before = User.objects.get(pk=teacher.pk)
    client.force_login(teacher)
    response = client.post(
        reverse("people:profile_edit"),
        form_data(teacher, **{"person-citizen_id": "1-2345-67890-12-0", "profile-school": "9999999999"}),
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "person-citizen_id" in body and "9999999999" in body  # typed values are kept in the form
    assert response.context["person_form"].errors["citizen_id"]
    assert response.context["profile_form"].errors["school"]
    after = User.objects.get(pk=teacher.pk)
    assert (after.first_name, after.citizen_id) == (before.first_name, before.citizen_id)


def test_an_email_another_account_uses_is_not_taken_and_not_told(client, two_centres):
    client.force_login(two_centres.teacher_a)
    response = client.post(
        reverse("people:profile_edit"), form_data(two_centres.teacher_a, **{"person-email": "TEACHER_B@example.test"})
    )
    assert response.status_code == 302
    assert User.objects.get(pk=two_centres.teacher_a.pk).email == "teacher_a@example.test"


def test_sign_in_sign_out_and_password_reset_by_email(client, two_centres):
    response = client.post(reverse("login"), {"username": "teacher_a", "password": "pw-for-tests-123"})
    assert response.status_code == 302 and response["Location"] == reverse("learning:my_learning")
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(reverse("people:profile")).status_code == 302
    response = client.post(reverse("password_reset"), {"email": "teacher_a@example.test"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1 and "/accounts/reset/" in mail.outbox[0].body


def test_wrong_password_shows_a_message(client, two_centres):
    response = client.post(reverse("login"), {"username": "teacher_a", "password": "nope"})
    assert response.status_code == 200
    assert response.context["form"].errors


def test_a_teacher_may_name_any_school_as_their_own(client, two_centres):
    t = two_centres
    client.force_login(t.teacher_a)
    response = client.post(
        reverse("people:profile_edit"),
        {
            "person-first_name": "ก",
            "person-last_name": "ข",
            "person-email": t.teacher_a.email,
            "profile-school": t.school_b.code,
            "profile-position": "teacher",
        },
    )
    assert response.status_code == 302
    t.teacher_a.profile.refresh_from_db()
    assert t.teacher_a.profile.school == t.school_b
