"""A pre-test or post-test placed in a lesson: the Testing Center's engine, opened from the course."""

import pytest

from lms.exams.services.answers import submit_attempt
from lms.exams.services.attempts import start_attempt
from lms.exams.services.bank import category_named, import_questions
from lms.learning.services import enrol
from tests import factories as f
from tests.exams.conftest import READING_B1, make_exam

pytestmark = pytest.mark.django_db


def test_a_lesson_links_its_test_and_shows_the_learners_best_result(client, two_centres):
    category = category_named("Lesson bank", centre=two_centres.centre_a)
    import_questions(category, "r.gift", READING_B1, skill="reading", level="B1")
    exam = make_exam(category, rules=[("reading", "B1", 2)], centre=two_centres.centre_a, name_en="Unit 1 post-test")
    course = f.course_tree(two_centres.centre_a, lessons=1)
    lesson = course.get_children().first().specific
    lesson.body = [{"type": "test", "value": {"title": "แบบทดสอบหลังเรียน", "exam": exam.pk}}]
    lesson.save_revision().publish()
    teacher = two_centres.teacher_a
    enrol(teacher, course)
    client.cookies["django_language"] = "en"
    client.force_login(teacher)
    page = client.get(lesson.url).content.decode()
    assert "แบบทดสอบหลังเรียน" in page
    assert f'href="/tests/{exam.pk}/"' in page and "Take the test" in page
    attempt = start_attempt(exam, teacher)
    page = client.get(lesson.url).content.decode()
    assert f'href="/tests/attempt/{attempt.pk}/"' in page and "Continue the test" in page
    submit_attempt(attempt)
    page = client.get(lesson.url).content.decode()
    assert "Your best result: 0% · A1" in page
