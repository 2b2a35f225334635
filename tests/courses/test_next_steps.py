"""Where a teacher goes on: *Continue* leads to the next lesson not yet done, and a completed course
says where its certificate is."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from courses.models import CompletionRule, CoursePage, LessonPage
from lms.certificates.models import Certificate
from lms.learning import services
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def course(two_centres):
    return f.course_tree(two_centres.centre_a, lessons=4, hours="2")


def enrol(client, teacher, course):
    client.force_login(teacher)
    client.cookies["django_language"] = "en"
    client.post(course.url + "enrol/")
    return services.active_enrolment(teacher, course)


def continue_url(client):
    return client.get(reverse("learning:my_learning")).context["next_step_url"]


def test_continue_skips_the_lesson_last_opened_when_it_is_done(client, two_centres, course):
    lessons = course.lessons
    enrolment = enrol(client, two_centres.teacher_a, course)
    for lesson in lessons[:2]:
        services.complete_lesson(enrolment, lesson, course)
    client.get(lessons[0].url)  # opened again: the last lesson, but done
    assert continue_url(client) == lessons[2].url
    page = client.get(course.url)
    assert page.context["next_lesson"].pk == lessons[2].pk
    assert f'href="{lessons[2].url}"' in page.content.decode()


def test_continue_goes_to_required_lessons_first_then_the_rest_then_the_course(client, two_centres, course):
    lessons = course.lessons
    CoursePage.objects.filter(pk=course.pk).update(completion_rule=CompletionRule.SELECTED_LESSONS)
    LessonPage.objects.filter(pk__in=[lessons[1].pk, lessons[3].pk]).update(required_for_completion=False)
    course = CoursePage.objects.get(pk=course.pk)
    assert [lesson.pk for lesson in course.required_lessons()] == [lessons[0].pk, lessons[2].pk]
    lessons = course.lessons
    enrolment = enrol(client, two_centres.teacher_a, course)
    services.complete_lesson(enrolment, lessons[0], course)
    assert continue_url(client) == lessons[2].url  # required, though lesson 1 comes first
    services.complete_lesson(enrolment, lessons[2], course)
    # The course is complete now; nothing is in progress, so My learning offers no Continue.
    enrolment.refresh_from_db()
    assert enrolment.status == "completed"
    assert course.next_lesson({lessons[0].pk, lessons[2].pk}).pk == lessons[1].pk
    assert course.next_lesson({lesson.pk for lesson in lessons}) is None
    assert services.continue_url(enrolment) == lessons[1].url


def complete_all(client, course):
    for lesson in course.lessons[:-1]:
        client.post(lesson.url + "complete/")
    return client.post(course.lessons[-1].url + "complete/")


@pytest.mark.django_db(transaction=True)
def test_the_completed_message_links_to_the_certificate(client, two_centres, course):
    # Committed for real, as on the site: the certificate is issued as the completion commits, before
    # the message is written.
    enrol(client, two_centres.teacher_a, course)
    response = complete_all(client, course)
    certificate = Certificate.objects.get(user=two_centres.teacher_a)
    message = str(list(get_messages(response.wsgi_request))[-1])
    assert message.startswith("Course completed!")
    assert f'<a href="{reverse("certificates:download", args=[certificate.code])}">' in message
    page = client.get(course.url).content.decode()
    assert reverse("certificates:download", args=[certificate.code]) in page


def test_a_certificate_not_issued_yet_is_being_prepared_in_my_certificates(client, two_centres, course):
    enrol(client, two_centres.teacher_a, course)
    response = complete_all(client, course)  # the on-commit issuing does not run in this test's transaction
    assert not Certificate.objects.exists()
    message = str(list(get_messages(response.wsgi_request))[-1])
    assert "being prepared" in message and f'<a href="{reverse("certificates:mine")}">' in message
