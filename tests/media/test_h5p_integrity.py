"""Forged H5P results: statements must belong to an attempt the server opened, last a plausible time,
match the item's own maximum; and an activity that must be passed is not done by a failing score."""

import datetime
import json
import re
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from django.db.models import F
from django.urls import reverse
from wagtail.blocks import StructBlockValidationError

from courses.blocks import H5PBlock
from courses.models import CoursePage, LessonPage
from fixtures import h5p_packages
from lms.learning import services as learning
from lms.learning.models import EnrolmentStatus, HoursEntry
from media.h5p import results
from media.h5p.store import store_package
from media.h5p.tokens import play_token
from media.models import H5PAttempt, H5PContent, H5PResult, H5PStatement
from tests import factories as f

pytestmark = pytest.mark.django_db


def build(t, *, requirement="completed", pass_percent=None):
    installer = t.obec
    installer.user_permissions.add(Permission.objects.get(codename="install_h5p_library"))
    installer = type(installer).objects.get(pk=installer.pk)
    content = store_package(h5p_packages.build("digital-safety"), user=installer)
    course = f.course_tree(t.centre_a, slug="h5p-course", lessons=0, hours="0")
    block = {"title": "แบบฝึก", "content": content.pk, "requirement": requirement, "pass_percent": pass_percent}
    body = [{"type": "h5p", "value": block}]
    lesson = course.add_child(instance=LessonPage(title="กิจกรรม", slug="activity", body=body))
    lesson.save_revision().publish()
    course = CoursePage.objects.get(pk=course.pk)
    enrolment = learning.enrol(t.teacher_a, course).enrolment
    token = play_token(t.teacher_a, content, lesson.pk)
    return SimpleNamespace(t=t, content=content, lesson=lesson, course=course, enrolment=enrolment, token=token)


@pytest.fixture
def item(two_centres):
    return build(two_centres)


def statement(user, content, verb="answered", raw=1, maximum=1, success=None):
    return {
        "actor": {"mbox": f"mailto:{results.actor_mail(user)}", "name": "x"},
        "verb": {"id": f"http://adlnet.gov/expapi/verbs/{verb}"},
        "object": {"id": results.object_iri(content)},
        "result": {
            "score": {"raw": raw, "max": maximum, "min": 0},
            "completion": True,
            "success": raw == maximum if success is None else success,
        },
    }


def post(client, url, data):
    client.cookies["django_language"] = "en"
    return client.post(url, json.dumps(data), content_type="text/plain")


def open_player(client, token):
    page = client.get(reverse("h5p:play", args=[token])).content.decode()
    config = re.search(r'<script id="h5p-config" type="application/json">(.*?)</script>', page).group(1)
    return json.loads(config)["xapiUrl"]


def let_time_pass(seconds):
    H5PAttempt.objects.update(started_at=F("started_at") - datetime.timedelta(seconds=seconds))
    H5PAttempt.objects.filter(scored_at__isnull=False).update(
        scored_at=F("scored_at") - datetime.timedelta(seconds=seconds)
    )


def test_a_forged_completed_statement_with_the_play_token_is_refused(client, item):
    """The attack of issue 12: the lesson page's token, a "completed" statement, no player opened."""
    data = statement(item.t.teacher_a, item.content, verb="completed")
    response = post(client, reverse("h5p:xapi", args=[item.token]), data)
    assert response.status_code == 400 and "no attempt opened through the player" in response.content.decode()
    assert not H5PResult.objects.exists() and not H5PStatement.objects.exists()
    item.enrolment.refresh_from_db()
    assert item.enrolment.status == EnrolmentStatus.ENROLLED and not HoursEntry.objects.exists()


def test_a_result_sent_as_soon_as_the_player_opens_is_refused(client, item, settings):
    settings.H5P_MIN_ATTEMPT_SECONDS = 20
    url = open_player(client, item.token)
    assert H5PAttempt.objects.get().user == item.t.teacher_a
    response = post(client, url, statement(item.t.teacher_a, item.content, verb="passed"))
    assert response.status_code == 400 and "too soon" in response.content.decode()
    assert not H5PResult.objects.exists()
    let_time_pass(21)
    assert post(client, url, statement(item.t.teacher_a, item.content)).status_code == 200
    # A retry in the same player must take its time too.
    assert post(client, url, statement(item.t.teacher_a, item.content)).status_code == 400
    assert H5PResult.objects.get().attempts == 1


def test_opening_the_player_again_restarts_the_clock_and_retires_the_old_attempt(client, item, settings):
    settings.H5P_MIN_ATTEMPT_SECONDS = 20
    old = open_player(client, item.token)
    let_time_pass(600)
    new = open_player(client, item.token)
    response = post(client, old, statement(item.t.teacher_a, item.content))
    assert response.status_code == 400 and "only its latest opening counts" in response.content.decode()
    response = post(client, new, statement(item.t.teacher_a, item.content))
    assert response.status_code == 400 and "too soon" in response.content.decode()
    assert not H5PResult.objects.exists()


