"""Accepting xAPI statements from a player: validation, the per-teacher results, and saved state.

Only top-level statements (about the item itself, not one of its sub-questions) change a result and
decide completion. "interacted" statements arrive on every click; at most one every
``INTERACTED_EVERY`` seconds is kept.

The player runs in the teacher's browser, so a statement is a claim. What the server holds it to:
it must name the attempt that the server opened when the player page was last served (``open_attempt``)
for the same person, item and lesson; a completing statement counts only once that attempt has been open
the item's shortest plausible time (since it started, or since its previous scored statement); and its
maximum score must be the item's own, read from the package or fixed by the first counted attempt of
someone who may edit the item.
Whether a result *passes* is the server's sum (best score against that maximum), never the statement's
``success``.
"""

import datetime
import math
import re
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.db import transaction
from django.template.defaultfilters import floatformat
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.core.errors import Refused
from media.models import H5PAttempt, H5PContent, H5PResult, H5PStatement, H5PUserData
from media.signals import h5p_completed

INTERACTED_EVERY = datetime.timedelta(seconds=10)
COMPLETING_VERBS = ("/completed", "/passed", "/answered", "/failed")
MAX_STATEMENT_BYTES = 64 * 1024
MAX_STATE_BYTES = 256 * 1024
MAX_STATES_PER_ITEM = 20
MAX_SCORE = Decimal(1_000_000)
# What H5P core saves: "state", for the item ("0") or one of its sub-items (a number or a UUID).
STATE_TYPES = frozenset({"state"})
SUB_CONTENT_ID = re.compile(r"[0-9a-fA-F\-]{1,36}")


def actor_mail(user):
    """The xAPI actor's address: pseudonymous, so statements carry no personal e-mail."""
    return f"learner-{user.pk}@hcec.invalid"


def object_iri(content):
    return f"{settings.WAGTAILADMIN_BASE_URL.rstrip('/')}/h5p/content/{content.pk}"


def _number(value):
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def _score(statement):
    result = statement.get("result")
    if not isinstance(result, dict) or "score" not in result:
        return None, None
    score = result["score"]
    if not isinstance(score, dict):
        raise Refused(_("the score is not an object"))
    raw, maximum = _number(score.get("raw")), _number(score.get("max"))
    minimum = _number(score.get("min", 0))
    if (
        raw is None
        or maximum is None
        or minimum is None
        or not (0 < maximum <= MAX_SCORE)
        or not (minimum <= raw <= maximum)
    ):
        raise Refused(_("the score is out of range"))
    scaled = score.get("scaled")
    if scaled is not None and not (_number(scaled) is not None and 0 <= _number(scaled) <= 1):
        raise Refused(_("the scaled score is out of range"))
    cents = Decimal("0.01")
    return raw.quantize(cents), maximum.quantize(cents)


def _object(statement, key):
    value = statement.get(key)
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise Refused(_("the statement is not well-formed (%(key)s)") % {"key": key})
    return value


def validate(statement, user, content):
    """Return ``(verb, top_level, raw, max)`` or raise :class:`Refused` saying why."""
    if not isinstance(statement, dict):
        raise Refused(_("a statement must be a JSON object"))
    actor = _object(statement, "actor")
    if actor.get("mbox") != f"mailto:{actor_mail(user)}":
        raise Refused(_("the statement is about another person"))
    object_id = _object(statement, "object").get("id")
    iri = object_iri(content)
    if not isinstance(object_id, str) or not (object_id == iri or object_id.startswith(iri + "?")):
        raise Refused(_("the statement is about other content"))
    verb = _object(statement, "verb").get("id")
    if not isinstance(verb, str) or not verb.startswith(("http://", "https://")) or len(verb) > 200:
        raise Refused(_("the statement has no valid verb"))
    activities = _object(statement, "context").get("contextActivities") or {}
    parent = activities.get("parent") if isinstance(activities, dict) else None
    top_level = object_id == iri and not parent
    raw, maximum = _score(statement)
    return verb, top_level, raw, maximum


def open_attempt(user, content, lesson_id, now=None):
    """A new attempt, started now, for the player page being served. It retires the person's earlier
    attempts at this item in this lesson: opening the player again restarts the clock, and an old
    attempt's address cannot be kept for later."""
    return H5PAttempt.objects.create(user=user, content=content, lesson_id=lesson_id, started_at=now or timezone.now())


def _current_attempt(user, content, lesson_id, attempt_id):
    """``attempt_id`` when it is the person's latest opening of this item in this lesson."""
    openings = H5PAttempt.objects.filter(user=user, content=content, lesson_id=lesson_id)
    latest = openings.order_by("-started_at", "-pk").values_list("pk", flat=True).first()
    if attempt_id is not None and latest == attempt_id:
        return attempt_id
    if attempt_id is not None and openings.filter(pk=attempt_id).exists():
        raise Refused(_("the activity was opened again since: only its latest opening counts"))
    raise Refused(_("the statement belongs to no attempt opened through the player"))


