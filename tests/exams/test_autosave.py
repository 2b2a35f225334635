"""Autosave: odd input is refused with a reason, never a server error; a value maps back to the exact choice."""

import json

import pytest
from django.urls import reverse

from lms.exams.models import ExamAttempt, Subject
from lms.exams.services.answers import submit_attempt
from lms.exams.services.bank import category_named, import_questions
from lms.exams.values import ItemValues

from .conftest import english, make_exam

pytestmark = pytest.mark.django_db

MIXED = (
    "::M1::Pick the two right ones. {~%50%alpha ~%50%beta ~gamma}\n\n"
    "::P1::Match them. {=cat -> แมว =dog -> หมา = -> นก}"
)


@pytest.fixture
def mixed_exam(db):
    """A test of one multiple-choice item (two options at 50%, one at 0%) and one matching item, in that order."""
    category = category_named("Mixed bank", subject=Subject.ENGLISH)
    report = import_questions(category, "m.gift", MIXED)
    assert report.created == 2, report.errors
    return make_exam(category, rules=[("", "", 2)], shuffle_questions=False)


def start(client, exam, user):
    english(client, user)
    client.post(reverse("exams:start", args=[exam.pk]))
    return ExamAttempt.objects.get(user=user)


def position_of(attempt, qtype):
    return attempt.items.get(version__qtype=qtype).position


def autosave(client, attempt, body):
    return client.post(reverse("exams:save", args=[attempt.pk]), body, content_type="application/json")


def test_autosave_with_nested_lists_is_refused_with_400(client, mixed_exam, two_centres):
    attempt = start(client, mixed_exam, two_centres.teacher_a)
    p = position_of(attempt, "multiple")
    response = autosave(client, attempt, json.dumps({"answers": {str(p): [["o1"]]}}))
    assert response.status_code == 400
    assert response.json() == {"error": f"Question {p}: That option is not part of this question.", "position": p}
    assert attempt.items.get(position=p).response is None


def test_autosave_with_a_list_as_a_matching_choice_is_refused_with_400(client, mixed_exam, two_centres):
    attempt = start(client, mixed_exam, two_centres.teacher_a)
    p = position_of(attempt, "matching")
    prompt = ItemValues(attempt, p).prompt("p1")
    response = autosave(client, attempt, json.dumps({"answers": {str(p): {prompt: ["x"]}}}))
    assert response.status_code == 400
    assert response.json() == {"error": f"Question {p}: That option is not part of this question.", "position": p}
    assert attempt.items.get(position=p).response is None


def test_autosave_for_a_huge_position_is_refused_with_400(client, mixed_exam, two_centres):
    attempt = start(client, mixed_exam, two_centres.teacher_a)
    response = autosave(client, attempt, json.dumps({"answers": {"9" * 30: None}}))
    assert response.status_code == 400
    assert response.json() == {
        "error": "An answer was sent for a question that is not on this form.",
        "position": None,
    }


def test_autosave_with_deeply_nested_json_is_refused_with_400(client, mixed_exam, two_centres):
    attempt = start(client, mixed_exam, two_centres.teacher_a)
    body = '{"answers": {"1": ' + "[" * 200_000 + "]" * 200_000 + "}}"
    response = autosave(client, attempt, body)
    assert response.status_code == 400
    assert response.json() == {"error": "The answers could not be read."}


def test_a_matching_answer_is_stored_as_the_exact_choice_behind_its_value(client, two_centres):
    category = category_named("Spaces", subject=Subject.ENGLISH)
    import_questions(category, "s.gift", "Match. {=capital -> New  York =river -> Ping}")
    exam = make_exam(category, rules=[("", "", 1)])
    attempt = start(client, exam, two_centres.teacher_a)
    page = client.get(reverse("exams:attempt", args=[attempt.pk])).content.decode()
    values = ItemValues(attempt, 1)
    assert f'value="{values.choice("New  York")}">New  York<' in page
    # The page sends values, never texts, so however a browser treats spaces the choice is the one shown.
    sent = {values.prompt("p1"): values.choice("New  York"), values.prompt("p2"): values.choice("Ping")}
    response = autosave(client, attempt, json.dumps({"answers": {"1": sent}}))
    assert response.status_code == 200, response.json()
    assert response.json()["saved"] == [1]
    assert attempt.items.get(position=1).response == {"p1": "New  York", "p2": "Ping"}
    submitted = submit_attempt(attempt)
    assert submitted.items.get(position=1).score == 1
    assert submitted.score == 1
