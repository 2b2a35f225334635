"""Account takeover, PDPA and scope holes found in review, each pinned by a test."""

import pytest
from django.urls import reverse

from lms.people.models import Role, StaffFunction
from lms.people.permissions import may_edit_person
from lms.people.services import grant_role
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def clerk(two_centres):
    return f.person(
        "clerk_a",
        two_centres.school_a,
        Role.CENTRE_STAFF,
        centre=two_centres.centre_a,
        staff_function=StaffFunction.CLERK,
    )


def test_a_clerk_cannot_take_over_the_centre_manager(client, two_centres, clerk):
    t = two_centres
    assert not may_edit_person(clerk, t.manager_a)
    client.force_login(clerk)
    response = client.post(
        reverse("people:edit", args=[t.manager_a.pk]),
        {"person-first_name": "x", "person-last_name": "y", "person-email": "evil@x.test"},
    )
    assert response.status_code == 403
    t.manager_a.refresh_from_db()
    assert t.manager_a.email == "manager_a@example.test"


def test_clerks_edit_teachers_but_not_trainers(two_centres, clerk):
    assert may_edit_person(clerk, two_centres.teacher_a)
    assert not may_edit_person(clerk, two_centres.trainer_a)


def test_managers_edit_trainers_but_not_fellow_managers(two_centres):
    t = two_centres
    assert may_edit_person(t.manager_a, t.trainer_a)
    second_manager = f.person("manager_a2", t.school_a, Role.CENTRE_MANAGER, centre=t.centre_a)
    assert not may_edit_person(t.manager_a, second_manager)


def test_full_id_search_does_not_confirm_ids_to_who_sees_them_masked(client, two_centres):
    t = two_centres
    client.force_login(t.supervisor_cm)
    response = client.get(reverse("people:directory"), {"q": t.teacher_a.citizen_id_display})
    assert response.context["page"].paginator.count == 0
    client.force_login(t.manager_a)
    response = client.get(reverse("people:directory"), {"q": t.teacher_a.citizen_id_display})
    assert [p.username for p in response.context["page"].object_list] == ["teacher_a"]


def test_a_manager_cannot_move_a_teacher_to_a_school_outside_their_centres(client, two_centres):
    t = two_centres
    client.force_login(t.manager_a)
    response = client.post(
        reverse("people:edit", args=[t.teacher_a.pk]),
        {
            "person-first_name": "ก",
            "person-last_name": "ข",
            "person-email": t.teacher_a.email,
            "profile-school": t.school_b.code,
            "profile-position": "teacher",
        },
    )
    assert response.status_code == 200
    assert response.context["profile_form"].errors["school"]
    t.teacher_a.profile.refresh_from_db()
    assert t.teacher_a.profile.school == t.school_a


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


def test_admin_history_usage_and_chooser_stay_in_scope(client, two_centres):
    t = two_centres
    client.force_login(t.manager_a)
    for view in ("history", "usage"):
        assert client.get(reverse(f"wagtailsnippets_org_centre:{view}", args=[t.centre_b.pk])).status_code == 404
        assert client.get(reverse(f"wagtailsnippets_org_centre:{view}", args=[t.centre_a.pk])).status_code == 200
    chooser = client.get(reverse("wagtailsnippetchoosers_org_school:choose")).json()["html"]
    assert t.school_a.name_th in chooser and t.school_b.name_th not in chooser
    client.force_login(t.trainer_a)
    roles = client.get(reverse("wagtailsnippetchoosers_people_roleassignment:choose")).json()["html"]
    assert "manager_b" not in roles and t.manager_b.display_name not in roles


def test_centre_staff_manage_their_schools_but_not_the_centre(client, two_centres, clerk):
    t = two_centres
    client.force_login(clerk)
    listing = client.get(reverse("wagtailsnippets_org_school:list")).content.decode()
    assert t.school_a.name_th in listing and t.school_b.name_th not in listing
    assert client.get(reverse("wagtailsnippets_org_school:edit", args=[t.school_a.pk])).status_code == 200
    response = client.get(reverse("wagtailsnippets_org_centre:edit", args=[t.centre_a.pk]))
    assert response.status_code in (302, 403)


def test_role_granted_to_a_teacher_reaches_only_its_centre(two_centres):
    t = two_centres
    grant_role(t.teacher_a, Role.CENTRE_MANAGER, centre=t.centre_a)
    assert not may_edit_person(t.teacher_a, t.teacher_b)
