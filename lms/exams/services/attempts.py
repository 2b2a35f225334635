"""Starting an attempt: the checks before it, and drawing the candidate's form from the blueprint."""

import random

from django.utils import timezone
from django.utils.translation import gettext as _

from lms.core.db import create_once
from lms.core.errors import Refused
from lms.people.services import home_centre

from .. import scoring
from ..formats import QType
from ..models import AttemptItem, AttemptStatus, ExamAttempt, ExamMode
from .admission import is_admitted


def _open_attempts(exam, user):
    return ExamAttempt.objects.filter(exam=exam, user=user, status=AttemptStatus.IN_PROGRESS)


def open_attempt(exam, user):
    return _open_attempts(exam, user).first()


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

    def write():
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
        return attempt

    # A parallel start that won the race (same user, two tabs) holds the one open attempt: carry on with it.
    attempt, _created = create_once(write, _open_attempts(exam, user))
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