def test_the_time_may_be_set_per_item(client, item, settings):
    settings.H5P_MIN_ATTEMPT_SECONDS = 0
    H5PContent.objects.filter(pk=item.content.pk).update(min_attempt_seconds=60)
    url = open_player(client, item.token)
    let_time_pass(30)
    assert post(client, url, statement(item.t.teacher_a, item.content)).status_code == 400
    let_time_pass(31)
    assert post(client, url, statement(item.t.teacher_a, item.content)).status_code == 200


def test_an_attempt_of_another_lesson_or_person_is_refused(client, item, settings):
    settings.H5P_MIN_ATTEMPT_SECONDS = 0
    url = open_player(client, item.token)
    other = play_token(item.t.teacher_b, item.content, item.lesson.pk)
    foreign = url.replace(item.token, other)
    assert post(client, foreign, statement(item.t.teacher_b, item.content)).status_code == 400
    elsewhere = url.replace(item.token, play_token(item.t.teacher_a, item.content, item.lesson.pk + 1000))
    assert post(client, elsewhere, statement(item.t.teacher_a, item.content)).status_code == 400
    assert not H5PResult.objects.exists()


def test_the_maximum_comes_from_the_package_and_other_claims_are_refused(client, item, settings):
    settings.H5P_MIN_ATTEMPT_SECONDS = 0
    assert item.content.max_score == 1  # one question, one point: the content type fixes it
    url = open_player(client, item.token)
    response = post(client, url, statement(item.t.teacher_a, item.content, raw=100, maximum=100))
    assert response.status_code == 400 and "maximum score of this activity is 1, not 100" in response.content.decode()
    assert not H5PResult.objects.exists()


def test_without_a_package_maximum_a_trainer_fixes_it_and_other_claims_are_refused(client, item, settings):
    """100/100 then 5/5 used to be stored as best 100 of max 5."""
    settings.H5P_MIN_ATTEMPT_SECONDS = 0
    H5PContent.objects.filter(pk=item.content.pk).update(max_score=None, centre=item.t.centre_a)
    # A teacher's made-up first statement cannot set everyone's maximum.
    url = open_player(client, item.token)
    response = post(client, url, statement(item.t.teacher_a, item.content, raw=100, maximum=100))
    assert response.status_code == 400 and "maximum score is not known yet" in response.content.decode()
    # The centre's trainer opens the activity once (a staff preview of the lesson).
    trainer_url = open_player(client, play_token(item.t.trainer_a, item.content, item.lesson.pk))
    assert post(client, trainer_url, statement(item.t.trainer_a, item.content, raw=5, maximum=5)).status_code == 200
    assert H5PContent.objects.get(pk=item.content.pk).max_score == Decimal(5)
    assert post(client, url, statement(item.t.teacher_a, item.content, raw=100, maximum=100)).status_code == 400
    assert post(client, url, statement(item.t.teacher_a, item.content, raw=5, maximum=5)).status_code == 200
    result = H5PResult.objects.get(user=item.t.teacher_a)
    assert (result.best_score, result.max_score) == (5, 5)


def test_a_failing_score_does_not_complete_an_activity_that_must_be_passed(
    client, two_centres, settings, django_capture_on_commit_callbacks
):
    settings.H5P_MIN_ATTEMPT_SECONDS = 0
    item = build(two_centres, requirement="passed", pass_percent=100)
    url = open_player(client, item.token)
    with django_capture_on_commit_callbacks(execute=True):
        # The statement claims success; the server decides from the score.
        wrong = statement(item.t.teacher_a, item.content, raw=0, success=True)
        assert post(client, url, wrong).status_code == 200
    item.enrolment.refresh_from_db()
    assert item.enrolment.status == EnrolmentStatus.ENROLLED
    client.force_login(item.t.teacher_a)
    client.cookies["django_language"] = "en"
    response = client.post(item.lesson.url + "complete/")
    message = [str(m) for m in get_messages(response.wsgi_request)][-1]
    assert "pass the activity “แบบฝึก” with at least 100% (your best: 0%)" in message
    assert not HoursEntry.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        assert post(client, url, statement(item.t.teacher_a, item.content, raw=1)).status_code == 200
    item.enrolment.refresh_from_db()
    assert item.enrolment.status == EnrolmentStatus.COMPLETED


def value_data(item):
    return {"title": "x", "content": item.content.pk, "requirement": "passed", "pass_percent": None}


def test_the_block_wants_a_pass_mark_when_the_activity_must_be_passed(item):
    block = H5PBlock()
    value = block.to_python(value_data(item))
    with pytest.raises(StructBlockValidationError) as refused:
        block.clean(value)
    assert "pass_percent" in refused.value.block_errors
    block.clean(block.to_python({**value_data(item), "pass_percent": 80}))
