import datetime

import pytest
from django.db import connection
from django.utils import timezone

from lms.core.errors import Refused
from lms.learning import services
from lms.learning.models import Enrolment, EnrolmentStatus, HoursEntry
from lms.records import totals
from tests import factories as f
from tests.concurrency import raised, run_together, widen_race

pytestmark = pytest.mark.django_db


@pytest.fixture
def course(two_centres):
    return f.course_tree(two_centres.centre_a, capacity=2)


def test_enrol_then_again_makes_no_duplicate(two_centres, course):
    assert services.enrol(two_centres.teacher_a, course).outcome == "enrolled"
    assert services.enrol(two_centres.teacher_a, course).outcome == "already"
    assert Enrolment.objects.filter(user=two_centres.teacher_a).count() == 1


def test_full_course_puts_people_on_a_waiting_list_in_order(two_centres, course):
    t = two_centres
    services.enrol(t.teacher_a, course)
    services.enrol(t.teacher_b, course)
    assert services.enrol(t.teacher_a_unserved, course).outcome == "waitlisted"
    assert services.enrol(t.trainer_a, course).outcome == "waitlisted"
    promoted = services.withdraw(Enrolment.objects.get(user=t.teacher_a), course)
    assert promoted.user == t.teacher_a_unserved
    assert Enrolment.objects.get(user=t.trainer_a).status == EnrolmentStatus.WAITLISTED


def test_window_unpublished_and_prerequisites_are_refused_with_reasons(two_centres, course):
    t = two_centres
    course.enrolment_closes = timezone.now() - datetime.timedelta(days=1)
    with pytest.raises(Refused) as refused:
        services.enrol(t.teacher_a, course)
    assert refused.value.code == "closed"
    course.enrolment_closes, course.enrolment_opens = None, timezone.now() + datetime.timedelta(days=1)
    with pytest.raises(Refused) as refused:
        services.enrol(t.teacher_a, course)
    assert refused.value.code == "not_open"
    # Staff enrolling someone are not bound by the window.
    assert services.enrol(t.teacher_a, course, by=t.manager_a).outcome == "enrolled"

    draft = f.course_tree(t.centre_a, slug="draft", live=False)
    with pytest.raises(Refused) as refused:
        services.enrol(t.teacher_a, draft)
    assert refused.value.code == "unpublished"

    advanced = f.course_tree(t.centre_a, slug="advanced")
    advanced.prerequisites = [course]
    advanced.save()
    with pytest.raises(Refused) as refused:
        services.enrol(t.teacher_b, advanced)
    assert refused.value.code == "prerequisites" and course.title in str(refused.value)
    assert not Enrolment.objects.filter(user=t.teacher_b).exists()


def test_completion_credits_hours_once(two_centres, course):
    t = two_centres
    enrolment = services.enrol(t.teacher_a, course).enrolment
    lessons = course.lessons
    for lesson in lessons[:-1]:
        services.complete_lesson(enrolment, lesson, course)
    enrolment.refresh_from_db()
    assert (enrolment.status, enrolment.lessons_completed, enrolment.lessons_required) == ("enrolled", 2, 3)
    assert not HoursEntry.objects.exists()
    services.complete_lesson(enrolment, lessons[-1], course)
    services.complete_lesson(enrolment, lessons[-1], course)
    services.evaluate_completion(enrolment, course)
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.COMPLETED
    entry = HoursEntry.objects.get()
    assert (entry.user, entry.hours, entry.source) == (t.teacher_a, 6, "course")
    assert totals.hours_summary(t.teacher_a)[1] == 6


def test_selected_lessons_rule_counts_only_required_lessons(two_centres):
    course = f.course_tree(two_centres.centre_a, slug="selected", completion_rule="selected")
    optional = course.lessons[1]
    optional.required_for_completion = False
    optional.save_revision().publish()
    course = type(course).objects.get(pk=course.pk)
    enrolment = services.enrol(two_centres.teacher_a, course).enrolment
    for lesson in course.lessons:
        if lesson.pk != optional.pk:
            services.complete_lesson(enrolment, lesson, course)
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.COMPLETED


