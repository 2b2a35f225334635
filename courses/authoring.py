"""Who may author and approve which courses: a course belongs to its centre.

Authoring follows the rules shared by every centre-owned section (``lms.people.page_permissions``);
approval in the publishing workflow belongs to the managers of the course's own centre.
"""

from lms.people.page_permissions import CentreChoiceForm, holds_at
from lms.people.roles import Capability


def may_approve_at(user, centre):
    return holds_at(user, Capability.APPROVE_COURSES, centre)


class CourseForm(CentreChoiceForm):
    """A trainer chooses only the centres they author for."""
