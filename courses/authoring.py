"""Who may author and approve which courses: a course belongs to its centre.

Wagtail's group page permissions say what trainers and managers may do in the catalogue at all; the
tester here takes every permission away on pages of a course run by another centre. Approval in the
publishing workflow belongs to the managers of the course's own centre.
"""

from django.contrib.auth.models import Group, Permission
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, PagePermissionTester

from lms.org.models import Centre
from lms.people.models import Role
from lms.people.roles import Capability, scope_for
from lms.people.services import ROLE_GROUPS


def author_centres(user):
    return Centre.objects.in_scope(scope_for(user, Capability.AUTHOR_COURSES))


def may_author_at(user, centre):
    return user.is_superuser or (
        centre is not None and scope_for(user, Capability.AUTHOR_COURSES).covers_centre(centre)
    )


def may_approve_at(user, centre):
    return user.is_superuser or (
        centre is not None and scope_for(user, Capability.APPROVE_COURSES).covers_centre(centre)
    )


class CentrePagePermissionTester(PagePermissionTester):
    """Group permissions, minus everything on courses of centres the user does not author for.

    A page being created has no place in the tree yet; whether it may be added is the parent's
    question, asked of the parent's tester.
    """

    def __init__(self, user, page, centre):
        super().__init__(user, page)
        if page.pk and user.is_active and not user.is_superuser and not may_author_at(user, centre):
            self.permissions = set()


class CatalogueIndexPermissionTester(PagePermissionTester):
    """On the catalogue page itself, trainers and managers may only add courses under it.

    Changing, unpublishing or moving it would take every centre's courses with it: that is for the
    national administrators.
    """

    def __init__(self, user, page):
        super().__init__(user, page)
        if user.is_active and not user.is_superuser and not scope_for(user, Capability.AUTHOR_COURSES).national:
            self.permissions = self.permissions & {"add"}


class CourseForm(WagtailAdminPageForm):
    """A trainer chooses only the centres they author for."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.for_user is not None and not self.for_user.is_superuser and "centre" in self.fields:
            self.fields["centre"].queryset = author_centres(self.for_user)


# What each role's group may do in a catalogue's page tree and in the image and document library.
CATALOGUE_PAGE_PERMISSIONS = {
    Role.MASTER_TRAINER: ["add_page", "change_page"],
    Role.CENTRE_MANAGER: ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
    Role.OBEC_ADMIN: ["add_page", "change_page", "publish_page", "delete_page", "lock_page", "unlock_page"],
}
LIBRARY_PERMISSIONS = [
    ("wagtailimages", "add_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "choose_document"),
]


def grant_catalogue_permissions(index_page):
    """Let trainers, managers and OBEC administrators author under ``index_page``. Safe to repeat."""
    root_collection = Collection.get_first_root_node() or Collection.add_root(name="Root")
    for role, codenames in CATALOGUE_PAGE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=ROLE_GROUPS[role][0])
        for codename in codenames:
            permission = Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)
            GroupPagePermission.objects.get_or_create(group=group, page=index_page, permission=permission)
        for app_label, codename in LIBRARY_PERMISSIONS:
            permission = Permission.objects.get(content_type__app_label=app_label, codename=codename)
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=root_collection, permission=permission
            )
