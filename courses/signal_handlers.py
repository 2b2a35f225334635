"""The courses app's signal handlers: a lesson done by its H5P activities, progress recounted when a
course or one of its lessons is published, unpublished or deleted (freed seats go to the waiting list),
in the background, and the notices of the approval workflow: a page submitted (to its centre's
managers), approved or sent back (to whoever submitted it, with the reviewer's comment). Wagtail sends
those signals inside the transaction that records the step, so each notice commits with it."""

import contextlib

from django.db import transaction
from django.db.models.signals import pre_delete
from django.urls import reverse
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, task_approved, task_rejected, task_submitted

from lms.core.queue import enqueue
from lms.learning import services
from lms.notifications.kinds import each_language
from lms.notifications.services import notify
from lms.people.roles import Capability, holders_at_centre
from media.signals import h5p_completed

from .models import CentreApprovalTask, CoursePage, LessonPage, ModulePage
from .tasks import refresh_course


def _schedule(course):
    if course is not None and course.pk:
        # The publish is committed: a broker that is down must not turn it into an error page, nor lose the
        # recount (nothing sweeps for it), so then the recount runs here.
        transaction.on_commit(lambda: enqueue(refresh_course, course.pk) or services.refresh_course(course))


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


def _reviewed_page(task_state):
    """The course, module or lesson page under centre approval in ``task_state``, with its course."""
    if not isinstance(task_state.task.specific, CentreApprovalTask):
        return None, None
    page = task_state.workflow_state.content_object
    page = page.specific if isinstance(page, Page) else page
    course = page if isinstance(page, CoursePage) else getattr(page, "course", None)
    return (page, course) if course is not None else (None, None)


def _review_notice(page, by):
    return {"name": each_language(lambda: by.display_name) if by else "", "page": page.title}, reverse(
        "wagtailadmin_pages:edit", args=[page.pk]
    )


def page_submitted(sender, instance, user=None, **kwargs):
    page, course = _reviewed_page(instance)
    if page is None:
        return
    params, url = _review_notice(page, user)
    notify(
        holders_at_centre(Capability.APPROVE_COURSES, course.centre),
        kind="page_submitted",
        params=params,
        url=url,
        actor=user,
    )


def page_reviewed(sender, instance, user=None, **kwargs):
    page, _course = _reviewed_page(instance)
    if page is None:
        return
    params, url = _review_notice(page, user)
    notify(
        [instance.workflow_state.requested_by],
        kind="page_approved" if instance.status == instance.STATUS_APPROVED else "page_rejected",
        params={**params, "comment": instance.comment or ""},
        url=url,
        actor=user,
    )


def register_signal_handlers():
    h5p_completed.connect(lesson_h5p_completed, dispatch_uid="courses.h5p_completed")
    for model in (CoursePage, ModulePage, LessonPage):
        page_published.connect(course_changed, sender=model, dispatch_uid=f"courses.published.{model.__name__}")
        page_unpublished.connect(course_changed, sender=model, dispatch_uid=f"courses.unpublished.{model.__name__}")
    task_submitted.connect(page_submitted, dispatch_uid="courses.page_submitted")
    task_approved.connect(page_reviewed, dispatch_uid="courses.page_approved")
    task_rejected.connect(page_reviewed, dispatch_uid="courses.page_rejected")
    # Before the row goes, while the lesson can still name its course.
    pre_delete.connect(course_changed, sender=LessonPage, dispatch_uid="courses.lesson_deleted")
