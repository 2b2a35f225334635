"""A reader who switched to English sees the English titles, introductions and summaries authors wrote,
on every page that prints them, and the Thai where none is written; Thai readers see Thai."""

import pytest
from django.utils.translation import override
from wagtail.models import Page

from courses.models import CourseIndexPage, LessonPage, ModulePage
from lms.core import bilingual
from lms.learning import services
from tests import factories as f
from theme.models import HomePage

pytestmark = pytest.mark.django_db


@pytest.fixture
def course(two_centres):
    course = f.course_tree(
        two_centres.centre_a,
        lessons=2,
        modules=1,
        title="ภาษาอังกฤษเพื่อการสื่อสาร",
        title_en="English for Communication",
        summary="ครูสื่อสารได้มั่นใจ",
        summary_en="Teachers speak with confidence.",
    )
    index = CourseIndexPage.objects.get()
    index.title, index.title_en, index.intro_en = "หลักสูตรอบรม", "Courses", "<p>Courses for teachers.</p>"
    index.save_revision().publish()
    ModulePage.objects.filter(title="Module 0").update(title="เริ่มต้น", title_en="Getting started")
    LessonPage.objects.filter(slug="course-lesson-0").update(title="การทักทาย", title_en="Greetings")
    LessonPage.objects.filter(slug="course-lesson-1").update(title="การสั่งงาน")  # no English written
    return course


def english(client):
    client.cookies["django_language"] = "en"
    return client


def test_the_catalogue_in_english_shows_english_titles_intro_and_summaries(client, course):
    page = english(client).get("/courses/").content.decode()
    assert "<h1>Courses</h1>" in page and "<title>Courses ·" in page and "Courses for teachers." in page
    assert ">English for Communication</a>" in page and "Teachers speak with confidence." in page
    assert "ภาษาอังกฤษเพื่อการสื่อสาร" not in page and "ครูสื่อสารได้มั่นใจ" not in page


def test_the_course_page_in_english_has_english_heading_breadcrumb_outline_and_the_thai_beneath(client, course):
    page = english(client).get(course.url).content.decode()
    assert "<h1>English for Communication</h1>" in page and "<title>English for Communication ·" in page
    assert '<p class="muted" lang="th">ภาษาอังกฤษเพื่อการสื่อสาร</p>' in page
    assert 'href="/courses/">Courses</a></nav>' in page  # the breadcrumb reaches the catalogue as a plain Page
    assert "Getting started" in page and "Greetings" in page
    assert "การสั่งงาน" in page  # a lesson with no English keeps its Thai title


def test_a_lesson_in_english_has_its_english_heading_and_the_course_in_the_breadcrumb(client, course, two_centres):
    services.enrol(two_centres.teacher_a, course)
    english(client).force_login(two_centres.teacher_a)
    lesson = LessonPage.objects.get(slug="course-lesson-0")
    page = client.get(lesson.url).content.decode()
    assert "<h1>Greetings</h1>" in page and ">English for Communication</a></nav>" in page
    assert "การสั่งงาน →" in page  # the next lesson, Thai where no English is written
    assert ">English for Communication</a>" in client.get("/my-learning/").content.decode()


def test_in_thai_the_thai_titles_stay_and_the_english_is_beneath(client, course):
    page = client.get(course.url).content.decode()
    assert (
        "<h1>ภาษาอังกฤษเพื่อการสื่อสาร</h1>" in page and '<p class="muted" lang="en">English for Communication</p>' in page
    )
    assert "Getting started" not in client.get("/courses/").content.decode()


def test_english_falls_back_to_thai_where_none_is_written(client, two_centres):
    course = f.course_tree(two_centres.centre_a, title="หลักสูตรไทยล้วน", slug="thai-only")
    page = english(client).get(course.url).content.decode()
    assert "<h1>หลักสูตรไทยล้วน</h1>" in page and 'lang="th">หลักสูตรไทยล้วน' not in page


def test_the_home_page_in_english_has_its_english_headline_and_intro(client, course):
    home = HomePage.objects.get()
    home.headline, home.headline_en, home.intro_en = "ยินดีต้อนรับ", "Welcome", "<p>Learn with HCEC.</p>"
    home.save_revision().publish()
    assert '<h1 id="hero-title">ยินดีต้อนรับ</h1>' in client.get("/").content.decode()
    page = english(client).get("/").content.decode()
    assert '<h1 id="hero-title">Welcome</h1>' in page and "Learn with HCEC." in page


def test_localized_reads_a_plain_page_through_its_type(course):
    plain = Page.objects.get(pk=CourseIndexPage.objects.get().pk)
    with override("en"):
        assert bilingual.localized(plain, "title") == "Courses"
    with override("th"):
        assert bilingual.localized(plain, "title") == "หลักสูตรอบรม"
