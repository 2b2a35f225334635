"""What a lesson asks before "mark as done" counts: time on the page measured by the server, H5P
activities completed or passed, post-tests passed; and a course's hours bounded by its lessons."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import F
from django.utils import timezone

from courses.models import CoursePage
from lms.exams.models import ExamAttempt
from lms.exams.services.answers import submit_attempt
from lms.exams.services.attempts import start_attempt
from lms.exams.services.bank import category_named, import_questions
from lms.learning import services
from lms.learning.models import Enrolment, EnrolmentStatus, HoursEntry, LessonProgress, StudyClock
from tests import factories as f
from tests.concurrency import raised, run_together
from tests.exams.conftest import READING_B1, make_exam

pytestmark = pytest.mark.django_db


def texts(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.fixture
def timed(two_centres):
    """Four lessons of three hours each for 12 development hours; half of each lesson's time is asked."""
    course = f.course_tree(two_centres.centre_a, slug="timed", lessons=4, hours="12", time_percent=50)
    assert [lesson.estimated_minutes for lesson in course.lessons] == [180] * 4
    return course


def go_back(user, seconds):
    """As if the person's last lesson event was ``seconds`` earlier (the test's way of letting time pass)."""
    StudyClock.objects.filter(user=user).update(last_event_at=F("last_event_at") - datetime.timedelta(seconds=seconds))


def test_four_quick_clicks_complete_nothing_and_credit_no_hours(client, two_centres, timed):
    teacher = two_centres.teacher_a
    client.cookies["django_language"] = "en"
    client.force_login(teacher)
    client.post(timed.url + "enrol/")
    for lesson in timed.lessons:
        client.get(lesson.url)
    responses = [client.post(lesson.url + "complete/") for lesson in timed.lessons]
    enrolment = Enrolment.objects.get(user=teacher)
    assert enrolment.status == EnrolmentStatus.ENROLLED and enrolment.lessons_completed == 0
    assert not LessonProgress.objects.filter(completed_at__isnull=False).exists()
    assert not HoursEntry.objects.exists()
    assert [r["Location"] for r in responses] == [lesson.url for lesson in timed.lessons]
    message = texts(responses[0])[-1]
    assert message.startswith("Not marked as done yet") and "90 more minutes" in message
    page = client.get("/my-learning/").content.decode()
    assert "Course completed" not in page


def test_the_refusal_is_in_thai_first(client, two_centres, timed):
    client.force_login(two_centres.teacher_a)
    client.post(timed.url + "enrol/")
    lesson = timed.lessons[0]
    client.get(lesson.url)
    message = texts(client.post(lesson.url + "complete/"))[-1]
    assert "ยังไม่บันทึกว่าเรียนจบ" in message and "90" in message


def test_time_is_the_servers_and_capped_between_events(two_centres, timed):
    enrolment = services.enrol(two_centres.teacher_a, timed).enrolment
    lesson = timed.lessons[0]
    start = timezone.now()
    services.record_activity(enrolment, lesson, now=start)
    services.record_activity(enrolment, lesson, now=start + datetime.timedelta(seconds=30))
    # A tab left open overnight counts as no more than one missed beat.
    progress = services.record_activity(enrolment, lesson, now=start + datetime.timedelta(days=1))
    assert progress.active_seconds == 30 + 60
    # A clock that went backwards credits nothing.
    progress = services.record_activity(enrolment, lesson, now=start)
    assert progress.active_seconds == 90


def test_parallel_tabs_share_one_clock(two_centres, timed):
    """Ten minutes with two lessons open side by side, each beating every 30 s: ten minutes in all."""
    enrolment = services.enrol(two_centres.teacher_a, timed).enrolment
    first, second = timed.lessons[:2]
    start = timezone.now()
    for n in range(40):
        lesson = first if n % 2 else second
        services.record_activity(enrolment, lesson, now=start + datetime.timedelta(seconds=15 * n))
    spent = sum(LessonProgress.objects.values_list("active_seconds", flat=True))
    assert spent == 39 * 15


def test_another_course_in_another_tab_shares_the_clock_too(two_centres, timed):
    other = f.course_tree(two_centres.centre_a, slug="other", lessons=1, time_percent=50)
    mine = services.enrol(two_centres.teacher_a, timed).enrolment
    theirs = services.enrol(two_centres.teacher_a, other).enrolment
    start = timezone.now()
    for n in range(20):
        enrolment, lesson = (mine, timed.lessons[0]) if n % 2 else (theirs, other.lessons[0])
        services.record_activity(enrolment, lesson, now=start + datetime.timedelta(seconds=30 * n))
    assert sum(LessonProgress.objects.values_list("active_seconds", flat=True)) == 19 * 30


def test_heartbeats_add_time_until_the_lesson_may_be_done(client, two_centres, timed):
    teacher = two_centres.teacher_a
    client.cookies["django_language"] = "en"
    client.force_login(teacher)
    client.post(timed.url + "enrol/")
    lesson = timed.lessons[0]
    page = client.get(lesson.url).content.decode()
    assert "Time on this lesson: 0 of 90 minutes" in page and 'data-heartbeat-url="' in page
    assert client.get(lesson.url + "heartbeat/").status_code == 405
    for _beat in range(3):
        go_back(teacher, 30)
        beat = client.post(lesson.url + "heartbeat/").json()
    assert (beat["spent"], beat["needed"], beat["met"]) == (90, 90 * 60, False)
    LessonProgress.objects.filter(lesson_id=lesson.pk).update(active_seconds=90 * 60 - 20)
    go_back(teacher, 25)
    assert client.post(lesson.url + "heartbeat/").json()["met"] is True
    response = client.post(lesson.url + "complete/")
    assert texts(response)[-1] == "Lesson marked as done."
    assert Enrolment.objects.get(user=teacher).lessons_completed == 1