def _check_attempt(attempt, content, now):
    """A completing statement counts once the attempt has been open long enough (see the module)."""
    since = attempt.scored_at or attempt.started_at
    wait = content.shortest_attempt_seconds - (now - since).total_seconds()
    if wait > 0:
        raise Refused(
            _("too soon: a result counts once the activity has been open %(seconds)s seconds (%(left)s to go)")
            % {"seconds": content.shortest_attempt_seconds, "left": math.ceil(wait)}
        )


def _check_maximum(content, maximum, user):
    """The item's maximum is fixed once and a claim of another is refused. Where the package does not fix
    it, only someone who may edit the item (a trainer opening it once) fixes it: a teacher could not set
    everyone's maximum with a made-up first statement."""
    if maximum is None:
        return
    if content.max_score is None:
        if not H5PContent.objects.editable_by(user).filter(pk=content.pk).exists():
            raise Refused(
                _(
                    "this activity's maximum score is not known yet: a trainer of its centre opens it once, "
                    "or sets it in the H5P admin"
                )
            )
        H5PContent.objects.filter(pk=content.pk, max_score__isnull=True).update(max_score=maximum)
        content.refresh_from_db(fields=["max_score"])
    if content.max_score != maximum:
        raise Refused(
            _("the maximum score of this activity is %(max)s, not %(claimed)s")
            % {"max": floatformat(content.max_score, -2), "claimed": floatformat(maximum, -2)}
        )


def record_statement(user, content, lesson_id, statement, attempt_id=None, now=None):
    """Validate and keep a statement of attempt ``attempt_id``; update the result.

    Returns ``"recorded"`` or ``"ignored"``; raises :class:`Refused` saying why it does not count.
    """
    verb, top_level, raw, maximum = validate(statement, user, content)
    now = now or timezone.now()
    attempt_id = _current_attempt(user, content, lesson_id, attempt_id)
    if (
        verb.endswith("/interacted")
        and H5PStatement.objects.filter(
            user=user, content=content, verb=verb, created_at__gte=now - INTERACTED_EVERY
        ).exists()
    ):
        return "ignored"
    completing = top_level and verb.endswith(COMPLETING_VERBS)
    became_complete = False
    with transaction.atomic():
        if completing:
            # Locked: two statements of one attempt sent at once are judged one after the other.
            attempt = H5PAttempt.objects.select_for_update().get(pk=attempt_id)
            _check_attempt(attempt, content, now)
            _check_maximum(content, maximum, user)
        H5PStatement.objects.create(
            user=user,
            content=content,
            lesson_id=lesson_id,
            attempt_id=attempt_id,
            verb=verb,
            top_level=top_level,
            raw_score=raw,
            max_score=maximum,
            statement=statement,
        )
        if completing:
            attempt.scored_at = now
            attempt.save(update_fields=["scored_at"])
            result, _created = H5PResult.objects.select_for_update().get_or_create(
                user=user, content=content, lesson_id=lesson_id
            )
            outcome = statement.get("result") or {}
            if raw is not None:
                result.attempts += 1
                result.latest_score, result.max_score = raw, maximum
                result.best_score = raw if result.best_score is None else max(result.best_score, raw)
            if not result.completed and (outcome.get("completion") is not False):
                result.completed = became_complete = True
            result.save()
    if became_complete or (completing and raw is not None):
        # A better score may be what a lesson that asks for a pass mark was waiting for.
        transaction.on_commit(
            lambda: h5p_completed.send(sender=H5PResult, user=user, content=content, lesson_id=lesson_id)
        )
    return "recorded"


def load_state(user, content, data_type="state", sub_content_id="0"):
    row = H5PUserData.objects.filter(
        user=user, content=content, data_type=data_type, sub_content_id=sub_content_id
    ).first()
    return row.data if row else None


def check_state_key(data_type, sub_content_id):
    if data_type not in STATE_TYPES or not SUB_CONTENT_ID.fullmatch(sub_content_id):
        raise Refused(_("this kind of saved state is not kept"))


def save_state(user, content, data, data_type="state", sub_content_id="0"):
    check_state_key(data_type, sub_content_id)
    rows = H5PUserData.objects.filter(user=user, content=content)
    this = rows.filter(data_type=data_type, sub_content_id=sub_content_id)
    if data is None or data == "0":
        this.delete()
        return
    if len(data.encode("utf-8")) > MAX_STATE_BYTES:
        raise Refused(_("the saved state is too large"))
    if not this.exists() and rows.count() >= MAX_STATES_PER_ITEM:
        raise Refused(_("too many saved states for this item"))
    H5PUserData.objects.update_or_create(
        user=user, content=content, data_type=data_type, sub_content_id=sub_content_id, defaults={"data": data}
    )
