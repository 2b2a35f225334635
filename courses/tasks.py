"""Background work of the courses app (Celery)."""

from celery import shared_task

from lms.learning import services

from .models import CoursePage


@shared_task(acks_late=True)
def refresh_course(course_id):
    course = CoursePage.objects.filter(pk=course_id).first()
    if course is not None:
        services.refresh_course(course)
