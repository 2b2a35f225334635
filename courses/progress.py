"""What a lesson asks before it counts as done: time on its page, its H5P activities, its post-tests.

Each is decided from the server's own records, never from what the browser says: the time
``lms.learning.services.record_activity`` measured, H5P results of attempts opened through the player
and scored against the item's own maximum (``media.h5p.results``), and graded attempts of the Testing
Center (read only).
"""

import math
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Max
from django.template.defaultfilters import floatformat
from django.utils.translation import gettext as _

from lms.exams.models import ExamAttempt
from media.models import H5PResult

from .blocks import H5PRequirement


@dataclass
class Requirement:
    kind: str  # "time", "h5p" or "test"
    met: bool
    text: str  # what the lesson asks, for the checklist
    missing: str = ""  # what is still missing, when not met


def _minutes(seconds):
    return math.ceil(seconds / 60)


def time_requirement(lesson, lesson_progress, course=None):
    needed = lesson.required_seconds(course)
    if not needed:
        return None
    spent = min(lesson_progress.active_seconds if lesson_progress else 0, needed)
    text = _("Time on this lesson: %(spent)s of %(needed)s minutes") % {
        "spent": spent // 60,
        "needed": _minutes(needed),
    }
    missing = _("stay with this lesson about %(minutes)s more minutes (counted so far: %(spent)s of %(needed)s)") % {
        "minutes": _minutes(needed - spent),
        "spent": spent // 60,
        "needed": _minutes(needed),
    }
    return Requirement("time", spent >= needed, text, missing)


def _percent(result, content):
    if result is None or result.best_score is None or not result.max_score:
        return None
    # A result scored out of another maximum than the item's (a trainer corrected it since) is no
    # measure of passing: the teacher plays the activity again.
    if content.max_score and result.max_score != content.max_score:
        return None
    return Decimal(100) * result.best_score / result.max_score


def _pass_mark(kind, best, mark, names, asked, untried, short):
    """Met by a best score of at least ``mark`` percent (``best`` is None before any). The caller translates
    the three texts, so that makemessages finds each one and their placeholders (``names``, ``percent``,
    ``best`` in ``short``) and the catalogue's translations stay as they are."""
    values = {**names, "percent": mark}
    missing = untried % values if best is None else short % {**values, "best": floatformat(best, -1)}
    return Requirement(kind, best is not None and best >= mark, asked % values, missing)


def h5p_results(lesson, user):
    """``user``'s results on the H5P items of ``lesson``, by item (one query, none without items)."""
    contents = lesson.h5p_contents()
    if not contents:
        return {}
    return {r.content_id: r for r in H5PResult.objects.filter(user=user, lesson_id=lesson.pk, content__in=contents)}


def _h5p_requirements(lesson, user, found):
    blocks = lesson.h5p_blocks()
    if not blocks:
        return []
    if found is None:
        found = h5p_results(lesson, user)
    out = []
    for block in blocks:
        result = found.get(block["content"].pk)
        title = block["title"]
        if block.get("requirement") == H5PRequirement.PASSED:
            out.append(
                _pass_mark(
                    "h5p",
                    _percent(result, block["content"]),
                    block.get("pass_percent") or 100,
                    {"title": title},
                    _("Pass the activity “%(title)s” with at least %(percent)s%%"),
                    _("pass the activity “%(title)s” with at least %(percent)s%% (no result yet)"),
                    _("pass the activity “%(title)s” with at least %(percent)s%% (your best: %(best)s%%)"),
                )
            )
        else:
            met = bool(result and result.completed)
            text = _("Complete the activity “%(title)s”") % {"title": title}
            missing = _("complete the activity “%(title)s”") % {"title": title}
            out.append(Requirement("h5p", met, text, missing))
    return out


def _test_requirements(lesson, user):
    blocks = lesson.test_blocks()
    if not blocks:
        return []
    best = dict(
        ExamAttempt.objects.graded()
        .filter(user=user, exam__in=[b["exam"] for b in blocks])
        .values("exam")
        .annotate(best=Max("percent"))
        .values_list("exam", "best")
    )
    out = []
    for block in blocks:
        exam, mark = block["exam"], block["pass_percent"]
        name = block.get("title") or exam.name
        out.append(
            _pass_mark(
                "test",
                best.get(exam.pk),
                mark,
                {"name": name},
                _("Pass the test “%(name)s” with at least %(percent)s%%"),
                _("pass the test “%(name)s” with at least %(percent)s%% (not taken yet)"),
                _("pass the test “%(name)s” with at least %(percent)s%% (your best: %(best)s%%)"),
            )
        )
    return out


def requirements(lesson, user, lesson_progress, course=None, results=None):
    """Everything ``lesson`` asks of ``user``, in the order a teacher meets it on the page. A caller that
    has read the user's H5P ``results`` in the lesson (``h5p_results``) passes them: they are not read again."""
    found = [time_requirement(lesson, lesson_progress, course)]
    found += _h5p_requirements(lesson, user, results)
    found += _test_requirements(lesson, user)
    return [r for r in found if r is not None]
