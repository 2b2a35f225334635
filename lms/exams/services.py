"""Changing the bank and running attempts. Views, tasks and commands call these; they own the locks.

The engine trusts nothing the browser says except which answer was chosen: the form is drawn here,
the clock is the server's, and scores are computed here when the attempt is submitted.
"""

import contextlib
import logging
import random
import secrets
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lms.core import counters
from lms.core.errors import Refused
from lms.people.services import home_centre

from . import scoring
from .formats import ParsedQuestion, QType
from .formats.gift import parse_gift
from .formats.moodle_xml import export_moodle_xml, parse_moodle_xml
from .models import (
    AttemptItem,
    AttemptStatus,
    Exam,
    ExamAttempt,
    ExamMode,
    Question,
    QuestionCategory,
    QuestionVersion,
    Seat,
    Sitting,
    Skill,
    fingerprint,
)
from .signals import attempt_graded
from .values import decode_sent

logger = logging.getLogger(__name__)


MAX_POSITION = 10_000
ADMISSION_TRIES = 5
ADMISSION_LOCK_SECONDS = 600
SUBMITTED = gettext_lazy("This attempt has been submitted: answers can no longer change.")


# The bank


def save_question(question, parsed: ParsedQuestion, *, user=None, audio=None):
    """Store ``parsed`` as the item's content. A new version is made only when the content changed."""
    from lms.core.sanitize import clean_html

    text = clean_html(parsed.text)
    feedback = clean_html(parsed.general_feedback)
    data = _clean_data(parsed.qtype, parsed.data)
    print_ = fingerprint(parsed.qtype, text, data, feedback)
    current = question.current_version if question.pk else None
    question.qtype = parsed.qtype
    if not question.name:
        question.name = parsed.name[:255]
    same = current is not None and question.fingerprint == print_ and (audio is None or audio == current.audio)
    with transaction.atomic():
        question.fingerprint = print_
        question.save()
        if same:
            return question, False
        number = (question.versions.aggregate(n=Max("number"))["n"] or 0) + 1
        version = QuestionVersion.objects.create(
            question=question,
            qtype=parsed.qtype,
            number=number,
            text=text,
            data=data,
            general_feedback=feedback,
            audio=audio if audio is not None else (current.audio if current else ""),
            created_by=user,
        )
        question.current_version = version
        question.save(update_fields=["current_version"])
    return question, True


def _clean_data(qtype, data):
    """Option texts and feedback are HTML from a file: they pass the one sanitising policy too."""
    from lms.core.sanitize import clean_html

    data = dict(data)
    if qtype in (QType.SINGLE, QType.MULTIPLE):
        data["options"] = [
            {**o, "text": clean_html(o["text"]), "feedback": clean_html(o.get("feedback", ""))} for o in data["options"]
        ]
    elif qtype == QType.MATCHING:
        data["pairs"] = [{**p, "prompt": clean_html(p["prompt"])} for p in data["pairs"]]
    return data


@dataclass
class ImportReport:
    imported: int = 0
    unchanged: int = 0
    failed: int = 0
    errors: list = field(default_factory=list)

    @property
    def summary(self):
        return f"imported {self.imported}, unchanged {self.unchanged}, failed {self.failed}"


def parse_file(filename, content):
    """Pick the parser by the file's name and content: Moodle XML starts with ``<``, anything else is GIFT."""
    from .formats import ItemError, ParseResult

    raw = bytes(content) if isinstance(content, bytes | memoryview) else content.encode()
    if b"\x00" in raw:
        return ParseResult(questions=[], errors=[ItemError(0, _("This is not a text file."))])
    if filename.lower().endswith(".xml") or raw.lstrip()[:1] == b"<":
        return parse_moodle_xml(raw)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return ParseResult(questions=[], errors=[ItemError(0, _("The file is not UTF-8 text."))])
    return parse_gift(text)


def import_questions(category, filename, content, *, user=None, skill="", level=""):
    """Add every good item of a GIFT or Moodle XML file to ``category``; report each bad one.

    Neither format carries our skill and level tags, so a file is imported with one of each (files are
    usually kept one per section). An item whose content is already in the category is counted as
    unchanged, so importing the same file again adds nothing.
    """
    result = parse_file(filename, content)
    report = ImportReport(failed=len(result.errors))
    report.errors = [{"position": e.position, "line": e.line, "reason": str(e.reason)} for e in result.errors]
    known = set(Question.objects.filter(category=category).values_list("fingerprint", flat=True))
    for _position, parsed in result.questions:
        question = Question(category=category, skill=skill or Skill.GENERAL, level=level or "")
        question, _created = _import_one(question, parsed, known, user)
        if question is None:
            report.unchanged += 1
        else:
            known.add(question.fingerprint)
            report.imported += 1
    return report


