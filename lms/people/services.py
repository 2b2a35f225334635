"""Changing people and roles. Views, commands and the demo loader call these; nothing else writes roles."""

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core import signing
from django.db import transaction
from django.urls import reverse
from wagtail.log_actions import log

from lms.core.queue import enqueue
from lms.notifications.kinds import each_language
from lms.notifications.services import notify
from lms.org.models import Centre

from .models import Role, RoleAssignment, TeacherProfile, User
from .tasks import send_email_change

EMAIL_CHANGE_SALT = "lms.people.email-change"

# The Testing Center: writing the bank, and running tests and sittings (seed 000, 5.2).
EXAM_AUTHORING = [
    f"exams.{action}_{model}" for action in ("add", "change", "delete") for model in ("questioncategory", "question")
]
EXAM_RUNNING = [f"exams.{action}_{model}" for action in ("add", "change", "delete") for model in ("exam", "sitting")]
CERTIFICATE_TEMPLATES = [f"certificates.{action}_certificatetemplate" for action in ("add", "change", "delete")]

# The Django group each role puts its holders in: what the Wagtail admin lets them do. Which records
# they may touch is still decided by scope (lms.people.roles), not by the group.
ROLE_GROUPS = {
    Role.MASTER_TRAINER: (
        "Master trainers",
        ["wagtailadmin.access_admin", "media.add_h5pcontent", *EXAM_AUTHORING],
    ),
    Role.CENTRE_MANAGER: (
        "Centre managers",
        [
            "wagtailadmin.access_admin",
            "org.change_centre",
            "org.add_school",
            "org.change_school",
            "media.add_h5pcontent",
            "media.change_h5pcontent",
            *EXAM_AUTHORING,
            *EXAM_RUNNING,
            *CERTIFICATE_TEMPLATES,
        ],
    ),
    Role.CENTRE_STAFF: (
        "Centre staff",
        ["wagtailadmin.access_admin", "org.add_school", "org.change_school", *EXAM_AUTHORING, *EXAM_RUNNING],
    ),
    Role.SUPERVISOR: ("Supervisors", []),
    Role.PROVINCIAL_COMMITTEE: ("Provincial committee", []),
    Role.OBEC_ADMIN: (
        "OBEC administrators",
        [
            "wagtailadmin.access_admin",
            *(
                f"org.{action}_{model}"
                for action in ("add", "change", "delete")
                for model in ("province", "servicearea", "school", "centre")
            ),
            "people.add_roleassignment",
            "people.change_roleassignment",
            "people.delete_roleassignment",
            "media.add_h5pcontent",
            "media.change_h5pcontent",
            "media.delete_h5pcontent",
            "media.install_h5p_library",
            "learning.add_competency",
            "learning.change_competency",
            "learning.delete_competency",
            *EXAM_AUTHORING,
            *EXAM_RUNNING,
            *CERTIFICATE_TEMPLATES,
        ],
    ),
}


def sync_role_groups():
    """Create each role's group with exactly its permissions. Safe to run again (it runs after migrate)."""
    for name, codenames in ROLE_GROUPS.values():
        group, _created = Group.objects.get_or_create(name=name)
        perms = []
        for dotted in codenames:
            app_label, codename = dotted.split(".")
            perm = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
            if perm is not None:
                perms.append(perm)
        group.permissions.set(perms)


def sync_user_groups(user):
    """Make ``user``'s role groups exactly those of the roles they hold. Other groups are left alone."""
    role_group_names = {name for name, _perms in ROLE_GROUPS.values()}
    wanted = {ROLE_GROUPS[role][0] for role in user.role_assignments.values_list("role", flat=True)}
    current = set(user.groups.filter(name__in=role_group_names).values_list("name", flat=True))
    if wanted - current:
        user.groups.add(*[Group.objects.get_or_create(name=name)[0] for name in wanted - current])
    if current - wanted:
        user.groups.remove(*Group.objects.filter(name__in=current - wanted))
    user.__dict__.pop("role_assignments_cached", None)


@transaction.atomic
def grant_role(user, role, *, centre=None, province=None, staff_function="", granted_by=None):
    """Give ``user`` ``role`` at ``centre`` / in ``province`` (or nationally). Granting twice is harmless."""
    assignment = RoleAssignment(user=user, role=role, centre=centre, province=province, staff_function=staff_function)
    assignment.full_clean(validate_unique=False)
    assignment, created = RoleAssignment.objects.get_or_create(
        user=user, role=role, centre=centre, province=province, defaults={"staff_function": staff_function}
    )
    if created:
        log(instance=assignment, action="wagtail.create", user=granted_by)
    sync_user_groups(user)
    return assignment


