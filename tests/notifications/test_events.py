"""Each event the platform announces writes one notice per recipient, with a link, in the transaction of
what it announces: the change rolled back leaves no notice."""

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from wagtail.models import TaskState

from courses.models import ensure_course_workflow
from lms.certificates import services as certificates
from lms.exams.services.answers import save_answers, submit_attempt
from lms.exams.services.attempts import start_attempt
from lms.exams.services.bank import category_named, import_questions
from lms.learning import services as learning
from lms.learning.models import Enrolment
from lms.notifications.models import Notification
from tests import factories as f
from tests.exams.conftest import READING_B1, correct_answers, make_exam

pytestmark = pytest.mark.django_db


def notices(kind):
    return list(Notification.objects.filter(kind=kind).select_related("recipient"))


def read_in(notice, language):
    with translation.override(language):
        return notice.text


def test_completing_a_course_tells_the_teacher_once_with_its_link(two_centres):
    course = f.course_tree(two_centres.centre_a, lessons=2)
    enrolment = learning.enrol(two_centres.teacher_a, course).enrolment
    for lesson in course.lessons:
        learning.complete_lesson(enrolment, lesson, course)
    learning.complete_lesson(enrolment, course.lessons[0], course)
    [notice] = notices("course_completed")
    assert notice.recipient == two_centres.teacher_a and notice.url == course.url
    assert course.title in read_in(notice, "en") and read_in(notice, "en").startswith("You completed")
    assert read_in(notice, "th").startswith("คุณเรียนจบหลักสูตร")


def test_a_completion_that_rolls_back_leaves_no_notice(two_centres):
    course = f.course_tree(two_centres.centre_a, lessons=1)
    enrolment = learning.enrol(two_centres.teacher_a, course).enrolment
    with pytest.raises(RuntimeError), transaction.atomic():
        learning.complete_lesson(enrolment, course.lessons[0], course)
        assert notices("course_completed")
        raise RuntimeError
    assert not Notification.objects.exists()


def test_a_seat_from_the_waiting_list_is_announced_to_who_gets_it(two_centres):
    t = two_centres
    course = f.course_tree(t.centre_a, slug="full", capacity=1)
    learning.enrol(t.teacher_a, course)
    learning.enrol(t.teacher_b, course)
    assert not notices("waitlist_seat")
    learning.withdraw(Enrolment.objects.get(user=t.teacher_a), course)
    [notice] = notices("waitlist_seat")
    assert notice.recipient == t.teacher_b and notice.url == course.url
    assert course.title in read_in(notice, "en")


def test_a_certificate_is_announced_with_its_page_in_its_own_transaction(two_centres):
    teacher = two_centres.teacher_a
    with pytest.raises(RuntimeError), transaction.atomic():
        certificates.issue(teacher, kind="course", key="course:1", achievement="การอ่านจับใจความ")
        raise RuntimeError
    assert not Notification.objects.exists()
    certificate, _ = certificates.issue(teacher, kind="course", key="course:1", achievement="การอ่านจับใจความ")
    certificates.issue(teacher, kind="course", key="course:1", achievement="การอ่านจับใจความ")
    [notice] = notices("certificate_ready")
    assert notice.recipient == teacher
    assert notice.url == reverse("certificates:verify", args=[certificate.code])
    assert "การอ่านจับใจความ" in read_in(notice, "en")


def test_a_revoked_certificate_tells_the_holder_why_and_what_to_do(two_centres):
    t = two_centres
    certificate, _ = certificates.issue(t.teacher_a, kind="course", key="course:1", achievement="การอ่าน")
    certificates.revoke(certificate, by=t.manager_a, reason="ชื่อสะกดผิด")
    [notice] = notices("certificate_revoked")
    assert notice.recipient == t.teacher_a and notice.actor == t.manager_a
    assert notice.url == reverse("certificates:verify", args=[certificate.code])
    english, thai = read_in(notice, "en"), read_in(notice, "th")
    assert "Reason: ชื่อสะกดผิด" in english and "contact " + certificate.issuer in english
    assert "เหตุผล: ชื่อสะกดผิด" in thai and "ติดต่อ " + certificate.issuer in thai


