"""Answering and submitting: autosave, the one request of the grace, grading once, closing expired attempts.

The engine trusts nothing the browser says except which answer was chosen: the clock is the server's,
and scores are computed here when the attempt is submitted.
"""

import contextlib
import logging
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lms.core.errors import Refused
from lms.notifications.kinds import each_language
from lms.notifications.services import notify

from .. import scoring
from ..models import AttemptItem, AttemptStatus, ExamAttempt
from ..signals import attempt_graded
from ..values import decode_sent

logger = logging.getLogger(__name__)

MAX_POSITION = 10_000
SUBMITTED = gettext_lazy("This attempt has been submitted: answers can no longer change.")


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
            exam = locked.exam
            # A test that shows no score to candidates still tells them their answers are in.
            notify(
                [locked.user],
                kind="exam_result" if exam.show_result else "exam_recorded",
                params={"exam": each_language(lambda: exam.name)},
                url=reverse("exams:result", args=[locked.pk]),
            )
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
