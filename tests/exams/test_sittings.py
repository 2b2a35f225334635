"""Sittings at a centre: seats, the proctor's admission code, and who may see it."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation

from lms.core.errors import Refused
from lms.exams.formats import ParsedQuestion
from lms.exams.models import ExamAttempt, ExamMode, Question, Seat, Sitting
from lms.exams.services.admission import admit, book_seat
from lms.exams.services.attempts import start_attempt
from lms.exams.services.bank import save_question
from tests import factories as f

from .conftest import english, make_exam, messages_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def sitting(bank, two_centres):
    exam = make_exam(bank, rules=[("reading", "B1", 2)], mode=ExamMode.SITTING, centre=two_centres.centre_a)
    now = timezone.now()
    return Sitting.objects.create(
        exam=exam,
        centre=two_centres.centre_a,
        room="ห้อง 101",
        starts_at=now - timedelta(minutes=5),
        ends_at=now + timedelta(hours=2),
        seats=1,
        proctor=two_centres.trainer_a,
    )


def test_a_sitting_test_needs_a_seat_and_the_code(client, sitting, two_centres):
    teacher = two_centres.teacher_a
    client.cookies["django_language"] = "en"
    client.force_login(teacher)
    start = reverse("exams:start", args=[sitting.exam_id])
    response = client.post(start, {"sitting": sitting.pk, "code": sitting.admission_code}, follow=True)
    assert "You have no seat at this sitting." in response.content.decode()
    client.post(reverse("exams:book", args=[sitting.exam_id, sitting.pk]))
    response = client.post(start, {"sitting": sitting.pk, "code": "WRONG1"}, follow=True)
    assert "That admission code is not right." in response.content.decode()
    assert not ExamAttempt.objects.exists()
    response = client.post(start, {"sitting": sitting.pk, "code": sitting.admission_code.lower()})
    attempt = ExamAttempt.objects.get()
    assert response.url == reverse("exams:attempt", args=[attempt.pk])
    assert attempt.sitting == sitting and attempt.centre == two_centres.centre_a
    assert attempt.deadline <= sitting.ends_at
    with pytest.raises(Refused, match="book a seat"):
        start_attempt(sitting.exam, two_centres.teacher_b)


def test_seats_run_out(sitting, two_centres):
    book_seat(sitting, two_centres.teacher_a)
    book_seat(sitting, two_centres.teacher_a)
    with pytest.raises(Refused, match="full"):
        book_seat(sitting, two_centres.teacher_b)
    assert sitting.booked_seats.count() == 1


def test_the_code_is_shown_to_the_proctor_and_centre_staff_only(client, sitting, two_centres):
    url = reverse("exams:proctor", args=[sitting.pk])
    for user, status in [
        (two_centres.trainer_a, 200),
        (two_centres.manager_a, 200),
        (two_centres.manager_b, 403),
        (two_centres.teacher_a, 403),
    ]:
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == status
        if status == 200:
            assert sitting.admission_code in response.content.decode()
    client.force_login(two_centres.trainer_a)
    old = sitting.admission_code
    client.post(url)
    sitting.refresh_from_db()
    assert sitting.admission_code != old and len(sitting.admission_code) == 6


def test_the_recording_is_served_only_to_the_candidate_whose_form_holds_it(client, exam, two_centres, tmp_path):
    wav = b"RIFF\x24\x00\x00\x00WAVEfmt " + b"\x00" * 28
    for question in Question.objects.filter(skill="listening").select_related("current_version"):
        version = question.current_version
        parsed = ParsedQuestion(question.qtype, question.name, version.text, version.data, version.general_feedback)
        save_question(question, parsed, audio=SimpleUploadedFile("a.wav", wav))
    attempt = start_attempt(exam, two_centres.teacher_a)
    position = attempt.items.get(version__question__skill="listening", version__qtype="truefalse").position
    url = reverse("exams:audio", args=[attempt.pk, position])
    client.force_login(two_centres.teacher_b)
    assert client.get(url).status_code == 404
    client.force_login(two_centres.teacher_a)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"RIFF")
    unused = f.person("nobody")
    client.force_login(unused)
    assert client.get(url).status_code == 404


def test_guessing_the_admission_code_is_stopped_after_five_wrong_codes(sitting, two_centres):
    cache.clear()
    teacher = two_centres.teacher_a
    book_seat(sitting, teacher)
    for _ in range(5):
        with pytest.raises(Refused, match="not right"):
            admit(sitting, teacher, "AAAAAA")
    with pytest.raises(Refused, match="Too many wrong codes"):
        admit(sitting, teacher, sitting.admission_code)
    cache.clear()
    assert admit(sitting, teacher, sitting.admission_code).admitted_at is not None


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


def test_starting_with_a_non_numeric_sitting_answers_404(client, exam, two_centres):
    exam.mode = "sitting"
    exam.save()
    english(client, two_centres.teacher_a)
    client.raise_request_exception = False
    response = client.post(reverse("exams:start", args=[exam.pk]), {"sitting": "abc", "code": "X"})
    assert response.status_code == 404
    assert not ExamAttempt.objects.exists()


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
        book_seat(sitting, two_centres.trainer_a)
    english(client, two_centres.trainer_a)
    response = client.post(reverse("exams:book", args=[exam.pk, sitting.pk]))
    assert response.status_code == 302
    assert any("You proctor this sitting" in m for m in messages_of(response)), messages_of(response)
    assert not Seat.objects.filter(sitting=sitting).exists()