def _attempt(two_centres, **exam_fields):
    category = category_named("Bank", centre=two_centres.centre_a)
    import_questions(category, "r.gift", READING_B1, skill="reading", level="B1")
    exam = make_exam(category, rules=[("reading", "B1", 2)], centre=two_centres.centre_a, **exam_fields)
    attempt = start_attempt(exam, two_centres.teacher_a)
    save_answers(attempt.pk, attempt.user, correct_answers(attempt))
    return attempt


def test_a_test_result_is_announced_once_with_the_result_page(two_centres):
    attempt = _attempt(two_centres)
    submit_attempt(attempt)
    submit_attempt(attempt)
    [notice] = Notification.objects.all()
    assert (notice.kind, notice.recipient) == ("exam_result", two_centres.teacher_a)
    assert notice.url == reverse("exams:result", args=[attempt.pk])
    assert attempt.exam.name_en in read_in(notice, "en") and attempt.exam.name_th in read_in(notice, "th")


def test_a_test_that_hides_scores_says_the_answers_are_recorded(two_centres):
    attempt = _attempt(two_centres, show_result=False)
    submit_attempt(attempt)
    [notice] = Notification.objects.all()
    assert notice.kind == "exam_recorded" and "recorded" in read_in(notice, "en")


@pytest.fixture
def submitted_lesson(two_centres):
    course = f.course_tree(two_centres.centre_a, slug="course-a")
    f.course_tree(two_centres.centre_b, slug="course-b")
    ensure_course_workflow(course.get_parent())
    lesson = course.lessons[0]
    lesson.save_revision(user=two_centres.trainer_a)
    lesson.get_workflow().start(lesson, two_centres.trainer_a)
    return lesson


def test_a_page_submitted_for_approval_tells_its_centres_managers(two_centres, submitted_lesson):
    [notice] = notices("page_submitted")
    assert notice.recipient == two_centres.manager_a and notice.actor == two_centres.trainer_a
    assert notice.url == reverse("wagtailadmin_pages:edit", args=[submitted_lesson.pk])
    assert submitted_lesson.title in read_in(notice, "en")


def test_a_page_sent_back_tells_its_author_with_the_comment(two_centres, submitted_lesson):
    state = TaskState.objects.get()
    state.task.specific.on_action(state, two_centres.manager_a, "reject", comment="เพิ่มแบบฝึกหัด")
    [notice] = notices("page_rejected")
    assert notice.recipient == two_centres.trainer_a
    assert notice.url == reverse("wagtailadmin_pages:edit", args=[submitted_lesson.pk])
    assert "Comment: เพิ่มแบบฝึกหัด" in read_in(notice, "en")
    assert "ความเห็น: เพิ่มแบบฝึกหัด" in read_in(notice, "th")


def test_an_approved_page_tells_its_author(two_centres, submitted_lesson):
    state = TaskState.objects.get()
    state.task.specific.on_action(state, two_centres.manager_a, "approve")
    [notice] = notices("page_approved")
    assert notice.recipient == two_centres.trainer_a
    assert "approved" in read_in(notice, "en") and "Comment" not in read_in(notice, "en")


def test_a_submission_that_rolls_back_leaves_no_notice(two_centres):
    course = f.course_tree(two_centres.centre_a, slug="course-a")
    ensure_course_workflow(course.get_parent())
    lesson = course.lessons[0]
    lesson.save_revision(user=two_centres.trainer_a)
    with pytest.raises(RuntimeError), transaction.atomic():
        lesson.get_workflow().start(lesson, two_centres.trainer_a)
        assert notices("page_submitted")
        raise RuntimeError
    assert not Notification.objects.exists()
