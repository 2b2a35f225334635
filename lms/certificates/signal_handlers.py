"""Issue certificates when a course is completed or a test that issues them is graded.

A certificate that cannot be issued is logged, never allowed to fail the completion or the grading that
triggered it: those are the teacher's records, and the certificate can be issued later.
"""

import logging

from lms.exams.signals import attempt_graded
from lms.learning.signals import course_completed

from . import services

logger = logging.getLogger(__name__)


def certificate_for_course(sender, enrolment, course, **kwargs):
    try:
        services.issue_for_course(enrolment, course)
    except Exception:
        logger.exception("no certificate for enrolment %s", enrolment.pk)


def certificate_for_level(sender, attempt, **kwargs):
    if not (attempt.exam.issues_certificates and attempt.band):
        return
    try:
        services.issue_for_attempt(attempt)
    except Exception:
        logger.exception("no certificate for attempt %s", attempt.pk)


def register_signal_handlers():
    course_completed.connect(certificate_for_course, dispatch_uid="certificates.for_course")
    attempt_graded.connect(certificate_for_level, dispatch_uid="certificates.for_level")
