"""Wagtail admin hooks of the courses app."""

from django.contrib.auth.views import redirect_to_login
from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.models import Page, ReferenceIndex

from lms.core.errors import error_page

from .models import CourseIndexPage, LessonPage, ensure_course_workflow
from .permissions import may_open_lesson


@hooks.register("after_create_page")
def set_up_new_catalogue(request, page):
    """A new catalogue gets the approval workflow and the role groups' authoring permissions."""
    if isinstance(page.specific, CourseIndexPage):
        ensure_course_workflow(page)


@hooks.register("before_serve_document")
def lesson_documents_for_enrolled_only(document, request):
    """A document used in a lesson is served only to people who may open that lesson.

    Wagtail's reference index says which pages use the document; the file itself then goes out as
    Wagtail serves it (from S3, a redirect to a short-lived presigned address).
    """
    page_type = ContentType.objects.get_for_model(Page)
    page_ids = (
        ReferenceIndex.get_references_to(document)
        .filter(base_content_type=page_type)
        .values_list("object_id", flat=True)
    )
    lessons = list(LessonPage.objects.filter(pk__in=[int(pk) for pk in page_ids]))
    if not lessons:
        return None
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if any(lesson.course and may_open_lesson(request.user, lesson.course) for lesson in lessons):
        return None
    return error_page(request, 403, _("This document belongs to a lesson of a course you are not enrolled in."))
