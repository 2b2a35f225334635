"""Who may do what to which person's record, who may author where, and the admin's policy for roles."""

from . import policies
from .models import CENTRE_ROLES, PROVINCE_ROLES, RoleAssignment, User
from .roles import CAPABILITIES, Capability, capabilities, holds_at, scope_for


def may_author_at(user, centre):
    return holds_at(user, Capability.AUTHOR_CONTENT, centre)


def _assignment_within(assignment, scope):
    if scope.national:
        return True
    if assignment.role in CENTRE_ROLES:
        return assignment.centre_id in scope.centre_ids or assignment.centre.province_id in scope.province_ids
    if assignment.role in PROVINCE_ROLES:
        return assignment.province_id in scope.province_ids
    return False


def may_edit_person(editor, person):
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
    editor_capabilities = capabilities(editor)
    return all(
        _assignment_within(a, scope) and CAPABILITIES.get(a.role, set()) < editor_capabilities
        for a in person.role_assignments.select_related("centre")
    )


def may_see_citizen_id(viewer, person):
    """The full ID is shown to the person and to staff who keep records of their centre (PDPA)."""
    if viewer.pk == person.pk:
        return True
    scope = scope_for(viewer, Capability.VIEW_CITIZEN_ID)
    return not scope.is_empty and User.objects.in_scope(scope).filter(pk=person.pk).exists()


def register_permission_policies():
    # Those who keep the organisation's records see and change the roles held inside it.
    policies.register_capability_scope(RoleAssignment, Capability.MANAGE_ORG)
