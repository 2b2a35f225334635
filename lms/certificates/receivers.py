"""Issue certificates when a course is completed or a test that issues them is graded."""

from django.dispatch import receiver

from lms.exams.signals import attempt_graded
from lms.learning.signals import course_completed

from . import services


@receiver(course_completed)
def certificate_for_course(sender, enrolment, course, **kwargs):
    services.issue_for_course(enrolment, course)


@receiver(attempt_graded)
def certificate_for_level(sender, attempt, **kwargs):
    if attempt.exam.issues_certificates and attempt.band:
        services.issue_for_attempt(attempt)
