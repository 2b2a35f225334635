"""Background work of the courses app (Celery)."""

from celery import shared_task

from lms.learning import services


@shared_task(acks_late=True)
def refresh_course(course_id):
    from .models import CoursePage

    course = CoursePage.objects.filter(pk=course_id).first()
    if course is not None:
        services.refresh_course(course)