def _import_one(question, parsed, known, user):
    from lms.core.sanitize import clean_html

    data = _clean_data(parsed.qtype, parsed.data)
    if fingerprint(parsed.qtype, clean_html(parsed.text), data, clean_html(parsed.general_feedback)) in known:
        return None, False
    return save_question(question, parsed, user=user)


def category_named(name, *, centre=None, subject=None):
    """The category called ``name``, created (for ``centre``, or national) when missing."""
    from .models import Subject

    category, _created = QuestionCategory.objects.get_or_create(
        name=name.strip(), defaults={"centre": centre, "subject": subject or Subject.OTHER}
    )
    return category


def export_category(category):
    """The category's current items as Moodle XML bytes."""
    questions = Question.objects.filter(category=category, current_version__isnull=False).select_related(
        "current_version"
    )
    parsed = [
        ParsedQuestion(
            qtype=q.qtype,
            name=q.name,
            text=q.current_version.text,
            data=q.current_version.data,
            general_feedback=q.current_version.general_feedback,
        )
        for q in questions
    ]
    return export_moodle_xml(parsed, category.name)


# Sittings


def book_seat(sitting, user):
    """Book ``user`` into ``sitting``; booking twice is harmless. Seats are counted under a row lock."""
    with transaction.atomic():
        sitting = Sitting.objects.select_for_update().get(pk=sitting.pk)
        seat = Seat.objects.filter(sitting=sitting, user=user).first()
        if seat:
            return seat
        if timezone.now() >= sitting.ends_at:
            raise Refused(_("This sitting is over."))
        if may_proctor(sitting, user):
            raise Refused(_("You proctor this sitting, so you cannot sit in it."))
        other = Seat.objects.filter(user=user, sitting__exam_id=sitting.exam_id, sitting__ends_at__gt=timezone.now())
        if other.exists():
            raise Refused(_("You already have a seat at another sitting of this test."))
        if sitting.booked_seats.count() >= sitting.seats:
            raise Refused(_("This sitting is full. Choose another sitting."))
        return Seat.objects.create(sitting=sitting, user=user)


def admit(sitting, user, code, now=None):
    """Let a booked candidate in with the code the proctor gives out in the room."""
    now = now or timezone.now()
    seat = Seat.objects.filter(sitting=sitting, user=user).first()
    if seat is None:
        raise Refused(_("You have no seat at this sitting."))
    if not (sitting.starts_at - timezone.timedelta(minutes=30) <= now <= sitting.ends_at):
        raise Refused(_("Admission opens 30 minutes before the sitting starts and closes when it ends."))
    # Six letters are few enough to guess by trying: a seat gets five wrong codes per ten minutes.
    tries_key = f"exams:admit:{sitting.pk}:{user.pk}"
    if counters.current(tries_key) >= ADMISSION_TRIES:
        raise Refused(_("Too many wrong codes. Ask the proctor for the code and try again in 10 minutes."))
    if not secrets.compare_digest(code.strip().upper(), sitting.admission_code):
        counters.count(tries_key, ADMISSION_LOCK_SECONDS)
        raise Refused(_("That admission code is not right. Ask the proctor for the code."))
    if seat.admitted_at is None:
        seat.admitted_at = now
        seat.save(update_fields=["admitted_at"])
    return seat


def may_proctor(sitting, user):
    """The sitting's proctor, and the centre's staff who run tests there (not master trainers)."""
    from lms.people.roles import Capability, scope_for

    if sitting.proctor_id == user.pk:
        return True
    return user.has_perm("exams.change_sitting") and scope_for(user, Capability.MANAGE_TESTS).covers_centre(
        sitting.centre
    )


def is_admitted(sitting, user):
    return sitting is not None and Seat.objects.filter(sitting=sitting, user=user, admitted_at__isnull=False).exists()


def renew_admission_code(sitting):
    from .models import new_admission_code

    sitting.admission_code = new_admission_code()
    sitting.save(update_fields=["admission_code"])
    return sitting.admission_code


# Attempts


def open_attempt(exam, user):
    return ExamAttempt.objects.filter(exam=exam, user=user, status=AttemptStatus.IN_PROGRESS).first()


def attempts_used(exam, user):
    return ExamAttempt.objects.filter(exam=exam, user=user).count()


