"""Problems found in review of the Testing Center, each pinned by a test."""

import html
import io
import json
from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation

from lms.core.errors import Refused
from lms.exams import analysis, scoring, services
from lms.exams.formats.gift import parse_gift
from lms.exams.models import (
    AttemptStatus,
    Exam,
    ExamAttempt,
    Question,
    QuestionImport,
    Seat,
    Sitting,
    Subject,
)
from lms.exams.values import ItemValues

from .conftest import READING_B1, as_sent, make_exam
from .test_admin import exam_form

pytestmark = pytest.mark.django_db

MIXED = (
    "::M1::Pick the two right ones. {~%50%alpha ~%50%beta ~gamma}\n\n"
    "::P1::Match them. {=cat -> แมว =dog -> หมา = -> นก}"
)
LATIN1_XML = (
    '<?xml version="1.0" encoding="ISO-8859-1"?>\n<quiz><question type="truefalse">'
    '<name><text>cafe</text></name><questiontext format="html"><text>Un café, s\'il vous plaît?</text></questiontext>'
    '<answer fraction="100"><text>true</text></answer><answer fraction="0"><text>false</text></answer>'
    "</question></quiz>"
).encode("latin-1")
IN_USE = "is still in use by other records, so it was not deleted"


@pytest.fixture
def mixed_exam(db):
    """A test of one multiple-choice item (two options at 50%, one at 0%) and one matching item, in that order."""
    category = services.category_named("Mixed bank", subject=Subject.ENGLISH)
    report = services.import_questions(category, "m.gift", MIXED)
    assert report.imported == 2, report.errors
    return make_exam(category, rules=[("", "", 2)], shuffle_questions=False)


@pytest.fixture
def bank_b(two_centres):
    """A bank kept by centre B only, with six reading B1 items."""
    category = services.category_named("Centre B secret bank", centre=two_centres.centre_b, subject=Subject.ENGLISH)
    services.import_questions(category, "r.gift", READING_B1, skill="reading", level="B1")
    return category


def english(client, user):
    client.cookies["django_language"] = "en"
    client.force_login(user)
    return client


def start(client, exam, user):
    english(client, user)
    client.post(reverse("exams:start", args=[exam.pk]))
    return ExamAttempt.objects.get(user=user)


def position_of(attempt, qtype):
    return attempt.items.get(version__qtype=qtype).position


def autosave(client, attempt, body):
    return client.post(reverse("exams:save", args=[attempt.pk]), body, content_type="application/json")


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def sitting_of(exam, two_centres, *, proctor, starts_in=timedelta(minutes=10)):
    exam.mode = "sitting"
    exam.save()
    now = timezone.now()
    return Sitting.objects.create(
        exam=exam,
        centre=two_centres.centre_a,
        room="101",
        starts_at=now + starts_in,
        ends_at=now + timedelta(hours=2),
        seats=10,
        proctor=proctor,
    )


# Autosave: odd input is refused with a reason, never a server error.


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
    category = services.category_named("Spaces", subject=Subject.ENGLISH)
    services.import_questions(category, "s.gift", "Match. {=capital -> New  York =river -> Ping}")
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
    submitted = services.submit_attempt(attempt)
    assert submitted.items.get(position=1).score == 1
    assert submitted.score == 1


# Versions and scoring.


def test_retyping_an_item_keeps_scoring_past_attempts_by_the_type_they_drew(exam, two_centres):
    attempt = services.start_attempt(exam, two_centres.teacher_a)
    item = attempt.items.select_related("version__question").filter(version__qtype="single").first()
    question = item.version.question
    right = next(o["id"] for o in item.version.data["options"] if o["fraction"] == 1)
    services.save_answers(attempt.pk, attempt.user, as_sent(attempt, {item.position: right}))
    services.save_question(question, parse_gift("Is this now true/false? {T}").questions[0][1])
    question.refresh_from_db()
    assert question.qtype == "truefalse"
    submitted = services.submit_attempt(attempt)
    assert submitted.status == AttemptStatus.SUBMITTED
    item.refresh_from_db()
    assert item.version.qtype == "single"
    assert item.score == 1


