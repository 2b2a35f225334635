"""Importing Moodle XML and GIFT files into the bank: command, admin, idempotence, export; editing in GIFT."""

import html
import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import translation

from lms.exams.formats.gift import parse_gift
from lms.exams.formats.moodle_xml import parse_moodle_xml
from lms.exams.models import Question, QuestionCategory, QuestionImport, Subject
from lms.exams.services.bank import category_named, export_category, import_questions

from .conftest import english

pytestmark = pytest.mark.django_db
FILES = Path(__file__).parent / "files"


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_questions", *args, stdout=out, stderr=err)
    return out.getvalue().strip().splitlines(), err.getvalue()


@pytest.mark.parametrize("name", ["good.gift", "good.xml"])
def test_command_imports_once_and_creates_the_category(name):
    lines, _err = run(str(FILES / name), "--category", "Imported", "--skill", "grammar", "--level", "B1")
    imported = Question.objects.count()
    assert imported > 3
    assert lines[-1] == f"imported {imported}, unchanged 0, failed 0"
    category = QuestionCategory.objects.get(name="Imported")
    assert set(category.questions.values_list("skill", "level")) == {("grammar", "B1")}
    lines, _err = run(str(FILES / name), "--category", "Imported")
    assert lines[-1] == f"imported 0, unchanged {imported}, failed 0"
    assert Question.objects.count() == imported


@pytest.mark.parametrize("name", ["broken.gift", "broken.xml"])
def test_command_reports_each_bad_item_and_keeps_the_good_ones(name):
    lines, err = run(str(FILES / name), "--category", "Broken")
    imported, unchanged, failed = (int(part.split()[1]) for part in lines[-1].split(", "))
    assert imported == Question.objects.count() > 0
    assert failed > 0 and unchanged == 0
    assert len([line for line in err.splitlines() if line.startswith("item ")]) == failed


def test_command_refuses_a_missing_file():
    with pytest.raises(CommandError, match="no such file"):
        call_command("import_questions", "/nonexistent.gift", "--category", "X")


def test_a_file_that_is_not_xml_fails_whole(tmp_path):
    path = tmp_path / "bad.xml"
    path.write_text("<quiz><question type='multichoice'>")
    lines, err = run(str(path), "--category", "Bad")
    assert lines[-1] == "imported 0, unchanged 0, failed 1"
    assert err.startswith("file:")


def test_export_reads_back_as_the_same_items():
    run(str(FILES / "good.xml"), "--category", "Round trip")
    category = QuestionCategory.objects.get(name="Round trip")
    again = parse_moodle_xml(export_category(category))
    assert not again.errors
    assert again.category == "Round trip"
    exported = sorted((q.qtype, q.text) for _p, q in again.questions)
    stored = sorted((q.qtype, q.current_version.text) for q in category.questions.select_related("current_version"))
    assert exported == stored


def admin_client(client, user):
    client.cookies["django_language"] = "en"
    client.force_login(user)
    return client


def test_admin_import_reports_bad_items_and_the_summary(client, two_centres, django_capture_on_commit_callbacks):
    admin_client(client, two_centres.manager_a)
    upload = SimpleUploadedFile("broken.gift", (FILES / "broken.gift").read_bytes())
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("exams_import"),
            {"file": upload, "new_category": "Centre A bank", "subject": "english", "level": "A2"},
        )
    job = QuestionImport.objects.get()
    assert response.url == reverse("exams_import_report", args=[job.pk])
    assert job.status == "done" and job.failed > 0 and job.created > 0
    category = QuestionCategory.objects.get(name="Centre A bank")
    assert category.centre == two_centres.centre_a
    page = client.get(response.url).content.decode()
    assert f"imported {job.created}, unchanged 0, failed {job.failed}" in page
    assert str(job.errors[0]["position"]) in page


def test_admin_import_needs_a_category_and_the_permission(client, two_centres):
    admin_client(client, two_centres.manager_a)
    upload = SimpleUploadedFile("a.gift", b"Q? {T}")
    page = client.post(reverse("exams_import"), {"file": upload}).content.decode()
    assert "Choose a category or name a new one." in page
    assert not QuestionImport.objects.exists()
    client.logout()
    admin_client(client, two_centres.teacher_a)
    assert client.get(reverse("exams_import")).status_code in (302, 403)


def test_editing_a_question_in_gift_in_the_admin_makes_a_version(client, bank, two_centres):
    admin_client(client, two_centres.obec)
    question = Question.objects.get(name="G1")
    url = reverse("wagtailsnippets_exams_question:edit", args=[question.pk])
    form = client.get(url).content.decode()
    assert "Grammar A2 item 1." in form and "=right1" in form
    data = {
        "category": bank.pk,
        "name": "G1",
        "skill": "grammar",
        "level": "A2",
        "active": "on",
        "gift": "Grammar A2 item 1, revised. {=right1 ~wrong1 ~wrong2}",
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    question.refresh_from_db()
    assert question.versions.count() == 2
    assert len(question.current_version.data["options"]) == 3
    data["gift"] = "Two questions {T}\n\nin one box {F}"
    page = client.post(url, data).content.decode()
    assert "exactly one question" in page
    assert question.versions.count() == 2


def test_centre_staff_cannot_see_another_centres_bank(client, two_centres):
    other = category_named("Centre B bank", centre=two_centres.centre_b)
    admin_client(client, two_centres.manager_a)
    assert client.get(reverse("wagtailsnippets_exams_questioncategory:edit", args=[other.pk])).status_code == 404
    assert client.get(reverse("exams_export", args=[other.pk])).status_code == 404


LATIN1_XML = (
    '<?xml version="1.0" encoding="ISO-8859-1"?>\n<quiz><question type="truefalse">'
    '<name><text>cafe</text></name><questiontext format="html"><text>Un café, s\'il vous plaît?</text></questiontext>'
    '<answer fraction="100"><text>true</text></answer><answer fraction="0"><text>false</text></answer>'
    "</question></quiz>"
).encode("latin-1")


def test_saving_a_numeric_item_unchanged_in_the_admin_keeps_its_key_and_version(client, two_centres):
    category = category_named("Numbers", subject=Subject.OTHER)
    import_questions(category, "n.gift", "Population? {#1234567:0}\n\nPi? {#3.14159265:0.0000001}")
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
    assert job.created == 1 and job.failed == 0
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
    assert job.created == 0 and job.failed == 1
    assert [e["reason"] for e in job.errors] == ["The file is not UTF-8 text."]
    assert not Question.objects.exists()