def start_attempt(exam, user, *, sitting=None, now=None):
    """Draw a new form for ``user``, or return the attempt already under way (resume, double click)."""
    now = now or timezone.now()
    current = open_attempt(exam, user)
    if current is not None:
        return current
    if not exam.is_open(now):
        raise Refused(_("This test is not open now."))
    if exam.mode == ExamMode.SITTING and not is_admitted(sitting, user):
        raise Refused(_("This test is sat at a centre: book a seat and enter the proctor's admission code."))
    if sitting is not None and not sitting.starts_at <= now < sitting.ends_at:
        # Admission opens early so the room can settle, but the test runs only while the proctor is there.
        raise Refused(
            _("The test starts when the sitting starts, at %(time)s, and cannot be started after it ends.")
            % {"time": timezone.localtime(sitting.starts_at).strftime("%H:%M")}
        )
    used = attempts_used(exam, user)
    if used >= exam.max_attempts:
        raise Refused(_("You have used all %(count)d attempts at this test.") % {"count": exam.max_attempts})
    seed = random.SystemRandom().getrandbits(62)
    drawn = draw_form(exam, seed)
    deadline = now + timezone.timedelta(minutes=exam.time_limit_minutes)
    if exam.closes_at:
        deadline = min(deadline, exam.closes_at)
    if sitting is not None:
        deadline = min(deadline, sitting.ends_at)
    centre = (sitting.centre if sitting else None) or home_centre(user) or exam.centre
    try:
        with transaction.atomic():
            attempt = ExamAttempt.objects.create(
                exam=exam,
                user=user,
                number=used + 1,
                sitting=sitting,
                centre=centre,
                status=AttemptStatus.IN_PROGRESS,
                seed=seed,
                started_at=now,
                deadline=deadline,
                max_score=len(drawn),
            )
            AttemptItem.objects.bulk_create(
                AttemptItem(attempt=attempt, position=i, section=section, version_id=version_id, choice_order=order)
                for i, (section, version_id, order) in enumerate(drawn, start=1)
            )
    except IntegrityError:
        # A parallel start won the race (same user, two tabs): carry on with that attempt.
        current = open_attempt(exam, user)
        if current is None:
            raise
        return current
    return attempt


def draw_form(exam, seed):
    """Draw one form from the blueprint: ``[(section, version id, choice order), ...]`` in the order shown.

    Every section draws its own items without repeats; the same seed always draws the same form, so a
    form can be reproduced when a result is questioned.
    """
    rng = random.Random(seed)
    taken = set()
    form = []
    for section, rule in enumerate(exam.blueprint_rules.select_related("category").order_by("sort_order", "pk")):
        pool = [
            (qid, vid, qtype, data)
            for qid, vid, qtype, data in rule.pool()
            .exclude(pk__in=taken)
            .order_by("pk")
            .values_list("pk", "current_version_id", "current_version__qtype", "current_version__data")
        ]
        if len(pool) < rule.count:
            raise Refused(
                _("The question bank has %(have)d items for section %(section)d of this test, which needs %(need)d.")
                % {"have": len(pool), "section": section + 1, "need": rule.count}
            )
        chosen = rng.sample(pool, rule.count)
        if not exam.shuffle_questions:
            chosen.sort()
        for qid, vid, qtype, data in chosen:
            taken.add(qid)
            order = scoring.choices_for(qtype, data)
            # Matching choices in file order follow the prompts one by one, so they are always shuffled.
            if qtype == QType.MATCHING or (exam.shuffle_options and qtype != QType.TRUE_FALSE):
                rng.shuffle(order)
            form.append((section, vid, order))
    return form


def save_answers(attempt_id, user, answers, now=None):
    """Store ``{position: response}`` for ``user``'s attempt. Returns the time the server saved them.

    Responses are what the browser sends: the page's opaque values (:mod:`.values`), mapped back here
    to the bank's ids. In the grace after the deadline one request is taken, as the one that was on its
    way when time ran out, and the attempt is then submitted: the grace is not extra time to answer.

    Raises :class:`Refused` when the time is up or the attempt is closed, and
    :class:`scoring.InvalidResponse` for an answer that does not fit its question. An answer this
    returns for is committed: the browser may forget it.
    """
    now = now or timezone.now()
    try:
        positions = {int(p): r for p, r in answers.items()}
    except (TypeError, ValueError, AttributeError, OverflowError):
        raise scoring.InvalidResponse(_("The answers could not be read.")) from None
    if not all(0 < p <= MAX_POSITION for p in positions):
        raise scoring.InvalidResponse(_("An answer was sent for a question that is not on this form."))
    # The attempt row is locked while the answers are written, so a save racing the submit either lands
    # before the grading or is refused after it.
    with transaction.atomic():
        attempt = (
            ExamAttempt.objects.select_for_update()
            .filter(pk=attempt_id, user=user)
            .only("status", "deadline", "seed", "legacy_option_ids")
            .first()
        )
        if attempt is None:
            raise ExamAttempt.DoesNotExist
        if not attempt.in_progress:
            raise Refused(SUBMITTED)
        if not attempt.accepts_answers(now):
            raise Refused(_("Time is up for this attempt: answers saved before the deadline are kept."))
        items = list(
            AttemptItem.objects.filter(attempt_id=attempt_id, position__in=positions)
            .select_related("version")
            .only("position", "version__data", "version__qtype")
        )
        if len(items) != len(positions):
            raise scoring.InvalidResponse(_("An answer was sent for a question that is not on this form."))
        for item in items:
            qtype, data = item.version.qtype, item.version.data
            try:
                sent = decode_sent(attempt, item.position, qtype, data, positions[item.position])
                item.response = scoring.check_response(qtype, data, sent)
            except scoring.InvalidResponse as error:
                raise scoring.InvalidResponse(
                    _("Question %(position)d: %(reason)s") % {"position": item.position, "reason": error},
                    position=item.position,
                ) from None
            item.saved_at = now
        AttemptItem.objects.bulk_update(items, ["response", "saved_at"])
        if now > attempt.deadline:
            # The grace takes this one request: submitted before the row lock is let go, so a second
            # request of the grace finds the attempt closed, and the save is kept only with its submit.
            submit_attempt(ExamAttempt.objects.get(pk=attempt_id), timed_out=True, now=now)
    return now


