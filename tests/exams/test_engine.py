"""The exam engine: drawing forms, the server's clock, resuming, idempotent submit, scoring and bands."""

from collections import Counter
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from lms.core.errors import Refused
from lms.exams.formats.gift import parse_gift
from lms.exams.models import AttemptItem, AttemptStatus, ExamAttempt, QuestionVersion
from lms.exams.scoring import InvalidResponse
from lms.exams.services import answers as answering
from lms.exams.services.answers import save_answers, submit_attempt, submit_expired
from lms.exams.services.attempts import draw_form, start_attempt
from lms.exams.services.bank import save_question
from tests import factories as f
from tests.concurrency import raised, run_together

from .conftest import as_sent, correct_answers, make_exam

pytestmark = pytest.mark.django_db


def form_of(attempt):
    return [
        (i.version.question.skill, i.version.question.level) for i in attempt.items.select_related("version__question")
    ]


def test_blueprint_draws_each_section_from_its_pool_without_repeats(exam, two_centres):
    attempt = start_attempt(exam, two_centres.teacher_a)
    sections = Counter(form_of(attempt))
    assert sections == {("reading", "B1"): 3, ("grammar", "A2"): 2, ("listening", "B1"): 3}
    versions = list(attempt.items.values_list("version_id", flat=True))
    assert len(set(versions)) == len(versions) == attempt.max_score == 8
    # Sections keep the blueprint's order: reading, then grammar, then listening.
    assert [s for s, _ in form_of(attempt)] == ["reading"] * 3 + ["grammar"] * 2 + ["listening"] * 3


def test_forms_differ_between_candidates_and_are_reproducible_from_the_seed(exam):
    forms = {tuple(v for _s, v, _o in draw_form(exam, seed)) for seed in range(20)}
    assert len(forms) > 10
    assert draw_form(exam, 1234) == draw_form(exam, 1234)
    orders = {tuple(o) for seed in range(20) for _s, _v, o in draw_form(exam, seed) if len(o) == 4}
    assert len(orders) > 1, "options are shuffled"


def test_options_are_a_permutation_of_the_question_options(exam, two_centres):
    attempt = start_attempt(exam, two_centres.teacher_a)
    for item in attempt.items.select_related("version"):
        if "options" in item.version.data:
            assert sorted(item.choice_order) == sorted(o["id"] for o in item.version.data["options"])


def test_a_bank_too_small_for_the_blueprint_is_refused_with_the_numbers(bank, two_centres):
    exam = make_exam(bank, rules=[("reading", "B1", 7)])
    with pytest.raises(Refused, match="6 items for section 1 of this test, which needs 7"):
        start_attempt(exam, two_centres.teacher_a)
    assert not ExamAttempt.objects.exists()


def test_starting_again_resumes_the_same_form(exam, two_centres):
    first = start_attempt(exam, two_centres.teacher_a)
    again = start_attempt(exam, two_centres.teacher_a)
    assert again.pk == first.pk
    assert ExamAttempt.objects.count() == 1


def test_attempt_limit_and_window(exam, two_centres):
    teacher = two_centres.teacher_a
    for _ in range(2):
        submit_attempt(start_attempt(exam, teacher))
    with pytest.raises(Refused, match="all 2 attempts"):
        start_attempt(exam, teacher)
    exam.closes_at = timezone.now() - timedelta(minutes=1)
    exam.save()
    with pytest.raises(Refused, match="not open"):
        start_attempt(exam, two_centres.teacher_b)


def test_deadline_is_the_time_limit_capped_by_the_window(exam, two_centres):
    now = timezone.now()
    attempt = start_attempt(exam, two_centres.teacher_a, now=now)
    assert attempt.deadline == now + timedelta(minutes=30)
    exam.closes_at = now + timedelta(minutes=10)
    exam.save()
    other = start_attempt(exam, two_centres.teacher_b, now=now)
    assert other.deadline == exam.closes_at


