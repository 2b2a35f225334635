"""Wagtail admin hooks of the courses app."""

from wagtail import hooks

from .models import CourseIndexPage, ensure_course_workflow


@hooks.register("after_create_page")
def set_up_new_catalogue(request, page):
    """A new catalogue gets the approval workflow and the role groups' authoring permissions."""
    if isinstance(page.specific, CourseIndexPage):
        ensure_course_workflow(page)
