"""Tests in the Wagtail admin: the blueprint is checked against the bank, cut scores start at 0."""

import pytest
from django.urls import reverse

from lms.exams.models import Exam, Question, Subject
from lms.exams.services.attempts import start_attempt
from lms.exams.services.bank import category_named, import_questions

from .conftest import READING_B1, english, messages_of

pytestmark = pytest.mark.django_db


def exam_form(bank, *, count, cuts=(("A1", "0"), ("B1", "40")), centre=""):
    data = {
        "name_th": "ทดสอบ",
        "name_en": "Test",
        "subject": "english",
        "purpose": "placement",
        "centre": centre,
        "instructions": "",
        "published": "on",
        "mode": "online",
        "time_limit_minutes": "30",
        "max_attempts": "1",
        "shuffle_questions": "on",
        "shuffle_options": "on",
        "show_result": "on",
        "blueprint_rules-TOTAL_FORMS": "1",
        "blueprint_rules-INITIAL_FORMS": "0",
        "blueprint_rules-MIN_NUM_FORMS": "0",
        "blueprint_rules-MAX_NUM_FORMS": "1000",
        "blueprint_rules-0-category": str(bank.pk),
        "blueprint_rules-0-skill": "reading",
        "blueprint_rules-0-level": "B1",
        "blueprint_rules-0-count": str(count),
        "blueprint_rules-0-ORDER": "1",
        "cut_scores-TOTAL_FORMS": str(len(cuts)),
        "cut_scores-INITIAL_FORMS": "0",
        "cut_scores-MIN_NUM_FORMS": "0",
        "cut_scores-MAX_NUM_FORMS": "1000",
    }
    for n, (band, start) in enumerate(cuts):
        data.update({f"cut_scores-{n}-band": band, f"cut_scores-{n}-min_percent": start, f"cut_scores-{n}-ORDER": n})
    return data


@pytest.fixture
def admin(client, two_centres):
    client.cookies["django_language"] = "en"
    client.force_login(two_centres.obec)
    return client


def test_a_blueprint_the_bank_cannot_fill_is_refused_with_the_numbers(admin, bank):
    url = reverse("wagtailsnippets_exams_exam:add")
    page = admin.post(url, exam_form(bank, count=9)).content.decode()
    assert "Section 1 asks for 9 items but the bank has 6 that fit." in page
    assert not Exam.objects.exists()
    response = admin.post(url, exam_form(bank, count=6))
    assert response.status_code == 302
    exam = Exam.objects.get()
    assert exam.question_count == 6 and exam.cut_scores.count() == 2


def test_cut_scores_must_start_at_zero_and_not_repeat(admin, bank):
    url = reverse("wagtailsnippets_exams_exam:add")
    page = admin.post(url, exam_form(bank, count=2, cuts=(("A2", "20"), ("B1", "40")))).content.decode()
    assert "The lowest band starts at 0 percent" in page
    page = admin.post(url, exam_form(bank, count=2, cuts=(("A1", "0"), ("B1", "0")))).content.decode()
    assert "Two bands start at the same percent." in page
    assert not Exam.objects.exists()


def test_a_centre_manager_makes_tests_for_their_centre_from_their_own_bank(client, bank, two_centres):
    own = category_named("Centre A bank", centre=two_centres.centre_a)
    import_questions(own, "a.gift", "Q1 {=a ~b}\n\nQ2 {=c ~d}\n\nQ3 {T}", skill="reading", level="B1")
    other = category_named("Centre B bank", centre=two_centres.centre_b)
    import_questions(other, "b.gift", "Q1 {=a ~b}\n\nQ2 {=c ~d}", skill="reading", level="B1")
    client.cookies["django_language"] = "en"
    client.force_login(two_centres.manager_a)
    url = reverse("wagtailsnippets_exams_exam:add")
    page = client.post(url, exam_form(own, count=2)).content.decode()
    assert "This field is required." in page or "Choose your centre" in page
    for foreign in (bank, other):
        page = client.post(url, exam_form(foreign, count=2, centre=two_centres.centre_a.pk)).content.decode()
        assert "Select a valid choice" in page or "a category you do not keep" in page
        assert "the bank has" not in page
    assert not Exam.objects.exists()
    response = client.post(url, exam_form(own, count=2, centre=two_centres.centre_a.pk))
    assert response.status_code == 302
    assert Exam.objects.get().centre == two_centres.centre_a


def test_sections_that_could_draw_the_same_items_are_refused(admin, bank):
    data = exam_form(bank, count=2)
    data.update(
        {
            "blueprint_rules-TOTAL_FORMS": "2",
            "blueprint_rules-1-category": str(bank.pk),
            "blueprint_rules-1-skill": "",
            "blueprint_rules-1-level": "B1",
            "blueprint_rules-1-count": "2",
            "blueprint_rules-1-ORDER": "2",
        }
    )
    page = admin.post(reverse("wagtailsnippets_exams_exam:add"), data).content.decode()
    assert "Sections 1 and 2 can draw the same items" in page
    assert not Exam.objects.exists()


IN_USE = "is still in use by other records, so it was not deleted"


@pytest.fixture
def bank_b(two_centres):
    """A bank kept by centre B only, with six reading B1 items."""
    category = category_named("Centre B secret bank", centre=two_centres.centre_b, subject=Subject.ENGLISH)
    import_questions(category, "r.gift", READING_B1, skill="reading", level="B1")
    return category


def test_deleting_a_question_used_in_an_attempt_is_refused_with_a_message(client, exam, two_centres):
    question = start_attempt(exam, two_centres.teacher_a).items.first().version.question
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
    start_attempt(exam, two_centres.teacher_a)
    english(client, two_centres.obec)
    response = client.post(reverse("wagtailsnippets_exams_exam:delete", args=[exam.pk]))
    assert response.status_code == 302
    assert any(IN_USE in m for m in messages_of(response)), messages_of(response)
    assert Exam.objects.filter(pk=exam.pk).exists()


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
    category_named("Centre A own bank", centre=two_centres.centre_a, subject=Subject.ENGLISH)
    english(client, two_centres.manager_a)
    page = client.get(reverse("wagtailsnippets_exams_question:list")).content.decode()
    assert "Centre A own bank" in page
    assert "Centre B secret bank" not in page
