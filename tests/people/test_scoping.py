"""Role scoping across two centres: every view refuses what lies outside the viewer's scope."""

import pytest
from django.urls import reverse

from lms.org.models import Centre, School
from lms.people.models import Role, User
from lms.people.permissions import may_edit_person
from lms.people.roles import Capability, scope_for
from lms.people.services import grant_role
from tests import factories as f

pytestmark = pytest.mark.django_db


def login(client, user):
    client.force_login(user)
    return client


def names_in_directory(client):
    response = client.get(reverse("people:directory"))
    assert response.status_code == 200
    return {p.username for p in response.context["page"].object_list}


def test_centre_manager_sees_only_people_of_their_centre(client, two_centres):
    t = two_centres
    seen = names_in_directory(login(client, t.manager_a))
    assert {"teacher_a", "manager_a", "trainer_a"} <= seen
    assert not seen & {"teacher_b", "manager_b", "teacher_a2", "supervisor_cm", "obec"}


def test_other_centre_manager_sees_the_mirror_image(client, two_centres):
    seen = names_in_directory(login(client, two_centres.manager_b))
    assert "teacher_b" in seen and "teacher_a" not in seen


def test_cross_centre_detail_and_edit_are_refused(client, two_centres):
    t = two_centres
    login(client, t.manager_a)
    assert client.get(reverse("people:detail", args=[t.teacher_b.pk])).status_code == 404
    assert client.get(reverse("people:edit", args=[t.teacher_b.pk])).status_code == 404
    response = client.post(
        reverse("people:edit", args=[t.teacher_b.pk]),
        {"person-first_name": "hijacked", "person-last_name": "x", "person-email": "evil@example.test"},
    )
    assert response.status_code == 404
    t.teacher_b.refresh_from_db()
    assert t.teacher_b.email == "teacher_b@example.test"


def test_manager_edits_a_teacher_of_their_centre(client, two_centres):
    t = two_centres
    login(client, t.manager_a)
    response = client.post(
        reverse("people:edit", args=[t.teacher_a.pk]),
        {
            "person-title": "นาง",
            "person-first_name": "มาลี",
            "person-last_name": "ใจงาม",
            "person-email": "malee@example.test",
            "person-citizen_id": "",
            "profile-school": t.school_a.code,
            "profile-position": "teacher",
            "profile-academic_standing": "professional",
        },
    )
    assert response.status_code == 302
    t.teacher_a.refresh_from_db()
    assert (t.teacher_a.first_name, t.teacher_a.profile.academic_standing) == ("มาลี", "professional")


def test_manager_cannot_edit_someone_whose_role_reaches_beyond_their_centre(two_centres):
    t = two_centres
    # The supervisor teaches at school A, but holds a province-wide role.
    t.supervisor_cm.profile.school = t.school_a
    t.supervisor_cm.profile.save()
    assert User.objects.in_scope(scope_for(t.manager_a, Capability.EDIT_PEOPLE)).filter(pk=t.supervisor_cm.pk).exists()
    assert not may_edit_person(t.manager_a, t.supervisor_cm)
    grant_role(t.teacher_a, Role.OBEC_ADMIN)
    assert not may_edit_person(t.manager_a, t.teacher_a)


def test_supervisor_sees_the_province_but_cannot_edit(client, two_centres):
    t = two_centres
    seen = names_in_directory(login(client, t.supervisor_cm))
    assert {"teacher_a", "teacher_a2", "manager_a"} <= seen
    assert "teacher_b" not in seen
    assert client.get(reverse("people:edit", args=[t.teacher_a.pk])).status_code == 403


def test_citizen_id_is_masked_for_supervisors_and_shown_to_managers(client, two_centres):
    t = two_centres
    full = t.teacher_a.citizen_id_display
    masked = t.teacher_a.citizen_id_masked
    login(client, t.supervisor_cm)
    body = client.get(reverse("people:detail", args=[t.teacher_a.pk])).content.decode()
    assert masked in body and full not in body and t.teacher_a.citizen_id not in body
    body = client.get(reverse("people:directory")).content.decode()
    assert full not in body
    login(client, t.manager_a)
    assert full in client.get(reverse("people:detail", args=[t.teacher_a.pk])).content.decode()


def test_obec_sees_everyone(client, two_centres):
    seen = names_in_directory(login(client, two_centres.obec))
    assert {"teacher_a", "teacher_b", "teacher_a2", "supervisor_cm"} <= seen


@pytest.mark.parametrize("who", ["teacher_a", "trainer_a"])
def test_teachers_and_trainers_have_no_directory(client, two_centres, who):
    login(client, getattr(two_centres, who))
    assert client.get(reverse("people:directory")).status_code == 403
    assert client.get(reverse("people:detail", args=[two_centres.teacher_b.pk])).status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(client, two_centres):
    for url in (reverse("people:directory"), reverse("people:profile"), reverse("people:detail", args=[1])):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_directory_filters_by_centre_only_within_scope(client, two_centres):
    t = two_centres
    login(client, t.manager_a)
    response = client.get(reverse("people:directory"), {"centre": t.centre_b.pk})
    assert "teacher_b" not in {p.username for p in response.context["page"].object_list}


def test_directory_query_count_does_not_grow_with_people(client, two_centres, django_assert_max_num_queries):
    t = two_centres
    login(client, t.obec)
    # 13: the menu counts unread notifications.
    with django_assert_max_num_queries(13) as first:
        client.get(reverse("people:directory"))
    for i in range(15):
        from tests import factories as f

        f.person(f"extra{i}", t.school_b)
    with django_assert_max_num_queries(len(first.captured_queries)):
        client.get(reverse("people:directory"))


def test_wagtail_admin_lists_and_opens_only_the_managers_own_centre_and_schools(client, two_centres):
    t = two_centres
    login(client, t.manager_a)
    listing = client.get(reverse("wagtailsnippets_org_centre:list"))
    assert listing.status_code == 200
    assert t.centre_a.name_th in listing.content.decode() and t.centre_b.name_th not in listing.content.decode()
    assert client.get(reverse("wagtailsnippets_org_centre:edit", args=[t.centre_a.pk])).status_code == 200
    assert client.get(reverse("wagtailsnippets_org_centre:edit", args=[t.centre_b.pk])).status_code == 404
    response = client.post(
        reverse("wagtailsnippets_org_centre:edit", args=[t.centre_b.pk]), {"name_th": "ยึด", "code": "X"}
    )
    assert response.status_code == 404
    assert Centre.objects.get(pk=t.centre_b.pk).name_th != "ยึด"
    schools = client.get(reverse("wagtailsnippets_org_school:list")).content.decode()
    assert t.school_a.name_th in schools and t.school_b.name_th not in schools
    assert client.get(reverse("wagtailsnippets_org_school:edit", args=[t.school_b.pk])).status_code == 404


def test_manager_cannot_create_a_school_in_another_province(client, two_centres):
    t = two_centres
    login(client, t.manager_a)
    response = client.post(
        reverse("wagtailsnippets_org_school:add"),
        {"code": "3000000001", "name_th": "โรงเรียนนอกเขต", "province": t.centre_b.province_id, "district": ""},
    )
    assert response.status_code == 200  # the form comes back with an error
    assert not School.objects.filter(code="3000000001").exists()


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
