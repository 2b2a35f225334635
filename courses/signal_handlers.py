"""The courses app's signal handlers: a lesson done by its H5P activities, and progress recounted when a
course or one of its lessons is published, unpublished or deleted (freed seats go to the waiting list),
in the background."""

import contextlib

from django.db import transaction
from django.db.models.signals import pre_delete
from wagtail.signals import page_published, page_unpublished

from lms.core.queue import enqueue
from lms.learning import services
from media.signals import h5p_completed

from .models import CoursePage, LessonPage, ModulePage
from .tasks import refresh_course


def _schedule(course):
    if course is not None and course.pk:
        # The publish is committed: a broker that is down must not turn it into an error page.
        transaction.on_commit(lambda: enqueue(refresh_course, course.pk))


def course_changed(sender, instance, **kwargs):
    _schedule(instance if isinstance(instance, CoursePage) else instance.course)


def lesson_h5p_completed(sender, user, content, lesson_id, **kwargs):
    """An H5P result counted: the lesson is done by itself if nothing else it asks is missing."""
    lesson = LessonPage.objects.filter(pk=lesson_id).first()
    enrolment = services.active_enrolment(user, lesson.course) if lesson is not None else None
    if enrolment is None:
        return
    # Whatever is still missing (time, another activity, a test) stays for the lesson page to say.
    with contextlib.suppress(services.LessonNotDone):
        services.complete_lesson(enrolment, lesson, lesson.course)


def register_signal_handlers():
    h5p_completed.connect(lesson_h5p_completed, dispatch_uid="courses.h5p_completed")
    for model in (CoursePage, ModulePage, LessonPage):
        page_published.connect(course_changed, sender=model, dispatch_uid=f"courses.published.{model.__name__}")
        page_unpublished.connect(course_changed, sender=model, dispatch_uid=f"courses.unpublished.{model.__name__}")
    # Before the row goes, while the lesson can still name its course.
    pre_delete.connect(course_changed, sender=LessonPage, dispatch_uid="courses.lesson_deleted")
