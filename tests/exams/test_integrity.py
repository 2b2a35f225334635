"""Issue 12, the rest of the engine read as a candidate who wants the level without the knowledge:
reviews that give away the next attempt, sittings started away from the proctor, injected answers,
and a database that goes away in the middle of a test."""

import json
import re
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.db import OperationalError, connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from lms.core.errors import Refused
from lms.exams import scoring
from lms.exams.formats import QType
from lms.exams.models import AttemptItem, ExamAttempt, ExamMode, Seat, Sitting
from lms.exams.services.admission import admit
from lms.exams.services.answers import save_answers, submit_attempt
from lms.exams.services.attempts import start_attempt
from tests import factories as f
from tests.concurrency import raised, run_together

from .conftest import correct_answers, english, make_exam

pytestmark = pytest.mark.django_db


def autosave(client, attempt, answers):
    return client.post(
        reverse("exams:save", args=[attempt.pk]), json.dumps({"answers": answers}), content_type="application/json"
    )


def sat(exam, user, right=True):
    attempt = start_attempt(exam, user)
    if right:
        save_answers(attempt.pk, user, correct_answers(attempt))
    return submit_attempt(attempt)


# What the result page shows while the candidate can still sit again.


@pytest.fixture
def feedback_exam(bank):
    return make_exam(bank, rules=[("reading", "B1", 3), ("listening", "B1", 3)], show_feedback=True, max_attempts=2)


def review_shown(client, attempt):
    page = client.get(reverse("exams:result", args=[attempt.pk])).content.decode()
    return "Score: 1 of 1" in page or "Your answers</h2>" in page, page


def test_no_answers_or_feedback_while_another_attempt_is_allowed(client, feedback_exam, two_centres):
    candidate = two_centres.teacher_a
    first = sat(feedback_exam, candidate)
    english(client, candidate)
    shown, page = review_shown(client, first)
    assert not shown and 'id="review-later"' in page
    assert f"{first.percent:.0f}" in page, "the score itself is still shown"
    listening = first.items.exclude(version__audio="").first()
    if listening is not None:
        audio = client.get(reverse("exams:audio", args=[first.pk, listening.position]))
        assert audio.status_code == 404
    # While the second attempt is under way, the first one's review stays closed too.
    second = start_attempt(feedback_exam, candidate)
    assert not review_shown(client, first)[0]
    submit_attempt(second)
    # The last allowed attempt is done: both reviews open.
    assert review_shown(client, first)[0] and review_shown(client, second)[0]


def test_answers_and_feedback_once_the_test_has_closed(client, feedback_exam, two_centres):
    first = sat(feedback_exam, two_centres.teacher_a)
    feedback_exam.closes_at = timezone.now() - timedelta(minutes=1)
    feedback_exam.save()
    english(client, two_centres.teacher_a)
    assert review_shown(client, first)[0]


# Sittings: the test runs while the proctor is in the room.


def test_an_admitted_candidate_cannot_start_before_the_sitting_or_after_it(exam, two_centres):
    exam.mode = ExamMode.SITTING
    exam.save()
    now = timezone.now()
    sitting = Sitting.objects.create(
        exam=exam,
        centre=two_centres.centre_a,
        room="Lab",
        starts_at=now + timedelta(minutes=20),
        ends_at=now + timedelta(hours=1),
        seats=5,
        proctor=two_centres.manager_a,
    )
    candidate = two_centres.teacher_a
    Seat.objects.create(sitting=sitting, user=candidate)
    admit(sitting, candidate, sitting.admission_code, now=now)
    with pytest.raises(Refused, match="starts when the sitting starts"):
        start_attempt(exam, candidate, sitting=sitting, now=now)
    with pytest.raises(Refused, match="starts when the sitting starts"):
        start_attempt(exam, candidate, sitting=sitting, now=sitting.ends_at + timedelta(minutes=1))
    attempt = start_attempt(exam, candidate, sitting=sitting, now=sitting.starts_at + timedelta(minutes=1))
    assert attempt.deadline <= sitting.ends_at


# Attempt limits.


