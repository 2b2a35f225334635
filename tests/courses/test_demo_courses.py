"""The demo's courses are configured so that clicking through earns nothing."""

import pytest

from courses.models import CoursePage
from fixtures.demo import load_demo
from lms.learning.models import Enrolment, HoursEntry
from lms.people.models import User

pytestmark = pytest.mark.django_db


def test_every_demo_lesson_asks_for_time_and_the_hours_are_what_the_lessons_demand(client):
    load_demo()
    courses = list(CoursePage.objects.live())
    assert len(courses) == 4
    for course in courses:
        assert course.credited_hours() == course.development_hours, course.slug
        assert all(lesson.required_seconds(course) >= 5 * 60 for lesson in course.lessons), course.slug
    digital = CoursePage.objects.get(slug="digital-literacy")
    activity = next(lesson for lesson in digital.lessons if lesson.h5p_blocks())
    assert activity.h5p_blocks()[0]["requirement"] == "passed"
    english = CoursePage.objects.get(slug="english-classroom")
    assert english.lessons[-1].test_blocks()[0]["pass_percent"] == 60


def test_clicking_through_a_demo_course_earns_nothing(client):
    load_demo()
    trainee = User.objects.get(username="trainee")
    before = HoursEntry.objects.filter(user=trainee).count()
    course = CoursePage.objects.get(slug="english-classroom")
    client.force_login(trainee)
    client.post(course.url + "enrol/")
    for lesson in course.lessons:
        client.get(lesson.url)
        client.post(lesson.url + "complete/")
    assert Enrolment.objects.get(user=trainee, course_id=course.pk).lessons_completed == 0
    assert HoursEntry.objects.filter(user=trainee).count() == before
