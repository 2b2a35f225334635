"""Who may do what, and where: the one table of role capabilities and the scope each one reaches.

Every view asks :func:`scope_for` (or a ``may_*`` check of ``permissions``) and filters through the
querysets' ``in_scope``; no view decides scoping on its own.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from wagtail.admin.menu import MenuItem

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
    scope = scope_for(user, capability)
    if scope.is_empty:
        raise PermissionDenied
    return scope


def get_in_scope_or_404(queryset, scope, **lookup):
    """The record of ``queryset`` matching ``lookup`` inside ``scope``; 404 otherwise, so whether it
    exists elsewhere does not show."""
    return get_object_or_404(queryset.in_scope(scope), **lookup)


def has_capability(user, capability):
    return not scope_for(user, capability).is_empty


def holds_at(user, capability, centre):
    """``user`` has ``capability`` where ``centre`` is (superusers everywhere)."""
    return user.is_superuser or (centre is not None and scope_for(user, capability).covers_centre(centre))


def holders_at_centre(capability, centre):
    """The active people whose role at ``centre`` itself grants ``capability`` (its managers, say), not
    those who hold it over a whole province or the nation."""
    roles = [role for role in CENTRE_ROLES if capability in CAPABILITIES.get(role, set())]
    return User.objects.filter(
        role_assignments__centre=centre, role_assignments__role__in=roles, is_active=True
    ).distinct()


def capabilities(user):
    """Every capability ``user`` holds somewhere."""
    return set().union(*(CAPABILITIES.get(a.role, set()) for a in _assignments(user)))


def capability_menu_item(capability, *args, **kwargs):
    """A Wagtail admin menu item shown only to those who hold ``capability`` somewhere."""

    class CapabilityMenuItem(MenuItem):
        def is_shown(self, request):
            return has_capability(request.user, capability)

    return CapabilityMenuItem(*args, **kwargs)
