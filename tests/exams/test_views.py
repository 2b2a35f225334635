"""Taking a test through the site: start, autosave, reload and resume, submit, result; staff results."""

import csv
import io
import json
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from lms.exams.models import AttemptStatus, ExamAttempt
from lms.exams.services.answers import save_answers, submit_attempt
from lms.exams.services.attempts import start_attempt

from .conftest import correct_answers, english, make_exam

pytestmark = pytest.mark.django_db
PASSWORD = "pw-for-tests-123"


def login(client, user):
    client.cookies["django_language"] = "en"
    assert client.login(username=user.username, password=PASSWORD)
    return client


def autosave(client, attempt, answers):
    return client.post(
        reverse("exams:save", args=[attempt.pk]), json.dumps({"answers": answers}), content_type="application/json"
    )


def test_start_autosave_reload_resume_submit_and_see_the_band(client, exam, two_centres):
    login(client, two_centres.teacher_a)
    response = client.post(reverse("exams:start", args=[exam.pk]))
    attempt = ExamAttempt.objects.get()
    assert response.url == reverse("exams:attempt", args=[attempt.pk])
    right = correct_answers(attempt)
    first = attempt.items.select_related("version__question").get(position=1)
    assert autosave(client, attempt, {"1": right[1], "6": right[6]}).json()["saved"] == [1, 6]
    # Reload: the same form, in the same order, with the saved answers ticked and the time still running.
    page = client.get(reverse("exams:attempt", args=[attempt.pk])).content.decode()
    assert f'value="{right[1]}" checked' in page
    assert page.index(first.version.text) < page.index("Question 2")
    seconds = int(page.split('data-seconds="')[1].split('"')[0])
    assert 29 * 60 < seconds <= 30 * 60
    # Starting again from the test page resumes rather than drawing a new form.
    assert client.post(reverse("exams:start", args=[exam.pk])).url == reverse("exams:attempt", args=[attempt.pk])
    response = client.post(reverse("exams:submit", args=[attempt.pk]))
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.SUBMITTED and attempt.score == 2
    result = client.get(response.url).content.decode()
    assert 'id="band">A2<' in result and "CEFR level" in result
    # The attempt page after submitting shows the result, not the form.
    assert client.get(reverse("exams:attempt", args=[attempt.pk])).url == reverse("exams:result", args=[attempt.pk])


def test_the_plain_form_submits_its_answers_without_script(client, exam, two_centres):
    login(client, two_centres.teacher_a)
    client.post(reverse("exams:start", args=[exam.pk]))
    attempt = ExamAttempt.objects.get()
    form = {"with_answers": "1"}
    for position, answer in correct_answers(attempt).items():
        form[f"q{position}"] = ("true" if answer else "false") if isinstance(answer, bool) else answer
    client.post(reverse("exams:submit", args=[attempt.pk]), form)
    attempt.refresh_from_db()
    assert attempt.percent == 100 and attempt.band == "C2"


def test_autosave_refuses_bad_input_and_other_peoples_attempts(client, exam, two_centres):
    attempt = start_attempt(exam, two_centres.teacher_a)
    login(client, two_centres.teacher_b)
    assert autosave(client, attempt, {"1": None}).status_code == 404
    assert client.get(reverse("exams:attempt", args=[attempt.pk])).status_code == 404
    assert client.get(reverse("exams:result", args=[attempt.pk])).status_code == 404
    client.logout()
    login(client, two_centres.teacher_a)
    bad = autosave(client, attempt, {"1": "o99"})
    assert bad.status_code == 400 and "Question 1" in bad.json()["error"]
    garbage = client.post(reverse("exams:save", args=[attempt.pk]), "{not json", content_type="application/json")
    assert garbage.status_code == 400 and garbage.json()["error"]
    ExamAttempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() - timedelta(minutes=5))
    late = autosave(client, attempt, {"1": None})
    assert late.status_code == 409 and late.json()["closed"]


def test_autosave_runs_the_same_few_queries_for_one_answer_or_eight(client, exam, two_centres):
    login(client, two_centres.teacher_a)
    attempt = start_attempt(exam, two_centres.teacher_a)
    right = correct_answers(attempt)
    counts = []
    for answers in ({1: right[1]}, right):
        with CaptureQueriesContext(connection) as queries:
            assert autosave(client, attempt, answers).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 8


