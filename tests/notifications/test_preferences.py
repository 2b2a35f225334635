"""The page where a person chooses which notices come by e-mail."""

import pytest
from django.urls import reverse

from lms.notifications.models import EmailPreference
from lms.notifications.preferences import wants_email

pytestmark = pytest.mark.django_db
PAGE = reverse("notifications:preferences")


def test_the_page_lists_the_kinds_that_concern_the_person(client, two_centres):
    client.cookies["django_language"] = "en"
    client.force_login(two_centres.teacher_a)
    teacher_page = client.get(PAGE).content.decode()
    assert "Certificate ready" in teacher_page and "Submitted for approval" not in teacher_page
    # Revocation is always mailed: shown, but not a choice.
    assert 'value="certificate_revoked"' not in teacher_page and "Always sent" in teacher_page
    client.force_login(two_centres.manager_a)
    assert "Submitted for approval" in client.get(PAGE).content.decode()


def test_choices_are_saved_for_the_person_signed_in_only(client, two_centres):
    teacher, other = two_centres.teacher_a, two_centres.teacher_b
    client.force_login(teacher)
    response = client.post(
        PAGE, {"shown": ["course_completed", "certificate_ready"], "email": ["certificate_ready"]}, follow=True
    )
    assert response.status_code == 200
    assert wants_email([teacher], "course_completed") == {teacher.pk: False}
    assert wants_email([teacher], "certificate_ready") == {teacher.pk: True}
    assert wants_email([other], "course_completed") == {other.pk: True}
    assert not EmailPreference.objects.filter(user=other).exists()
    page = response.content.decode()
    assert 'value="course_completed" id="email-course_completed">' in page
    assert 'value="certificate_ready" id="email-certificate_ready" checked>' in page


def test_a_kind_that_may_not_be_turned_off_stays_on(client, two_centres):
    client.force_login(two_centres.teacher_a)
    client.post(PAGE, {"shown": ["certificate_revoked"]})
    assert wants_email([two_centres.teacher_a], "certificate_revoked") == {two_centres.teacher_a.pk: True}


def test_an_out_of_date_form_saves_nothing_and_says_so(client, two_centres):
    client.cookies["django_language"] = "en"
    client.force_login(two_centres.teacher_a)
    # A teacher is never asked about approvals: a form naming one is not theirs to send.
    response = client.post(PAGE, {"shown": ["course_completed", "page_submitted"]})
    assert response.status_code == 400
    assert "nothing was saved" in response.content.decode()
    assert not EmailPreference.objects.exists()


def test_a_person_without_an_e_mail_address_is_told(client, two_centres):
    two_centres.teacher_a.email = ""
    two_centres.teacher_a.save(update_fields=["email"])
    client.cookies["django_language"] = "en"
    client.force_login(two_centres.teacher_a)
    assert "no e-mail address" in client.get(PAGE).content.decode()


def test_only_people_signed_in_reach_the_page(client):
    response = client.get(PAGE)
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_the_notifications_page_links_to_the_choices(client, two_centres):
    client.force_login(two_centres.teacher_a)
    assert PAGE in client.get(reverse("notifications:list")).content.decode()
