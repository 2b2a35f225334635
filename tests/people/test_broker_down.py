"""With the broker (Redis) unreachable, a profile saved and a reset asked for still answer normally: what
was saved stays saved and the page is not an error; the mail is logged as not queued."""

import pytest
from django.urls import reverse

from tests.people.test_profile import form_data

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def test_a_new_address_saved_while_the_broker_is_down_keeps_the_other_changes(client, broker_down, two_centres):
    teacher = two_centres.teacher_a
    client.force_login(teacher)
    changes = {"person-first_name": "สมหญิง", "person-email": "new-address@example.test"}
    response = client.post(reverse("people:profile_edit"), form_data(teacher, **changes))
    assert response.status_code == 302
    teacher.refresh_from_db()
    assert teacher.first_name == "สมหญิง"


def test_a_reset_asked_for_while_the_broker_is_down_answers_as_usual(client, broker_down, two_centres):
    response = client.post(reverse("password_reset"), {"email": two_centres.teacher_a.email})
    assert response.status_code == 302 and response["Location"] == reverse("password_reset_done")
