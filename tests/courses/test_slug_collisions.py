"""Saving a new lesson after its autosave, and a slug another lesson has (lms/core/slugs.py, admin_slugs.js)."""

import pytest
from django.urls import reverse
from django.utils import translation

from courses.models import LessonPage, ensure_course_workflow
from tests import factories as f

pytestmark = pytest.mark.django_db

TITLE = "การใช้คำถามปลายเปิดในชั้นเรียน"


def _form(title, slug):
    return {"title": title, "slug": slug, "estimated_minutes": "30", "body-count": "0", "action-save": "1"}


def test_a_new_lesson_autosaved_then_saved_again_is_one_lesson(client, two_centres):
    course = f.course_tree(two_centres.centre_a, slug="course", lessons=0)
    ensure_course_workflow(course.get_parent())
    client.force_login(two_centres.trainer_a)
    add = reverse("wagtailadmin_pages:add", args=["courses", "lessonpage", course.pk])
    # Wagtail 7.4's autosave: the add view answers JSON with the edit view's address.
    autosaved = client.post(add, _form(TITLE, "การใชคำถามปลายเปดในชนเรยน"), HTTP_ACCEPT="application/json")
    assert autosaved.json()["success"]
    lesson = LessonPage.objects.get(pk=autosaved.json()["pk"])
    assert lesson.slug == TITLE
    saved = client.post(autosaved.json()["url"], _form(TITLE, lesson.slug))
    assert saved.status_code == 302
    assert LessonPage.objects.child_of(course).count() == 1

    # The save pressed while the autosave was under way went to the add view a second time.
    with translation.override("th"):
        again = client.post(add, _form(TITLE, TITLE), HTTP_ACCEPT_LANGUAGE="th")
    assert again.status_code == 200
    error = again.context["form"].errors["slug"][0]
    assert TITLE in error and f"{TITLE}-2" in error and "already" not in error
    assert LessonPage.objects.child_of(course).count() == 1
