import pytest
from django.urls import reverse

from lms.people.models import Role, RoleAssignment
from lms.people.services import ROLE_GROUPS, grant_role, revoke_role

pytestmark = pytest.mark.django_db

ADD = reverse("wagtailsnippets_people_roleassignment:add")


def group_names(user):
    return set(user.groups.values_list("name", flat=True))


def test_grant_and_revoke_keep_groups_in_step_with_roles(two_centres):
    t = two_centres
    trainer_group, _ = ROLE_GROUPS[Role.MASTER_TRAINER]
    assignment = grant_role(t.teacher_a, Role.MASTER_TRAINER, centre=t.centre_a)
    grant_role(t.teacher_a, Role.MASTER_TRAINER, centre=t.centre_b)
    assert trainer_group in group_names(t.teacher_a)
    assert t.teacher_a.has_perm("wagtailadmin.access_admin")
    revoke_role(assignment)
    assert trainer_group in group_names(t.teacher_a)  # still a trainer at centre B
    revoke_role(RoleAssignment.objects.get(user=t.teacher_a))
    assert trainer_group not in group_names(t.teacher_a)


def test_role_in_the_wrong_kind_of_place_is_refused(two_centres):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        grant_role(two_centres.teacher_a, Role.SUPERVISOR, centre=two_centres.centre_a)


def test_obec_grants_a_role_in_the_admin_by_citizen_id(client, two_centres):
    t = two_centres
    client.force_login(t.obec)
    response = client.post(
        ADD, {"user": t.teacher_b.citizen_id_display, "role": Role.MASTER_TRAINER, "centre": t.centre_b.pk}
    )
    assert response.status_code == 302
    assert RoleAssignment.objects.filter(user=t.teacher_b, role=Role.MASTER_TRAINER, centre=t.centre_b).exists()
    assert ROLE_GROUPS[Role.MASTER_TRAINER][0] in group_names(t.teacher_b)


def test_admin_explains_unknown_people_and_duplicates(client, two_centres):
    t = two_centres
    client.force_login(t.obec)
    response = client.post(ADD, {"user": "nobody-here", "role": Role.MASTER_TRAINER, "centre": t.centre_a.pk})
    assert response.status_code == 200 and "nobody-here" in response.content.decode()
    response = client.post(ADD, {"user": "trainer_a", "role": Role.MASTER_TRAINER, "centre": t.centre_a.pk})
    assert response.status_code == 200
    assert RoleAssignment.objects.filter(user=t.trainer_a).count() == 1


def test_deleting_in_the_admin_removes_the_group(client, two_centres):
    t = two_centres
    client.force_login(t.obec)
    assignment = RoleAssignment.objects.get(user=t.trainer_a)
    response = client.post(reverse("wagtailsnippets_people_roleassignment:delete", args=[assignment.pk]))
    assert response.status_code == 302
    assert ROLE_GROUPS[Role.MASTER_TRAINER][0] not in group_names(t.trainer_a)


@pytest.mark.parametrize("who", ["manager_a", "supervisor_cm", "trainer_a"])
def test_only_obec_reaches_role_administration(client, two_centres, who):
    client.force_login(getattr(two_centres, who))
    response = client.post(ADD, {"user": who, "role": Role.OBEC_ADMIN})
    assert response.status_code in (302, 403)
    assert not RoleAssignment.objects.filter(role=Role.OBEC_ADMIN, user__username=who).exists()