def test_starting_after_the_last_attempt_was_submitted_is_refused(client, exam, two_centres):
    candidate = two_centres.teacher_a
    sat(exam, candidate)
    sat(exam, candidate, right=False)
    english(client, candidate)
    response = client.post(reverse("exams:start", args=[exam.pk]), follow=True)
    assert "all 2 attempts" in response.content.decode()
    assert ExamAttempt.objects.filter(exam=exam, user=candidate).count() == 2


# Typed answers: nothing a candidate types is more than text compared with the key.


@pytest.mark.parametrize("typed", ["nan", "inf", "-inf", "1e400", "4 or 1=1", "4;4", "0x4", "4e0.0", "∞", "4" * 400])
def test_numeric_answers_that_are_not_the_number_score_nothing(typed):
    data = {"answers": [{"value": 4.0, "tolerance": 0, "fraction": 1}]}
    stored = scoring.check_response(QType.NUMERIC, data, typed)
    assert scoring.score_response(QType.NUMERIC, data, stored) == 0


@pytest.mark.parametrize("typed", [".*", "hel*", "%", "hello|x", "HELLO\u200b", "<b>hello</b>"])
def test_short_answers_are_compared_as_text_not_patterns(typed):
    data = {"answers": [{"text": "hello", "fraction": 1}], "case_sensitive": False}
    stored = scoring.check_response(QType.SHORT, data, typed)
    assert scoring.score_response(QType.SHORT, data, stored) == 0


def test_a_typed_answer_that_is_not_text_is_refused(client, exam, two_centres):
    attempt = start_attempt(exam, two_centres.teacher_a)
    numeric = attempt.items.get(version__qtype="numeric")
    english(client, attempt.user)
    for sent in ({"value": 4}, [4], 4, True):
        response = autosave(client, attempt, {str(numeric.position): sent})
        assert response.status_code == 400, sent
    assert AttemptItem.objects.get(pk=numeric.pk).response is None


def test_an_answer_for_an_item_not_on_the_form_saves_nothing(client, exam, two_centres):
    attempt = start_attempt(exam, two_centres.teacher_a)
    english(client, attempt.user)
    right = correct_answers(attempt)
    response = autosave(client, attempt, {"1": right[1], str(attempt.max_score + 1): right[1]})
    assert response.status_code == 400
    assert not attempt.items.filter(response__isnull=False).exists(), "nothing of a refused batch is kept"


# The database goes away during autosave.


class Outage:
    """Every query fails as it does while PostgreSQL restarts: the driver's OperationalError, raised where
    Django runs SQL (``connection.execute_wrapper``), for the session, the user and the attempt alike."""

    def __call__(self, execute, sql, params, many, context):
        raise OperationalError("server closed the connection unexpectedly")


@pytest.mark.django_db(transaction=True)
def test_autosave_during_a_database_outage_answers_503_json_and_loses_nothing(client, exam, two_centres):
    attempt = start_attempt(exam, two_centres.teacher_a)
    right = correct_answers(attempt)
    english(client, attempt.user)
    assert autosave(client, attempt, {"1": right[1]}).status_code == 200
    with connection.execute_wrapper(Outage()):
        response = autosave(client, attempt, {"2": right[2]})
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert response["Retry-After"]
    assert "Reconnecting" in response.json()["error"]
    # The database is back: the answer the browser kept is sent again and saved; the earlier one is there.
    response = autosave(client, attempt, {"2": right[2]})
    assert response.status_code == 200
    saved = dict(attempt.items.values_list("position", "response"))
    assert saved[1] is not None and saved[2] is not None


