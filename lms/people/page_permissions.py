"""Pages that belong to a centre: who may author them in the Wagtail admin.

Course pages and PLC pages both sit in a section of the page tree (the catalogue, the PLC index) and
each belongs to one centre. Wagtail's group page permissions say what trainers and managers may do in a
section at all; the testers here take every permission away on pages of another centre's, and keep
the section's index page itself for the national administrators.
"""

from django.contrib.auth.models import Group, Permission
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, PagePermissionTester

from lms.core.slugs import ThaiSlugPageForm

from .forms import CentreInScopeMixin
from .models import Role
from .permissions import may_author_at
from .roles import Capability, scope_for
from .services import ROLE_GROUPS


class CentrePagePermissionTester(PagePermissionTester):
    """Group permissions, minus everything on pages of centres the user does not author for.

    A page being created has no place in the tree yet; whether it may be added is the parent's
    question, asked of the parent's tester.
    """

    def __init__(self, user, page, centre):
        super().__init__(user, page)
        if page.pk and user.is_active and not user.is_superuser and not may_author_at(user, centre):
            self.permissions = set()


class SectionIndexPermissionTester(PagePermissionTester):
    """On a section's index page itself, trainers and managers may only add pages under it.

    Changing, unpublishing or moving it would take every centre's pages with it: that is for the
    national administrators.
    """

    def __init__(self, user, page):
        super().__init__(user, page)
        # Wagtail gives superusers and inactive users no permission set: every check answers for them
        # before reading one.
        self.group_permissions = getattr(self, "permissions", None)
        if self.group_permissions is not None and not scope_for(user, Capability.AUTHOR_CONTENT).national:
            self.permissions = self.permissions & {"add"}

    def can_publish_subpage(self):
        # Publishing a new page under the index is a right over that page (a manager's own centre's),
        # not over the index: the group permission decides it.
        if self.group_permissions is None:
            return super().can_publish_subpage()
        section_permissions, self.permissions = self.permissions, self.group_permissions
        try:
            return super().can_publish_subpage()
        finally:
            self.permissions = section_permissions


class AuthorCentresMixin(CentreInScopeMixin):
    """On an admin form (page or model) with a ``centre`` field: only the centres the user authors for."""

    centre_capability = Capability.AUTHOR_CONTENT
    empty_centre_is_national = False


class CentreChoiceForm(AuthorCentresMixin, ThaiSlugPageForm):
    """An author chooses only the centres they author for."""


# What each role's group may do in a section's page tree and in the image and document library.
SECTION_PAGE_PERMISSIONS = {
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


def grant_section_permissions(index_page):
    """Let trainers, managers and OBEC administrators author under ``index_page``. Safe to repeat."""
    root_collection = Collection.get_first_root_node() or Collection.add_root(name="Root")
    for role, codenames in SECTION_PAGE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=ROLE_GROUPS[role][0])
        for codename in codenames:
            permission = Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)
            GroupPagePermission.objects.get_or_create(group=group, page=index_page, permission=permission)
        for app_label, codename in LIBRARY_PERMISSIONS:
            permission = Permission.objects.get(content_type__app_label=app_label, codename=codename)
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=root_collection, permission=permission
            )
