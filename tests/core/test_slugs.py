"""Slugs from Thai titles keep their vowels and tone marks; the old lossy ones redirect (lms/core/slugs.py)."""

import unicodedata

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.validators import validate_unicode_slug
from django.utils.encoding import uri_to_iri
from django.utils.text import slugify
from wagtail.contrib.redirects.models import Redirect

from courses.models import LessonPage, ModulePage
from lms.core.slugs import fix_lossy_page_slugs, thai_slugify
from tests import factories as f

TITLE = "การใช้คำถามปลายเปิดในชั้นเรียน"


def test_thai_slugify_keeps_vowels_and_tone_marks():
    assert thai_slugify(TITLE) == TITLE
    assert slugify(TITLE, allow_unicode=True) == "การใชคาถามปลายเปดในชนเรยน"
    assert thai_slugify("กิจกรรม: รหัสผ่านที่ปลอดภัย") == "กิจกรรม-รหัสผ่านที่ปลอดภัย"
    assert thai_slugify("  Teacher's Guide 2.0 (ฉบับย่อ)! ") == "teachers-guide-2-0-ฉบับย่อ"
    assert thai_slugify("เกมพูดเป็นคู่ ๆ ๑๐ นาที") == "เกมพูดเป็นคู่-ๆ-๑๐-นาที"
    # NFC, not Django's NFKC: SARA AM stays one letter, a decomposed accent is composed.
    assert thai_slugify("คำ") == "คำ" and unicodedata.normalize("NFKC", "คำ") != "คำ"
    assert thai_slugify("cafe\u0301") == "caf\u00e9"


def test_slug_validation_accepts_the_marks():
    validate_unicode_slug(TITLE)
    with pytest.raises(ValidationError):
        validate_unicode_slug("ช่อง ว่าง")


@pytest.mark.django_db
def test_a_lesson_made_from_its_title_keeps_the_marks_and_is_served(client, two_centres):
    course = f.course_tree(two_centres.centre_a, slug="course", lessons=0)
    module = course.add_child(instance=ModulePage(title="ระหว่างเรียน"))
    lesson = module.add_child(instance=LessonPage(title=TITLE))
    twin = module.add_child(instance=LessonPage(title=TITLE))
    assert (module.slug, lesson.slug, twin.slug) == ("ระหว่างเรียน", TITLE, f"{TITLE}-2")
    lesson.full_clean()
    assert uri_to_iri(lesson.url) == f"/courses/course/ระหว่างเรียน/{TITLE}/"
    # Anonymous: sent to sign in, so the address reached the lesson.
    assert client.get(lesson.url).status_code == 302


@pytest.mark.django_db
def test_a_slug_synced_from_the_title_by_the_admin_gets_its_marks_back(two_centres):
    course = f.course_tree(two_centres.centre_a, slug="course", lessons=0)
    # Wagtail 7.4's slug field keeps SARA AM (no NFKC) but drops the combining marks.
    lesson = course.add_child(instance=LessonPage(title=TITLE, slug="การใชคำถามปลายเปดในชนเรยน"))
    assert lesson.slug == TITLE


def _lossy(parent, title, **fields):
    page = parent.add_child(instance=LessonPage(title=title, **fields))
    # The slug as the old rule stored it, written past the model's clean.
    LessonPage.objects.filter(pk=page.pk).update(
        slug=slugify(title, allow_unicode=True),
        url_path=parent.url_path + slugify(title, allow_unicode=True) + "/",
    )
    return LessonPage.objects.get(pk=page.pk)


@pytest.mark.django_db
def test_old_slugs_are_recomputed_and_the_old_addresses_redirect(client, two_centres):
    course = f.course_tree(two_centres.centre_a, slug="english-classroom", lessons=0)
    module = course.add_child(instance=ModulePage(title="ระหว่างเรียน"))
    ModulePage.objects.filter(pk=module.pk).update(slug="ระหวางเรยน", url_path=course.url_path + "ระหวางเรยน/")
    module = ModulePage.objects.get(pk=module.pk)
    lesson = _lossy(module, TITLE)
    old_lesson_url = lesson.url
    assert uri_to_iri(old_lesson_url) == "/courses/english-classroom/ระหวางเรยน/การใชคาถามปลายเปดในชนเรยน/"
    chosen = course.add_child(instance=LessonPage(title="การประเมินผล", slug="assessment"))
    # A sibling has the slug the lesson should get: it gets the next free one.
    clash = course.add_child(instance=LessonPage(title="บทนำ", slug="ความปลอดภัย"))
    unsafe = _lossy(course, "ความปลอดภัย")

    assert fix_lossy_page_slugs(apps) == 3

    lesson.refresh_from_db()
    assert lesson.slug == TITLE
    assert lesson.url_path.endswith(f"/english-classroom/ระหว่างเรียน/{TITLE}/")
    assert LessonPage.objects.get(pk=chosen.pk).slug == "assessment"
    assert LessonPage.objects.get(pk=clash.pk).slug == "ความปลอดภัย"
    assert LessonPage.objects.get(pk=unsafe.pk).slug == "ความปลอดภัย-2"
    old_module = client.get("/courses/english-classroom/ระหวางเรยน/")
    assert old_module.status_code == 301
    assert uri_to_iri(old_module["Location"]) == "/courses/english-classroom/ระหว่างเรียน/"
    old_lesson = client.get(old_lesson_url)
    assert old_lesson.status_code == 301
    assert uri_to_iri(old_lesson["Location"]) == f"/courses/english-classroom/ระหว่างเรียน/{TITLE}/"
    assert client.get(old_lesson["Location"]).status_code == 302

    redirects = Redirect.objects.count()
    assert redirects == 3
    assert fix_lossy_page_slugs(apps) == 0
    assert Redirect.objects.count() == redirects


@pytest.mark.django_db
def test_a_draft_keeps_the_new_slug_when_published(two_centres):
    course = f.course_tree(two_centres.centre_a, slug="course", lessons=0)
    lesson = _lossy(course, TITLE)
    lesson.save_revision()
    fix_lossy_page_slugs(apps)
    LessonPage.objects.get(pk=lesson.pk).get_latest_revision().publish()
    assert LessonPage.objects.get(pk=lesson.pk).slug == TITLE