@transaction.atomic
def revoke_role(assignment, revoked_by=None):
    log(instance=assignment, action="wagtail.delete", user=revoked_by)
    assignment.delete()
    sync_user_groups(assignment.user)


def get_profile(user):
    """The teacher profile of ``user``, created empty the first time it is needed."""
    profile, _created = TeacherProfile.objects.get_or_create(user=user)
    return profile


@transaction.atomic
def update_person(person, user_form, profile_form, changed_by):
    """Save a person's account and profile forms together and record who changed what.

    A new e-mail address or a self-typed citizen ID that the form set aside is not saved here (see
    :func:`request_email_change` and :func:`request_citizen_id_check`).
    """
    person = user_form.save()
    profile = profile_form.save()
    if person.citizen_id and profile.requested_citizen_id == person.citizen_id:
        profile.requested_citizen_id = ""
        profile.save(update_fields=["requested_citizen_id"])
    set_aside = {"email"} if user_form.requested_email else set()
    if user_form.requested_citizen_id:
        set_aside.add("citizen_id")
    changed = sorted((set(user_form.changed_data) - set_aside) | set(profile_form.changed_data))
    if changed:
        log(instance=person, action="wagtail.edit", user=changed_by, data={"fields": changed})
    return person


def request_email_change(user, new_email, *, site_url, language):
    """Mail ``new_email`` a signed link that makes it ``user``'s address (once the change commits).

    The link names the account and its current address, so it stops working once the address changes
    (used once) and after ``EMAIL_CHANGE_LINK_HOURS``. Whether the address is free is decided by the
    worker that sends the mail, never told to the person who typed it.
    """
    token = signing.dumps({"u": user.pk, "e": new_email, "o": user.email}, salt=EMAIL_CHANGE_SALT)
    url = site_url.rstrip("/") + reverse("people:email_confirm", args=[token])
    transaction.on_commit(lambda: enqueue(send_email_change, user.pk, new_email, url, language))


def read_email_change(token):
    """The account and new address a confirmation link stands for, or None if it is not (or no longer) valid."""
    try:
        data = signing.loads(token, salt=EMAIL_CHANGE_SALT, max_age=settings.EMAIL_CHANGE_LINK_HOURS * 3600)
    except signing.BadSignature:
        return None
    user = User.objects.filter(pk=data.get("u"), is_active=True).first()
    if user is None or user.email != data.get("o") or not data.get("e"):
        return None
    return user, data["e"]


@transaction.atomic
def confirm_email_change(user, new_email):
    """Make ``new_email`` the address of ``user``; False when another account has taken it meanwhile."""
    user = User.objects.select_for_update().get(pk=user.pk)
    if User.objects.filter(email__iexact=new_email).exclude(pk=user.pk).exists():
        return False
    user.email = new_email
    user.save(update_fields=["email"])
    log(instance=user, action="wagtail.edit", user=user, data={"fields": ["email"]})
    return True


def records_staff(person):
    """Who keeps ``person``'s record: the managers and staff of their centre, else the OBEC administrators."""
    centre = home_centre(person)
    if centre is not None:
        keepers = User.objects.filter(
            role_assignments__centre=centre,
            role_assignments__role__in=[Role.CENTRE_MANAGER, Role.CENTRE_STAFF],
            is_active=True,
        ).distinct()
        if keepers.exists():
            return list(keepers)
    return list(User.objects.filter(role_assignments__role=Role.OBEC_ADMIN, is_active=True).distinct())


@transaction.atomic
def request_citizen_id_check(person, requested):
    """Keep the citizen ID ``person`` typed for themselves and ask their records staff to check and set it.

    Staff set it in the person's record, where a clash with another account shows; the person is told
    only that it will be checked, whether or not another account has it.
    """
    profile = get_profile(person)
    if profile.requested_citizen_id == requested:
        return
    profile.requested_citizen_id = requested
    profile.save(update_fields=["requested_citizen_id"])
    notify(
        records_staff(person),
        kind="citizen_id_check",
        params={"name": each_language(lambda: person.display_name)},
        url=reverse("people:edit", args=[person.pk]),
        actor=person,
    )


def home_centre(user):
    """The centre that serves ``user``: through their school's service area, else where they hold a role."""
    centre = Centre.objects.filter(service_areas__schools__teachers__user=user).order_by("pk").first()
    if centre is None:
        assignment = user.role_assignments.filter(centre__isnull=False).select_related("centre").first()
        centre = assignment.centre if assignment else None
    return centre
