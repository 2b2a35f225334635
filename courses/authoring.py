"""Who may author and approve which courses: a course belongs to its centre.

Authoring follows the rules shared by every centre-owned section (``lms.people.page_permissions``);
approval in the publishing workflow belongs to the managers of the course's own centre.
"""

from lms.people.page_permissions import (
    CentreChoiceForm,
    CentrePagePermissionTester,
    SectionIndexPermissionTester,
    grant_section_permissions,
)
from lms.people.roles import Capability, scope_for

__all__ = ["CentrePagePermissionTester", "CourseForm", "SectionIndexPermissionTester", "grant_section_permissions"]


def may_approve_at(user, centre):
    return user.is_superuser or (
        centre is not None and scope_for(user, Capability.APPROVE_COURSES).covers_centre(centre)
    )


class CourseForm(CentreChoiceForm):
    """A trainer chooses only the centres they author for."""