def test_the_expiry_task_submits_attempts_whose_items_were_retyped(exam, two_centres):
    older = services.start_attempt(exam, two_centres.teacher_b)
    newer = services.start_attempt(exam, two_centres.teacher_a)
    item = newer.items.select_related("version__question").filter(version__qtype="single").first()
    services.save_answers(newer.pk, newer.user, as_sent(newer, {item.position: item.choice_order[0]}))
    services.save_question(item.version.question, parse_gift("Now TF {F}").questions[0][1])
    assert services.submit_expired(now=timezone.now() + timedelta(hours=2)) == 2
    for attempt in (older, newer):
        attempt.refresh_from_db()
        assert attempt.status == AttemptStatus.SUBMITTED and attempt.timed_out


def test_the_expiry_task_goes_on_past_an_attempt_it_cannot_grade(exam, two_centres, monkeypatch, caplog):
    broken = services.start_attempt(exam, two_centres.teacher_a)
    fine = services.start_attempt(exam, two_centres.teacher_b)
    submit = services.submit_attempt

    def submit_or_fail(attempt, **kwargs):
        if attempt.pk == broken.pk:
            raise KeyError("answer")
        return submit(attempt, **kwargs)

    monkeypatch.setattr(services, "submit_attempt", submit_or_fail)
    assert services.submit_expired(now=timezone.now() + timedelta(hours=2)) == 1
    fine.refresh_from_db()
    broken.refresh_from_db()
    assert fine.status == AttemptStatus.SUBMITTED and fine.timed_out
    assert broken.status == AttemptStatus.IN_PROGRESS
    assert f"could not submit expired attempt {broken.pk}" in caplog.text


def test_saving_a_numeric_item_unchanged_in_the_admin_keeps_its_key_and_version(client, two_centres):
    category = services.category_named("Numbers", subject=Subject.OTHER)
    services.import_questions(category, "n.gift", "Population? {#1234567:0}\n\nPi? {#3.14159265:0.0000001}")
    english(client, two_centres.obec)
    for question in Question.objects.filter(category=category).select_related("current_version"):
        key = question.current_version.data["answers"][0]
        url = reverse("wagtailsnippets_exams_question:edit", args=[question.pk])
        page = client.get(url).content.decode()
        gift = html.unescape(page.split('name="gift"')[1].split(">", 1)[1].split("</textarea>")[0]).strip()
        assert parse_gift(gift).questions[0][1].data["answers"][0]["value"] == key["value"]
        response = client.post(
            url,
            {
                "category": category.pk,
                "name": question.name,
                "skill": question.skill,
                "level": question.level,
                "gift": gift,
                "active": "on",
            },
        )
        assert response.status_code == 302
        question.refresh_from_db()
        assert question.versions.count() == 1
        assert question.current_version.data["answers"][0]["value"] == key["value"]
        assert question.current_version.data["answers"][0]["tolerance"] == key["tolerance"]


def test_ticking_every_option_of_a_multiple_choice_item_scores_zero():
    parsed = parse_gift("Which are fruits? {~%50%apple ~%50%mango ~brick ~chair}").questions[0][1]
    options = parsed.data["options"]
    every = [o["id"] for o in options]
    right = [o["id"] for o in options if o["fraction"] > 0]
    assert len(right) == 2
    assert scoring.score_response(parsed.qtype, parsed.data, every) == 0
    assert scoring.score_response(parsed.qtype, parsed.data, right) == 1


# Starting a test and importing items.


def test_starting_with_a_non_numeric_sitting_answers_404(client, exam, two_centres):
    exam.mode = "sitting"
    exam.save()
    english(client, two_centres.teacher_a)
    client.raise_request_exception = False
    response = client.post(reverse("exams:start", args=[exam.pk]), {"sitting": "abc", "code": "X"})
    assert response.status_code == 404
    assert not ExamAttempt.objects.exists()