def test_answers_after_deadline_and_grace_are_refused_and_saved_ones_kept(exam, two_centres, settings):
    settings.EXAM_GRACE_SECONDS = 30
    now = timezone.now()
    attempt = start_attempt(exam, two_centres.teacher_a, now=now)
    right = correct_answers(attempt)
    save_answers(attempt.pk, attempt.user, {1: right[1]}, now=now + timedelta(minutes=5))
    other = start_attempt(exam, two_centres.teacher_b, now=now)
    with pytest.raises(Refused, match="Time is up"):
        save_answers(other.pk, other.user, {1: None}, now=other.deadline + timedelta(seconds=31))
    saved = dict(attempt.items.values_list("position", "response"))
    assert saved[1] is not None and saved[2] is None


def test_the_grace_takes_the_one_request_on_its_way_and_then_submits(exam, two_centres, settings):
    """The grace is for the request already on its way when time ran out, not 30 more seconds to answer."""
    settings.EXAM_GRACE_SECONDS = 30
    now = timezone.now()
    attempt = start_attempt(exam, two_centres.teacher_a, now=now)
    right = correct_answers(attempt)
    save_answers(attempt.pk, attempt.user, {2: right[2]}, now=attempt.deadline + timedelta(seconds=5))
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.SUBMITTED and attempt.timed_out and attempt.score == 1
    with pytest.raises(Refused, match="submitted"):
        save_answers(attempt.pk, attempt.user, {3: right[3]}, now=attempt.deadline + timedelta(seconds=6))
    late = submit_attempt(attempt, answers=right, now=attempt.deadline + timedelta(seconds=7))
    assert late.score == 1
    assert dict(attempt.items.values_list("position", "response"))[3] is None


def test_timed_out_attempts_are_submitted_with_what_was_saved(exam, two_centres, settings):
    settings.EXAM_GRACE_SECONDS = 30
    now = timezone.now()
    attempt = start_attempt(exam, two_centres.teacher_a, now=now)
    right = correct_answers(attempt)
    save_answers(attempt.pk, attempt.user, {1: right[1], 2: right[2]}, now=now + timedelta(minutes=1))
    assert submit_expired(now=attempt.deadline + timedelta(seconds=10)) == 0
    assert submit_expired(now=attempt.deadline + timedelta(seconds=31)) == 1
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.SUBMITTED
    assert attempt.timed_out
    assert attempt.submitted_at == attempt.deadline
    assert attempt.score == 2
    assert attempt.percent == Decimal("25.00")
    assert attempt.band == "A2"


def test_a_late_final_form_does_not_add_answers(exam, two_centres):
    now = timezone.now()
    attempt = start_attempt(exam, two_centres.teacher_a, now=now)
    late = attempt.deadline + timedelta(minutes=5)
    attempt = submit_attempt(attempt, answers=correct_answers(attempt), now=late)
    assert attempt.score == 0
    assert attempt.timed_out


def test_invalid_answers_are_refused_with_the_position(exam, two_centres):
    attempt = start_attempt(exam, two_centres.teacher_a)
    with pytest.raises(InvalidResponse, match="Question 1"):
        save_answers(attempt.pk, attempt.user, {1: "not-an-option"})
    with pytest.raises(InvalidResponse, match="not on this form"):
        save_answers(attempt.pk, attempt.user, {99: "x"})
    with pytest.raises(InvalidResponse):
        save_answers(attempt.pk, attempt.user, {"one": "x"})
    with pytest.raises(ExamAttempt.DoesNotExist):
        save_answers(attempt.pk, two_centres.teacher_b, {1: None})


def test_submitting_twice_grades_once(exam, two_centres):
    attempt = start_attempt(exam, two_centres.teacher_a)
    save_answers(attempt.pk, attempt.user, correct_answers(attempt))
    first = submit_attempt(attempt)
    assert first.percent == 100 and first.band == "C2"
    AttemptItem.objects.filter(attempt=attempt).update(response=None)
    second = submit_attempt(attempt)
    assert second.submitted_at == first.submitted_at
    assert second.score == first.score
    with pytest.raises(Refused, match="submitted"):
        save_answers(attempt.pk, attempt.user, {1: None})


