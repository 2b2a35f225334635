"""The course form of the admin: a course belongs to its centre.

Authoring follows the rules shared by every centre-owned section (``lms.people.page_permissions``);
who approves a course is ``permissions.may_approve_at``.
"""

from lms.people.page_permissions import CentreChoiceForm


class CourseForm(CentreChoiceForm):
    """A trainer chooses only the centres they author for."""