def test_an_admin_import_of_a_latin1_moodle_xml_keeps_its_accents(
    client, two_centres, django_capture_on_commit_callbacks
):
    english(client, two_centres.manager_a)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("exams_import"),
            {"file": SimpleUploadedFile("fr.xml", LATIN1_XML), "new_category": "Latin XML", "subject": "other"},
        )
    job = QuestionImport.objects.get()
    assert job.status == QuestionImport.Status.DONE, job.errors
    assert job.imported == 1 and job.failed == 0
    assert "Un café, s'il vous plaît?" in Question.objects.get().current_version.text


def test_an_admin_import_of_a_non_utf8_gift_is_refused_with_the_reason(
    client, two_centres, django_capture_on_commit_callbacks
):
    english(client, two_centres.manager_a)
    gift = "เมืองหลวงของไทย? {=กรุงเทพ ~เชียงใหม่}".encode("cp874")
    with django_capture_on_commit_callbacks(execute=True), translation.override("en"):
        client.post(
            reverse("exams_import"),
            {"file": SimpleUploadedFile("thai.gift", gift), "new_category": "Thai GIFT", "subject": "other"},
        )
    job = QuestionImport.objects.get()
    assert job.status == QuestionImport.Status.DONE
    assert job.imported == 0 and job.failed == 1
    assert [e["reason"] for e in job.errors] == ["The file is not UTF-8 text."]
    assert not Question.objects.exists()


def test_a_candidate_cannot_submit_another_candidates_attempt(client, exam, two_centres):
    attempt = services.start_attempt(exam, two_centres.teacher_a)
    english(client, two_centres.teacher_b)
    assert client.post(reverse("exams:submit", args=[attempt.pk])).status_code == 404
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.IN_PROGRESS


# Results, exports and analysis.


def test_an_item_everyone_scored_the_same_on_has_no_discrimination():
    stats = analysis.ItemStats(1, "", "", "", "")
    for i in range(15):
        stats.add(0.1, float(i % 7))
    assert stats.discrimination is None
    assert stats.flags == ["almost no one answers it right"]


def test_an_exam_name_that_looks_like_a_formula_is_written_to_the_xlsx_as_text(exam, two_centres):
    from openpyxl import load_workbook

    services.submit_attempt(services.start_attempt(exam, two_centres.teacher_a))
    title = '=HYPERLINK("http://evil.example","Click")'
    sheet = load_workbook(io.BytesIO(analysis.results_xlsx(ExamAttempt.objects.all(), title))).active
    assert sheet["A1"].data_type == "s"
    assert sheet["A1"].value == "'" + title


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


def test_recordings_are_not_served_after_submitting(client, exam, two_centres):
    attempt = services.start_attempt(exam, two_centres.teacher_a)
    item = attempt.items.select_related("version").first()
    item.version.audio.save("a.mp3", ContentFile(b"ID3" + b"\0" * 100), save=True)
    url = reverse("exams:audio", args=[attempt.pk, item.position])
    english(client, two_centres.teacher_a)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"ID3")
    services.submit_attempt(attempt)
    assert client.get(url).status_code == 404


# Deleting in the admin: records still in use are kept, with a message.


def test_deleting_a_question_used_in_an_attempt_is_refused_with_a_message(client, exam, two_centres):
    question = services.start_attempt(exam, two_centres.teacher_a).items.first().version.question
    english(client, two_centres.obec)
    response = client.post(reverse("wagtailsnippets_exams_question:delete", args=[question.pk]))
    assert response.status_code == 302
    assert any(IN_USE in m for m in messages_of(response)), messages_of(response)
    assert Question.objects.filter(pk=question.pk).exists()


def test_deleting_an_unused_question_removes_it(client, bank, two_centres):
    question = Question.objects.filter(category=bank).first()
    english(client, two_centres.obec)
    response = client.post(reverse("wagtailsnippets_exams_question:delete", args=[question.pk]))
    assert response.status_code == 302
    assert not any(IN_USE in m for m in messages_of(response))
    assert not Question.objects.filter(pk=question.pk).exists()