def test_editing_an_item_never_changes_a_past_attempt(exam, two_centres):
    attempt = start_attempt(exam, two_centres.teacher_a)
    item = attempt.items.select_related("version__question").get(position=1)
    question, old_version = item.version.question, item.version
    parsed = parse_gift("::R::A changed stem. {=new ~old}").questions[0][1]
    save_question(question, parsed)
    question.refresh_from_db()
    assert question.current_version_id != old_version.pk
    item.refresh_from_db()
    assert item.version_id == old_version.pk
    assert "Reading B1" in QuestionVersion.objects.get(pk=item.version_id).text
    # Saving the same content again makes no new version.
    save_question(question, parsed)
    assert question.versions.count() == 2


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="parallel writers need PostgreSQL")
def test_twenty_parallel_submits_give_one_graded_attempt(bank):
    call_command("loaddata", "provinces", verbosity=0)
    teacher = f.person("parallel_teacher")
    exam = make_exam(bank, rules=[("reading", "B1", 3), ("grammar", "A2", 2)])
    attempt = start_attempt(exam, teacher)
    save_answers(attempt.pk, teacher, correct_answers(attempt))
    results = run_together(lambda _: submit_attempt(ExamAttempt.objects.get(pk=attempt.pk)), range(20))
    assert not raised(results)
    assert len(results) == 20
    assert {(r.status, r.submitted_at, r.score) for r in results} == {
        (AttemptStatus.SUBMITTED, results[0].submitted_at, Decimal("5.000"))
    }
    assert ExamAttempt.objects.filter(exam=exam, user=teacher).count() == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="parallel writers need PostgreSQL")
def test_parallel_starts_give_one_attempt(bank):
    teacher = f.person("parallel_starter")
    exam = make_exam(bank, rules=[("reading", "B1", 2)])
    started = run_together(lambda _: start_attempt(exam, teacher).pk, range(10))
    assert not raised(started)
    assert len(set(started)) == 1
    assert ExamAttempt.objects.filter(exam=exam, user=teacher).count() == 1


def test_retyping_an_item_keeps_scoring_past_attempts_by_the_type_they_drew(exam, two_centres):
    attempt = start_attempt(exam, two_centres.teacher_a)
    item = attempt.items.select_related("version__question").filter(version__qtype="single").first()
    question = item.version.question
    right = next(o["id"] for o in item.version.data["options"] if o["fraction"] == 1)
    save_answers(attempt.pk, attempt.user, as_sent(attempt, {item.position: right}))
    save_question(question, parse_gift("Is this now true/false? {T}").questions[0][1])
    question.refresh_from_db()
    assert question.qtype == "truefalse"
    submitted = submit_attempt(attempt)
    assert submitted.status == AttemptStatus.SUBMITTED
    item.refresh_from_db()
    assert item.version.qtype == "single"
    assert item.score == 1


def test_the_expiry_task_submits_attempts_whose_items_were_retyped(exam, two_centres):
    older = start_attempt(exam, two_centres.teacher_b)
    newer = start_attempt(exam, two_centres.teacher_a)
    item = newer.items.select_related("version__question").filter(version__qtype="single").first()
    save_answers(newer.pk, newer.user, as_sent(newer, {item.position: item.choice_order[0]}))
    save_question(item.version.question, parse_gift("Now TF {F}").questions[0][1])
    assert submit_expired(now=timezone.now() + timedelta(hours=2)) == 2
    for attempt in (older, newer):
        attempt.refresh_from_db()
        assert attempt.status == AttemptStatus.SUBMITTED and attempt.timed_out


def test_the_expiry_task_goes_on_past_an_attempt_it_cannot_grade(exam, two_centres, monkeypatch, caplog):
    broken = start_attempt(exam, two_centres.teacher_a)
    fine = start_attempt(exam, two_centres.teacher_b)
    submit = submit_attempt

    def submit_or_fail(attempt, **kwargs):
        if attempt.pk == broken.pk:
            raise KeyError("answer")
        return submit(attempt, **kwargs)

    monkeypatch.setattr(answering, "submit_attempt", submit_or_fail)
    assert submit_expired(now=timezone.now() + timedelta(hours=2)) == 1
    fine.refresh_from_db()
    broken.refresh_from_db()
    assert fine.status == AttemptStatus.SUBMITTED and fine.timed_out
    assert broken.status == AttemptStatus.IN_PROGRESS
    assert f"could not submit expired attempt {broken.pk}" in caplog.text