@pytest.mark.django_db(transaction=True)
def test_the_final_submit_during_an_outage_says_to_wait_and_keeps_the_attempt_open(client, exam, two_centres):
    attempt = start_attempt(exam, two_centres.teacher_a)
    english(client, attempt.user)
    with connection.execute_wrapper(Outage()):
        response = client.post(reverse("exams:submit", args=[attempt.pk]), {"with_answers": "1"})
        page = client.get(reverse("exams:attempt", args=[attempt.pk]))
    assert response.status_code == 503
    text = response.content.decode()
    assert "Reconnecting" in text and "has not been submitted yet" in text
    assert reverse("exams:attempt", args=[attempt.pk]) in text
    assert page.status_code == 503 and 'http-equiv="refresh"' in page.content.decode()
    attempt.refresh_from_db()
    assert attempt.status == "in_progress"


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="terminates a real PostgreSQL connection")
def test_autosave_after_the_server_dropped_the_connection_answers_503(client, exam, two_centres):
    attempt = start_attempt(exam, two_centres.teacher_a)
    right = correct_answers(attempt)
    english(client, attempt.user)
    assert autosave(client, attempt, {"1": right[1]}).status_code == 200
    # The test client keeps the connection across requests (as CONN_MAX_AGE does); the server ends it.
    connection.ensure_connection()
    backend = connection.connection.info.backend_pid
    admin = connection.get_new_connection(connection.get_connection_params())
    try:
        admin.execute("SELECT pg_terminate_backend(%s)", [backend])
    finally:
        admin.close()
    try:
        response = autosave(client, attempt, {"2": right[2]})
        assert response.status_code == 503 and response["Content-Type"] == "application/json"
    finally:
        # At the end of a real request Django drops the unusable connection; the next save reconnects
        # (and the tests after this one get a working connection, whatever happened above).
        connection.close()
    response = autosave(client, attempt, {"2": right[2]})
    assert response.status_code == 200
    assert attempt.items.get(position=2).response is not None


# Resume: another tab or device, and an attempt started again.


def test_a_second_device_shows_the_same_values_and_either_may_save(exam, two_centres):
    candidate = two_centres.teacher_a
    attempt = start_attempt(exam, candidate)
    laptop, phone = english(Client(), candidate), english(Client(), candidate)
    url = reverse("exams:attempt", args=[attempt.pk])

    def values(device):
        return re.findall(r'value="([0-9a-f]{20})"', device.get(url).content.decode())

    assert values(laptop) == values(phone) and values(laptop)
    right = correct_answers(attempt)
    save = reverse("exams:save", args=[attempt.pk])
    for device, position in ((laptop, 1), (phone, 2)):
        body = json.dumps({"answers": {str(position): right[position]}})
        assert device.post(save, body, content_type="application/json").status_code == 200
    assert f'value="{right[1]}" checked' in phone.get(url).content.decode()
    assert submit_attempt(attempt).score == 2


def test_the_tab_of_a_finished_attempt_cannot_write_into_the_next_one(client, exam, two_centres):
    candidate = two_centres.teacher_a
    first = start_attempt(exam, candidate)
    stale = correct_answers(first)
    submit_attempt(first)
    second = start_attempt(exam, candidate)
    english(client, candidate)
    old_tab = autosave(client, first, stale)
    assert old_tab.status_code == 409
    # The old page's values, sent to the new attempt, do not fit it.
    moved = autosave(client, second, {p: v for p, v in stale.items() if isinstance(v, str) and len(v) == 20})
    assert moved.status_code == 400
    assert not second.items.filter(response__isnull=False).exists()


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the SQLite test database is a shared in-memory cache, whose writers fail at once instead of waiting",
)
def test_parallel_starts_after_a_submitted_attempt_give_exactly_one_more(bank):
    teacher = f.person("parallel_second_start")
    exam = make_exam(bank, rules=[("reading", "B1", 2)], max_attempts=2)
    submit_attempt(start_attempt(exam, teacher))
    started = run_together(lambda _: start_attempt(exam, teacher).pk, range(6))
    assert not raised(started), raised(started)
    assert len(set(started)) == 1
    assert ExamAttempt.objects.filter(exam=exam, user=teacher).count() == 2
    with pytest.raises(Refused, match="all 2 attempts"):
        submit_attempt(ExamAttempt.objects.get(pk=started[0]))
        start_attempt(exam, teacher)


def test_recordings_are_not_served_after_submitting(client, exam, two_centres):
    attempt = start_attempt(exam, two_centres.teacher_a)
    item = attempt.items.select_related("version").first()
    item.version.audio.save("a.mp3", ContentFile(b"ID3" + b"\0" * 100), save=True)
    url = reverse("exams:audio", args=[attempt.pk, item.position])
    english(client, two_centres.teacher_a)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"ID3")
    submit_attempt(attempt)
    assert client.get(url).status_code == 404