def test_deleting_an_exam_with_attempts_is_refused_with_a_message(client, exam, two_centres):
    services.start_attempt(exam, two_centres.teacher_a)
    english(client, two_centres.obec)
    response = client.post(reverse("wagtailsnippets_exams_exam:delete", args=[exam.pk]))
    assert response.status_code == 302
    assert any(IN_USE in m for m in messages_of(response)), messages_of(response)
    assert Exam.objects.filter(pk=exam.pk).exists()


# The blueprint and the bank a centre keeps.


def test_a_centre_manager_cannot_draw_a_blueprint_from_another_centres_bank(client, two_centres, bank_b):
    english(client, two_centres.manager_a)
    response = client.post(
        reverse("wagtailsnippets_exams_exam:add"), exam_form(bank_b, count=6, centre=two_centres.centre_a.pk)
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Exam.objects.exists()


def test_the_blueprint_form_does_not_reveal_another_centres_pool_size(client, two_centres, bank_b):
    english(client, two_centres.manager_a)
    response = client.post(
        reverse("wagtailsnippets_exams_exam:add"), exam_form(bank_b, count=99, centre=two_centres.centre_a.pk)
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "the bank has" not in page
    assert not Exam.objects.exists()


def test_blueprint_sections_that_can_draw_the_same_items_are_refused(client, bank, two_centres):
    data = exam_form(bank, count=12)
    data.update(
        {
            "blueprint_rules-0-skill": "",
            "blueprint_rules-0-level": "",
            "blueprint_rules-TOTAL_FORMS": "2",
            "blueprint_rules-1-category": str(bank.pk),
            "blueprint_rules-1-skill": "reading",
            "blueprint_rules-1-level": "B1",
            "blueprint_rules-1-count": "1",
            "blueprint_rules-1-ORDER": "2",
        }
    )
    english(client, two_centres.obec)
    response = client.post(reverse("wagtailsnippets_exams_exam:add"), data)
    assert response.status_code == 200
    assert "Sections 1 and 2 can draw the same items" in response.content.decode()
    assert not Exam.objects.exists()


def test_the_question_list_filter_names_only_the_managers_own_categories(client, two_centres, bank_b):
    services.category_named("Centre A own bank", centre=two_centres.centre_a, subject=Subject.ENGLISH)
    english(client, two_centres.manager_a)
    page = client.get(reverse("wagtailsnippets_exams_question:list")).content.decode()
    assert "Centre A own bank" in page
    assert "Centre B secret bank" not in page


# Proctoring: only the proctor and the centre's test staff hold the admission code.


def test_a_master_trainer_cannot_see_the_admission_code(client, two_centres, exam):
    sitting = sitting_of(exam, two_centres, proctor=two_centres.manager_a)
    url = reverse("exams:proctor", args=[sitting.pk])
    english(client, two_centres.trainer_a)
    response = client.get(url)
    assert response.status_code == 403
    assert sitting.admission_code not in response.content.decode()


def test_a_master_trainer_cannot_renew_the_admission_code(client, two_centres, exam):
    sitting = sitting_of(exam, two_centres, proctor=two_centres.manager_a)
    old = sitting.admission_code
    english(client, two_centres.trainer_a)
    assert client.post(reverse("exams:proctor", args=[sitting.pk])).status_code == 403
    sitting.refresh_from_db()
    assert sitting.admission_code == old


def test_the_proctor_of_a_sitting_cannot_book_a_seat_in_it(client, two_centres, exam):
    sitting = sitting_of(exam, two_centres, proctor=two_centres.trainer_a, starts_in=-timedelta(minutes=10))
    with translation.override("en"), pytest.raises(Refused, match="You proctor this sitting"):
        services.book_seat(sitting, two_centres.trainer_a)
    english(client, two_centres.trainer_a)
    response = client.post(reverse("exams:book", args=[exam.pk, sitting.pk]))
    assert response.status_code == 302
    assert any("You proctor this sitting" in m for m in messages_of(response)), messages_of(response)
    assert not Seat.objects.filter(sitting=sitting).exists()
