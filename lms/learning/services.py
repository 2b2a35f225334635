"""Enrolling, withdrawing, recording progress, completing courses and crediting hours.

Every change goes through these functions; they own the transactions and the locks. See the package
docstring for the *course* interface they rely on.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Page

from lms.core.db import create_once
from lms.core.errors import Refused
from lms.notifications.services import notify

from . import ledger
from .models import (
    ACTIVE,
    SEAT_HOLDING,
    Enrolment,
    EnrolmentStatus,
    HoursSource,
    LessonProgress,
    StudyClock,
)
from .signals import course_completed


@dataclass
class EnrolmentOutcome:
    enrolment: Enrolment
    outcome: str  # "enrolled", "waitlisted" or "already"


def seats_taken(course):
    return Enrolment.objects.filter(course_id=course.pk, status__in=SEAT_HOLDING).count()


def _check_can_enrol(user, course, *, by_staff):
    now = timezone.now()
    if not course.live:
        raise Refused(_("This course is not open: it has not been published."), "unpublished")
    if not by_staff:
        if course.enrolment_opens and now < course.enrolment_opens:
            raise Refused(_("Enrolment has not opened yet."), "not_open")
        if course.enrolment_closes and now > course.enrolment_closes:
            raise Refused(_("Enrolment for this course has closed."), "closed")
    prerequisites = set(course.get_prerequisite_ids())
    if prerequisites:
        done = set(
            Enrolment.objects.filter(
                user=user, course_id__in=prerequisites, status=EnrolmentStatus.COMPLETED
            ).values_list("course_id", flat=True)
        )
        missing = prerequisites - done
        if missing:
            titles = ", ".join(Page.objects.filter(pk__in=missing).order_by("title").values_list("title", flat=True))
            raise Refused(_("Complete these courses first: %(courses)s") % {"courses": titles}, "prerequisites")


def _lock_course(course):
    """Row-lock the course page until the transaction ends: seat decisions for one course happen one at a
    time (PostgreSQL; SQLite serialises all writes anyway)."""
    list(Page.objects.select_for_update().filter(pk=course.pk).values_list("pk", flat=True))


def enrol(user, course, *, by=None):
    """Enrol ``user`` in ``course``, or put them on the waiting list when it is full.

    ``by`` is the centre staff member enrolling someone else: the enrolment window does not bind them.
    The course row is locked for the decision, so two people cannot both take the last seat.
    """
    _check_can_enrol(user, course, by_staff=by is not None and by != user)
    with transaction.atomic():
        _lock_course(course)
        enrolment = Enrolment.objects.filter(user=user, course_id=course.pk).first()
        if enrolment is not None and enrolment.status in ACTIVE:
            return EnrolmentOutcome(enrolment, "already")
        now = timezone.now()
        # While anyone is waiting, a newcomer queues behind them even if a seat has just opened.
        full = course.capacity is not None and (
            seats_taken(course) >= course.capacity
            or Enrolment.objects.filter(course_id=course.pk, status=EnrolmentStatus.WAITLISTED).exists()
        )
        enrolment = enrolment or Enrolment(user=user, course_id=course.pk)
        enrolment.enrolled_by = by
        enrolment.withdrawn_at = None
        if full:
            enrolment.status, enrolment.waitlisted_at, enrolment.enrolled_at = EnrolmentStatus.WAITLISTED, now, None
        else:
            enrolment.status, enrolment.enrolled_at = EnrolmentStatus.ENROLLED, now
        enrolment.lessons_required = len(course.get_required_lesson_ids())
        enrolment, created = create_once(
            lambda: enrolment.save() or enrolment, Enrolment.objects.filter(user=user, course_id=course.pk)
        )
        if not created:
            # A second request of the same person won the race; theirs stands.
            return EnrolmentOutcome(enrolment, "already")
    return EnrolmentOutcome(enrolment, "waitlisted" if full else "enrolled")


def enrol_many(users, course, *, by):
    """Enrol a list of people on behalf of ``by``; return ``[(user, outcome or Refused)]``."""
    results = []
    for user in users:
        try:
            results.append((user, enrol(user, course, by=by)))
        except Refused as refused:
            results.append((user, refused))
    return results


def withdraw(enrolment, course):
    """Withdraw from a course; a seat it held goes to the first person on the waiting list."""
    with transaction.atomic():
        _lock_course(course)
        enrolment.refresh_from_db()
        if enrolment.status not in (EnrolmentStatus.ENROLLED, EnrolmentStatus.WAITLISTED):
            return None
        held_seat = enrolment.status == EnrolmentStatus.ENROLLED
        enrolment.status, enrolment.withdrawn_at = EnrolmentStatus.WITHDRAWN, timezone.now()
        enrolment.save(update_fields=["status", "withdrawn_at"])
        if held_seat:
            promoted = _fill_free_seats(course)
            return promoted[0] if promoted else None
    return None


def _fill_free_seats(course):
    """Give every free seat to the waiting list, first come first served (the course is locked)."""
    free = None if course.capacity is None else course.capacity - seats_taken(course)
    waiting = Enrolment.objects.filter(course_id=course.pk, status=EnrolmentStatus.WAITLISTED).order_by(
        "waitlisted_at", "pk"
    )
    promoted = list(waiting if free is None else waiting[: max(free, 0)])
    now = timezone.now()
    for enrolment in promoted:
        enrolment.status, enrolment.enrolled_at = EnrolmentStatus.ENROLLED, now
        enrolment.save(update_fields=["status", "enrolled_at"])
    if promoted:
        notify(
            [enrolment.user for enrolment in promoted],
            kind="waitlist_seat",
            params={"course": course.title},
            url=course.get_url() or "",
        )
    return promoted


def refresh_course(course):
    """After a course's lessons, rules or capacity change: recount everyone's progress (completing those
    whose rules are now met) and give seats that opened to the waiting list."""
    for enrolment_id in Enrolment.objects.filter(course_id=course.pk, status=EnrolmentStatus.ENROLLED).values_list(
        "pk", flat=True
    ):
        with transaction.atomic():
            enrolment = Enrolment.objects.select_for_update().get(pk=enrolment_id)
            if enrolment.status == EnrolmentStatus.ENROLLED:
                evaluate_completion(enrolment, course)
    with transaction.atomic():
        _lock_course(course)
        return _fill_free_seats(course)


def active_enrolment(user, course):
    """The enrolment that lets ``user`` study ``course`` now (enrolled or completed), or ``None``."""
    if not user.is_authenticated:
        return None
    return Enrolment.objects.filter(user=user, course_id=course.pk, status__in=SEAT_HOLDING).first()


class LessonNotDone(Exception):
    """The lesson asks for more before it counts as done; ``missing`` says what, for the person."""

    def __init__(self, missing):
        super().__init__("; ".join(missing))
        self.missing = list(missing)


def _progress(enrolment, lesson, now):
    progress, _created = LessonProgress.objects.get_or_create(
        enrolment=enrolment, lesson_id=lesson.pk, defaults={"first_viewed_at": now, "last_viewed_at": now}
    )
    return progress


def record_activity(enrolment, lesson, *, now=None):
    """The server saw ``enrolment``'s person on ``lesson`` now (a page view, a heartbeat, a click).

    The time since their previous lesson event, at most ``2 × LESSON_HEARTBEAT_SECONDS`` (a missed beat
    still counts, a tab left open overnight does not), is credited to the lesson open at that event,
    and ``lesson`` becomes the open one. The clock is per person and moved by a compare-and-set, so
    parallel tabs and simultaneous requests share one clock instead of each counting the same seconds.
    Returns the progress of ``lesson``.
    """
    now = now or timezone.now()
    cap = 2 * settings.LESSON_HEARTBEAT_SECONDS
    with transaction.atomic():
        progress = _progress(enrolment, lesson, now)
        clock, created = StudyClock.objects.get_or_create(
            user_id=enrolment.user_id, defaults={"last_event_at": now, "progress": progress}
        )
        if not created:
            seconds = int(min(max((now - clock.last_event_at).total_seconds(), 0), cap))
            moved = StudyClock.objects.filter(pk=clock.pk, last_event_at=clock.last_event_at).update(
                last_event_at=now, progress=progress
            )
            if moved and seconds and clock.progress_id:
                LessonProgress.objects.filter(pk=clock.progress_id).update(active_seconds=F("active_seconds") + seconds)
        progress.refresh_from_db(fields=["active_seconds", "completed_at"])
    return progress


def record_view(enrolment, lesson):
    """Note that the lesson was opened; it becomes the place to resume, and its time starts."""
    now = timezone.now()
    progress = record_activity(enrolment, lesson, now=now)
    LessonProgress.objects.filter(pk=progress.pk).update(last_viewed_at=now)
    if enrolment.last_lesson_id != lesson.pk:
        enrolment.last_lesson_id = lesson.pk
        enrolment.save(update_fields=["last_lesson"])
    return progress


def complete_lesson(enrolment, lesson, course):
    """Mark a lesson done; completes the course (and credits its hours) when the rules are met.

    The lesson decides what it asks first (``lesson.missing_requirements(enrolment, progress)``: time on
    the page, activities, tests); while anything is missing, :class:`LessonNotDone` is raised and nothing
    changes. The enrolment row is locked and read again: a withdrawal in between wins, and two lessons
    completed at the same moment are counted one after the other, so neither misses the other.
    """
    now = timezone.now()
    with transaction.atomic():
        enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
        if enrolment.status not in SEAT_HOLDING:
            return enrolment
        progress = _progress(enrolment, lesson, now)
        if progress.completed_at is None:
            missing = lesson.missing_requirements(enrolment, progress)
            if missing:
                raise LessonNotDone(missing)
            progress.completed_at = now
            progress.save(update_fields=["completed_at"])
        return evaluate_completion(enrolment, course)


def completed_lesson_ids(enrolment):
    """Ids of the lessons ``enrolment`` has completed (``set()`` for no enrolment)."""
    if enrolment is None:
        return set()
    return set(enrolment.lesson_progress.filter(completed_at__isnull=False).values_list("lesson_id", flat=True))


def continue_url(enrolment):
    """Where *Continue* takes the teacher: the course's next lesson not yet done, or the course page
    when every lesson is done (not the lesson last opened, which may be one already done)."""
    course = enrolment.course.specific
    lesson = course.next_lesson(completed_lesson_ids(enrolment))
    return (lesson or course).get_url()


def evaluate_completion(enrolment, course):
    """Recount progress against the course's rules; complete it once they are met. Returns the enrolment."""
    required = set(course.get_required_lesson_ids())
    done = completed_lesson_ids(enrolment) & required
    enrolment.lessons_required, enrolment.lessons_completed = len(required), len(done)
    fields = ["lessons_required", "lessons_completed"]
    if required and done >= required and enrolment.status == EnrolmentStatus.ENROLLED:
        enrolment.status, enrolment.completed_at = EnrolmentStatus.COMPLETED, timezone.now()
        fields += ["status", "completed_at"]
        credit_hours(
            enrolment.user,
            source=HoursSource.COURSE,
            key=f"course:{enrolment.pk}",
            title=course.title,
            hours=course.credited_hours(),
            date=timezone.localdate(enrolment.completed_at),
            evidence_url=course.get_url() or "",
        )
        notify([enrolment.user], kind="course_completed", params={"course": course.title}, url=course.get_url() or "")
        transaction.on_commit(lambda: course_completed.send(sender=Enrolment, enrolment=enrolment, course=course))
    enrolment.save(update_fields=fields)
    return enrolment


def credit_hours(user, *, source, key, title, hours, date, evidence_url="", evidence=""):
    """Write development hours to the ledger once per ``key``; return the entry.

    No hours (a course worth 0) credit nothing and return ``None``. Everything else goes through
    ``lms.learning.ledger``, which raises ``Refused`` for what no source may write.
    """
    if hours == 0:
        return None
    return ledger.credit(
        user,
        source=source,
        key=key,
        title=title,
        hours=hours,
        date=date,
        evidence=evidence,
        evidence_url=evidence_url,
    )