def submit_attempt(attempt, *, answers=None, timed_out=False, now=None):
    """Grade and close ``attempt`` exactly once; later calls (double clicks, retries) return it as it is.

    ``answers`` from the final form are saved first if they arrive in time. The status moves from in
    progress to submitted with one conditional UPDATE, so among parallel submits only one grades.
    """
    now = now or timezone.now()
    if answers and attempt.accepts_answers(now):
        # What was saved before stays; an unreadable final form adds nothing.
        with contextlib.suppress(Refused, scoring.InvalidResponse):
            save_answers(attempt.pk, attempt.user, answers, now)
    with transaction.atomic():
        locked = ExamAttempt.objects.select_for_update().get(pk=attempt.pk)
        if locked.status != AttemptStatus.IN_PROGRESS:
            return locked
        items = list(locked.items.select_related("version"))
        total = Decimal(0)
        for item in items:
            item.score = scoring.score_response(item.version.qtype, item.version.data, item.response)
            total += item.score
        percent = (100 * total / len(items)).quantize(Decimal("0.01")) if items else Decimal(0)
        won = ExamAttempt.objects.filter(pk=locked.pk, status=AttemptStatus.IN_PROGRESS).update(
            status=AttemptStatus.SUBMITTED,
            submitted_at=min(now, locked.deadline) if timed_out else now,
            timed_out=timed_out or now > locked.deadline,
            score=total,
            max_score=len(items),
            percent=percent,
            band=scoring.band_for(percent, locked.exam.cut_scores.all()),
        )
        if won:
            AttemptItem.objects.bulk_update(items, ["score"])
            # Listeners get the attempt as graded (``locked`` was read before the UPDATE).
            graded_pk = locked.pk
            transaction.on_commit(
                lambda: attempt_graded.send(
                    sender=ExamAttempt, attempt=ExamAttempt.objects.select_related("exam").get(pk=graded_pk)
                )
            )
    locked.refresh_from_db()
    return locked


def submit_expired(now=None):
    """Submit, with what was saved, every attempt whose time and grace have run out. Returns how many."""
    now = now or timezone.now()
    cutoff = now - timezone.timedelta(seconds=settings.EXAM_GRACE_SECONDS)
    expired = ExamAttempt.objects.filter(status=AttemptStatus.IN_PROGRESS, deadline__lt=cutoff)
    count = 0
    for attempt in expired.iterator():
        # One attempt that cannot be graded must not keep every later one open.
        try:
            submit_attempt(attempt, timed_out=True, now=now)
        except Exception:
            logger.exception("could not submit expired attempt %s", attempt.pk)
            continue
        count += 1
    return count


def close_if_expired(attempt, now=None):
    """An attempt opened after its time ran out is submitted there and then."""
    if attempt.in_progress and not attempt.accepts_answers(now):
        return submit_attempt(attempt, timed_out=True, now=now)
    return attempt


def may_review(attempt, now=None):
    """Whether the candidate may see the answers, per-item scores, feedback and recordings of a submitted
    attempt: only when the test shows feedback and they can sit it no more (every attempt used and none
    under way, or the test closed). Before that, the review of one attempt is the key to the next.
    The score, level and per-skill breakdown follow ``show_result`` alone."""
    exam = attempt.exam
    if not exam.show_feedback or attempt.in_progress:
        return False
    now = now or timezone.now()
    theirs = ExamAttempt.objects.filter(exam_id=exam.pk, user_id=attempt.user_id)
    if theirs.filter(status=AttemptStatus.IN_PROGRESS).exists():
        return False
    if exam.closes_at is not None and now >= exam.closes_at:
        return True
    return theirs.count() >= exam.max_attempts


def exams_for(user, now=None):
    """Tests a candidate may see: published and not yet closed."""
    now = now or timezone.now()
    return Exam.objects.filter(published=True).exclude(closes_at__lt=now).select_related("centre")
