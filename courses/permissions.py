"""Who may do what in the courses: open a course's lessons, enrol others, approve a course for publishing."""

from lms.learning import services as learning
from lms.people.roles import Capability, holds_at, scope_for, staff_scope


def is_course_staff(user, course):
    """Trainers, managers and staff of the course's centre, and supervisors and OBEC above it."""
    return staff_scope(user).covers_centre(course.centre)


def may_open_lesson(user, course):
    """Teachers enrolled in the course, and its staff."""
    return user.is_authenticated and (
        learning.active_enrolment(user, course) is not None or is_course_staff(user, course)
    )


def may_enrol_others(user, course):
    return scope_for(user, Capability.EDIT_PEOPLE).covers_centre(course.centre)


def may_approve_at(user, centre):
    """Approval in the publishing workflow belongs to the managers of the course's own centre."""
    return holds_at(user, Capability.APPROVE_COURSES, centre)
