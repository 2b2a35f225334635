"""Who may do what, and where: the one table of role capabilities and the scope each one reaches.

Every view asks :func:`scope_for` (or one of the ``can_*`` helpers) and filters through the querysets'
``in_scope``; no view decides scoping on its own.
"""

from lms.org.models import Centre
from lms.org.scope import EVERYWHERE, NOWHERE, Scope

from .models import CENTRE_ROLES, PROVINCE_ROLES, Role, User


class Capability:
    VIEW_PEOPLE = "view_people"
    EDIT_PEOPLE = "edit_people"
    VIEW_CITIZEN_ID = "view_citizen_id"
    MANAGE_ORG = "manage_org"
    VIEW_REPORTS = "view_reports"
    # Write learning content at one's centre: course and lesson pages, PLC spaces, H5P items.
    AUTHOR_CONTENT = "author_content"
    APPROVE_COURSES = "approve_courses"
    MODERATE_PLC = "moderate_plc"
    MANAGE_TESTS = "manage_tests"
    VIEW_RESULTS = "view_results"
    MANAGE_CERTIFICATES = "manage_certificates"


CAPABILITIES = {
    # Master trainers write items for their centre's bank and tests (seed 000, 5.2: ศูนย์การทดสอบ).
    Role.MASTER_TRAINER: {Capability.AUTHOR_CONTENT, Capability.MANAGE_TESTS},
    Role.CENTRE_MANAGER: {
        Capability.VIEW_PEOPLE,
        Capability.EDIT_PEOPLE,
        Capability.VIEW_CITIZEN_ID,
        Capability.MANAGE_ORG,
        Capability.VIEW_REPORTS,
        Capability.AUTHOR_CONTENT,
        Capability.APPROVE_COURSES,
        Capability.MODERATE_PLC,
        Capability.MANAGE_TESTS,
        Capability.VIEW_RESULTS,
        Capability.MANAGE_CERTIFICATES,
    },
    # The clerk keeps the centre's teacher and school records (seed 000: ธุรการศูนย์ ... ข้อมูลของครู);
    # the group's model permissions limit staff to schools, not the centre itself.
    Role.CENTRE_STAFF: {
        Capability.VIEW_PEOPLE,
        Capability.EDIT_PEOPLE,
        Capability.VIEW_CITIZEN_ID,
        Capability.MANAGE_ORG,
        Capability.MODERATE_PLC,
        Capability.MANAGE_TESTS,
        Capability.VIEW_RESULTS,
        Capability.MANAGE_CERTIFICATES,
    },
    Role.SUPERVISOR: {Capability.VIEW_PEOPLE, Capability.VIEW_REPORTS, Capability.VIEW_RESULTS},
    Role.PROVINCIAL_COMMITTEE: {Capability.VIEW_PEOPLE, Capability.VIEW_REPORTS, Capability.VIEW_RESULTS},
    Role.OBEC_ADMIN: {
        Capability.VIEW_PEOPLE,
        Capability.EDIT_PEOPLE,
        Capability.VIEW_CITIZEN_ID,
        Capability.MANAGE_ORG,
        Capability.VIEW_REPORTS,
        Capability.AUTHOR_CONTENT,
        Capability.APPROVE_COURSES,
        Capability.MODERATE_PLC,
        Capability.MANAGE_TESTS,
        Capability.VIEW_RESULTS,
        Capability.MANAGE_CERTIFICATES,
    },
}


def _assignments(user):
    if not user.is_authenticated:
        return []
    return user.role_assignments_cached


def scope_for(user, capability):
    """The part of the organisation where ``user`` has ``capability``."""
    if not user.is_authenticated or not user.is_active:
        return NOWHERE
    if user.is_superuser:
        return EVERYWHERE
    scope = NOWHERE
    for assignment in _assignments(user):
        if capability not in CAPABILITIES.get(assignment.role, ()):
            continue
        if assignment.role in CENTRE_ROLES:
            scope = scope | Scope(centre_ids=frozenset({assignment.centre_id}))
        elif assignment.role in PROVINCE_ROLES:
            scope = scope | Scope(province_ids=frozenset({assignment.province_id}))
        else:
            return EVERYWHERE
    return scope


def author_centres(user):
    """The centres whose courses, communities and H5P items ``user`` may author."""
    return Centre.objects.in_scope(scope_for(user, Capability.AUTHOR_CONTENT))


def staff_scope(user):
    """Everywhere ``user`` holds any role: where they count as staff rather than as a trainee."""
    scope = NOWHERE
    for capability in {c for caps in CAPABILITIES.values() for c in caps}:
        scope = scope | scope_for(user, capability)
    return scope


def require_scope(user, capability):
    """The scope of ``capability`` for ``user``; 403 where they hold it nowhere."""
    from django.core.exceptions import PermissionDenied

    scope = scope_for(user, capability)
    if scope.is_empty:
        raise PermissionDenied
    return scope


def has_capability(user, capability):
    return not scope_for(user, capability).is_empty


def _assignment_within(assignment, scope):
    if scope.national:
        return True
    if assignment.role in CENTRE_ROLES:
        return assignment.centre_id in scope.centre_ids or assignment.centre.province_id in scope.province_ids
    if assignment.role in PROVINCE_ROLES:
        return assignment.province_id in scope.province_ids
    return False


def _capabilities(user):
    return set().union(*(CAPABILITIES.get(a.role, set()) for a in _assignments(user)))


def can_edit_person(editor, person):
    """Edit another's record: the person is in the editor's scope and holds less power than the editor.

    Each of the person's roles must lie inside the editor's scope and grant strictly fewer capabilities
    than the editor has. Otherwise a clerk could change a manager's e-mail, reset the password and
    take over the account, or one manager could take over a fellow manager.
    """
    if editor.pk == person.pk:
        return True
    if editor.is_superuser:
        return True
    if person.is_superuser:
        return False
    scope = scope_for(editor, Capability.EDIT_PEOPLE)
    if scope.is_empty:
        return False
    if not User.objects.in_scope(scope).filter(pk=person.pk).exists():
        return False
    editor_capabilities = _capabilities(editor)
    return all(
        _assignment_within(a, scope) and CAPABILITIES.get(a.role, set()) < editor_capabilities
        for a in person.role_assignments.select_related("centre")
    )


def can_see_citizen_id(viewer, person):
    """The full ID is shown to the person and to staff who keep records of their centre (PDPA)."""
    if viewer.pk == person.pk:
        return True
    scope = scope_for(viewer, Capability.VIEW_CITIZEN_ID)
    return not scope.is_empty and User.objects.in_scope(scope).filter(pk=person.pk).exists()


def capability_menu_item(capability, *args, **kwargs):
    """A Wagtail admin menu item shown only to those who hold ``capability`` somewhere."""
    from wagtail.admin.menu import MenuItem

    class CapabilityMenuItem(MenuItem):
        def is_shown(self, request):
            return has_capability(request.user, capability)

    return CapabilityMenuItem(*args, **kwargs)