def test_a_timed_out_attempt_is_submitted_when_opened(client, exam, two_centres):
    login(client, two_centres.teacher_a)
    attempt = start_attempt(exam, two_centres.teacher_a)
    ExamAttempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() - timedelta(minutes=5))
    assert client.get(reverse("exams:attempt", args=[attempt.pk])).url == reverse("exams:result", args=[attempt.pk])
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.SUBMITTED and attempt.timed_out


def graded(exam, user, right=True):
    attempt = start_attempt(exam, user)
    if right:
        save_answers(attempt.pk, user, correct_answers(attempt))
    return submit_attempt(attempt)


def test_results_are_scoped_to_centre_province_and_nation(client, exam, two_centres):
    graded(exam, two_centres.teacher_a)
    graded(exam, two_centres.teacher_b, right=False)
    url = reverse("exams:results", args=[exam.pk])
    seen = {}
    for viewer in ("manager_a", "manager_b", "supervisor_cm", "obec"):
        client.logout()
        login(client, getattr(two_centres, viewer))
        page = client.get(url).content.decode()
        seen[viewer] = {name for name in ("teacher_a", "teacher_b") if f"({name})" in page}
    assert seen == {
        "manager_a": {"teacher_a"},
        "manager_b": {"teacher_b"},
        "supervisor_cm": {"teacher_a"},
        "obec": {"teacher_a", "teacher_b"},
    }
    client.logout()
    login(client, two_centres.teacher_a)
    assert client.get(url).status_code == 403
    assert client.get(reverse("exams:analysis", args=[exam.pk])).status_code == 403
    assert client.get(reverse("exams:manage")).status_code == 403


def test_exports_hold_only_the_viewers_results(client, exam, two_centres):
    graded(exam, two_centres.teacher_a)
    graded(exam, two_centres.teacher_b, right=False)
    login(client, two_centres.manager_a)
    url = reverse("exams:results", args=[exam.pk])
    rows = list(csv.reader(io.StringIO(client.get(url + "?format=csv").content.decode("utf-8-sig"))))
    assert rows[0][0] == "Username" and rows[0][-1] == "Band"
    assert [r[0] for r in rows[1:]] == ["teacher_a"]
    assert rows[1][-1] == "C2" and rows[1][-2] == "100.0"
    response = client.get(url + "?format=xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[1][0] == "Username"
    assert [v[0] for v in values[2:]] == ["teacher_a"]


def test_item_analysis_page_shows_difficulty_and_option_counts(client, exam, two_centres):
    graded(exam, two_centres.teacher_a)
    login(client, two_centres.obec)
    page = client.get(reverse("exams:analysis", args=[exam.pk])).content.decode()
    assert "Difficulty" in page and "Discrimination" in page
    assert "1.00" in page
    assert "Fewer than 20 candidates" in page


def test_the_test_page_runs_the_same_queries_for_a_short_and_a_long_form(client, bank, two_centres):
    counts = []
    for teacher, rules in (
        (two_centres.teacher_a, [("reading", "B1", 1)]),
        (two_centres.teacher_b, [("reading", "B1", 6), ("grammar", "A2", 4), ("listening", "B1", 3)]),
    ):
        exam = make_exam(bank, rules=rules)
        attempt = start_attempt(exam, teacher)
        login(client, teacher)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("exams:attempt", args=[attempt.pk])).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 12


def test_a_candidate_cannot_submit_another_candidates_attempt(client, exam, two_centres):
    attempt = start_attempt(exam, two_centres.teacher_a)
    english(client, two_centres.teacher_b)
    assert client.post(reverse("exams:submit", args=[attempt.pk])).status_code == 404
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.IN_PROGRESS


def test_a_centre_manager_cannot_open_the_results_of_another_centres_test(client, two_centres, bank):
    secret = make_exam(
        bank,
        rules=[("reading", "B1", 1)],
        centre=two_centres.centre_b,
        published=False,
        name_th="ข้อสอบลับของศูนย์ B",
        name_en="Secret B test",
    )
    english(client, two_centres.manager_a)
    assert client.get(reverse("exams:results", args=[secret.pk])).status_code == 404
    english(client, two_centres.manager_b)
    response = client.get(reverse("exams:results", args=[secret.pk]))
    assert response.status_code == 200 and "Secret B test" in response.content.decode()