def test_heartbeats_of_people_not_enrolled_are_refused(client, two_centres, timed):
    client.force_login(two_centres.teacher_b)
    assert client.post(timed.lessons[0].url + "heartbeat/").status_code == 403
    assert not LessonProgress.objects.exists()


def test_a_lesson_may_set_its_own_minimum(two_centres, timed):
    lesson = timed.lessons[0]
    lesson.minimum_minutes = 5
    assert lesson.required_seconds(timed) == 300
    lesson.minimum_minutes = 0
    assert lesson.required_seconds(timed) == 0


def test_hours_cannot_exceed_the_time_the_lessons_demand(two_centres, timed):
    course = CoursePage.objects.get(pk=timed.pk)
    course.development_hours = Decimal("12.5")
    with pytest.raises(ValidationError) as refused:
        course.full_clean()
    assert "development_hours" in refused.value.message_dict
    course.development_hours = Decimal("12")
    course.full_clean()
    # A lesson unpublished later lowers what is credited, whatever the course says.
    timed.lessons[-1].unpublish()
    course = CoursePage.objects.get(pk=timed.pk)
    assert course.credited_hours() == Decimal("9")


def test_completion_credits_the_bounded_hours(two_centres, timed):
    enrolment = services.enrol(two_centres.teacher_a, timed).enrolment
    timed.lessons[-1].unpublish()
    course = CoursePage.objects.get(pk=timed.pk)
    LessonProgress.objects.bulk_create(
        LessonProgress(
            enrolment=enrolment,
            lesson_id=lesson.pk,
            first_viewed_at=timezone.now(),
            last_viewed_at=timezone.now(),
            active_seconds=lesson.required_seconds(course),
        )
        for lesson in course.lessons
    )
    for lesson in course.lessons:
        services.complete_lesson(enrolment, lesson, course)
    assert HoursEntry.objects.get().hours == Decimal("9")


@pytest.fixture
def post_test_lesson(two_centres):
    category = category_named("Lesson bank", centre=two_centres.centre_a)
    import_questions(category, "r.gift", READING_B1, skill="reading", level="B1")
    exam = make_exam(category, rules=[("reading", "B1", 2)], centre=two_centres.centre_a, name_en="Unit post-test")
    course = f.course_tree(two_centres.centre_a, slug="tested", lessons=1)
    lesson = course.lessons[0]
    lesson.body = [{"type": "test", "value": {"title": "แบบทดสอบหลังเรียน", "exam": exam.pk, "pass_percent": 60}}]
    lesson.save_revision().publish()
    return CoursePage.objects.get(pk=course.pk), exam


def test_a_post_test_must_be_passed_at_its_mark(client, two_centres, post_test_lesson):
    course, exam = post_test_lesson
    teacher = two_centres.teacher_a
    client.cookies["django_language"] = "en"
    client.force_login(teacher)
    client.post(course.url + "enrol/")
    lesson = course.lessons[0]
    page = client.get(lesson.url).content.decode()
    assert "Pass the test “แบบทดสอบหลังเรียน” with at least 60%" in page
    message = texts(client.post(lesson.url + "complete/"))[-1]
    assert "(not taken yet)" in message
    attempt = start_attempt(exam, teacher)
    submit_attempt(attempt)
    assert ExamAttempt.objects.get().percent == 0
    message = texts(client.post(lesson.url + "complete/"))[-1]
    assert "(your best: 0%)" in message and not HoursEntry.objects.exists()
    ExamAttempt.objects.filter(pk=attempt.pk).update(percent=Decimal("60"))
    response = client.post(lesson.url + "complete/")
    assert "Course completed" in texts(response)[-1]
    assert HoursEntry.objects.get().user == teacher


def test_an_attempt_still_open_does_not_pass(client, two_centres, post_test_lesson):
    course, exam = post_test_lesson
    teacher = two_centres.teacher_a
    services.enrol(teacher, course)
    attempt = start_attempt(exam, teacher)
    ExamAttempt.objects.filter(pk=attempt.pk).update(percent=Decimal("100"))
    client.force_login(teacher)
    client.post(course.lessons[0].url + "complete/")
    assert not HoursEntry.objects.exists()


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="parallel writers need PostgreSQL (CI runs it)")
def test_simultaneous_heartbeats_count_the_same_seconds_once(two_centres):
    course = f.course_tree(two_centres.centre_a, slug="race", lessons=2, time_percent=50)
    enrolment = services.enrol(two_centres.teacher_a, course).enrolment
    start = timezone.now()
    services.record_activity(enrolment, course.lessons[0], now=start)
    later = start + datetime.timedelta(seconds=30)
    beats = run_together(lambda n: services.record_activity(enrolment, course.lessons[n % 2], now=later), range(10))
    assert not raised(beats)
    assert sum(LessonProgress.objects.values_list("active_seconds", flat=True)) == 30


def test_a_lesson_published_while_the_broker_is_down_is_published(
    two_centres, broker_down, django_capture_on_commit_callbacks
):
    course = f.course_tree(two_centres.centre_a, slug="offline", lessons=1)
    lesson = course.lessons[0]
    lesson.title = "บทเรียนฉบับแก้ไข"
    with django_capture_on_commit_callbacks(execute=True):
        lesson.save_revision().publish()
    lesson.refresh_from_db()
    assert lesson.live and lesson.title == "บทเรียนฉบับแก้ไข"