def test_resume_point_is_the_last_lesson_opened(two_centres, course):
    enrolment = services.enrol(two_centres.teacher_a, course).enrolment
    services.record_view(enrolment, course.lessons[1])
    enrolment.refresh_from_db()
    assert enrolment.last_lesson_id == course.lessons[1].pk


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL (CI runs it)")
def test_two_simultaneous_enrolments_for_the_last_seat(two_centres, monkeypatch):
    t = two_centres
    course = f.course_tree(t.centre_a, slug="last-seat", capacity=1)
    # Both count the one free seat before either takes it.
    widen_race(monkeypatch, services, "seats_taken")
    outcomes = run_together(lambda user: services.enrol(user, course).outcome, [t.teacher_a, t.teacher_b])
    assert not raised(outcomes), raised(outcomes)
    assert sorted(outcomes) == ["enrolled", "waitlisted"]
    assert Enrolment.objects.filter(course_id=course.pk, status=EnrolmentStatus.ENROLLED).count() == 1


def test_newcomers_queue_behind_the_waiting_list_and_raised_capacity_fills_it(two_centres):
    t = two_centres
    course = f.course_tree(t.centre_a, slug="queue", capacity=1)
    services.enrol(t.teacher_a, course)
    services.enrol(t.teacher_b, course)  # waits
    course.capacity = 3
    course.save()
    # Before the change reaches the waiting list, a newcomer may not jump the queue.
    assert services.enrol(t.teacher_a_unserved, course).outcome == "waitlisted"
    promoted = services.refresh_course(course)
    assert [e.user for e in promoted] == [t.teacher_b, t.teacher_a_unserved]


def test_a_withdrawal_in_between_wins_over_completing(two_centres):
    t = two_centres
    course = f.course_tree(t.centre_a, slug="stale", lessons=1)
    enrolment = services.enrol(t.teacher_a, course).enrolment
    stale = Enrolment.objects.get(pk=enrolment.pk)
    services.withdraw(enrolment, course)
    services.complete_lesson(stale, course.lessons[0], course)
    assert Enrolment.objects.get(pk=enrolment.pk).status == EnrolmentStatus.WITHDRAWN
    assert not HoursEntry.objects.exists()


def test_unpublishing_the_last_missing_lesson_completes_the_course(two_centres, django_capture_on_commit_callbacks):
    t = two_centres
    course = f.course_tree(t.centre_a, slug="shrink", lessons=3)
    enrolment = services.enrol(t.teacher_a, course).enrolment
    for lesson in course.lessons[:2]:
        services.complete_lesson(enrolment, lesson, course)
    with django_capture_on_commit_callbacks(execute=True):
        course.lessons[2].unpublish()
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.COMPLETED
    assert HoursEntry.objects.filter(user=t.teacher_a).count() == 1


def test_selected_rule_with_nothing_marked_counts_every_lesson(two_centres):
    course = f.course_tree(two_centres.centre_a, slug="none-marked", lessons=2, completion_rule="selected")
    for lesson in course.lessons:
        lesson.required_for_completion = False
        lesson.save()
    course = type(course).objects.get(pk=course.pk)
    assert course.get_required_lesson_ids() == [lesson.pk for lesson in course.lessons]


def test_competencies_can_be_searched_in_english_in_the_admin(client, two_centres, django_capture_on_commit_callbacks):
    from lms.learning.models import Competency

    with django_capture_on_commit_callbacks(execute=True):
        Competency.objects.create(code="C21-EN", name_th="การสื่อสาร", name_en="English communication", group="core")
    client.force_login(two_centres.obec)
    response = client.get("/admin/snippets/learning/competency/", {"q": "communication"})
    assert response.status_code == 200
    assert "C21-EN" in response.content.decode()
