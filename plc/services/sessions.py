"""PLC sessions and the hours they earn.

A session has at least two attendees, lies within one day and has ended. Nobody is in two sessions at
once, and nobody is credited more than SESSION_HOURS_PER_DAY_MAX hours of sessions a day (the ledger
holds the last line). Someone who attended or logged a session never confirms it: the facilitator or
the centre's staff do. Each check runs with the attendees' rows locked, so two parallel requests are
decided one after the other.
"""

from datetime import datetime, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.core.db import create_once
from lms.core.errors import Refused
from lms.core.thaidate import thai_date
from lms.learning import ledger
from lms.learning import services as learning
from lms.learning.models import HoursSource
from lms.notifications.kinds import each_language
from lms.notifications.services import notify
from lms.people.models import Role, User

from ..choices import SessionStatus
from ..models import PLCSession
from ..permissions import may_decide_session, may_moderate
from .membership import is_member, members_of

MIN_ATTENDEES = 2


def session_confirmers(space):
    """Who may confirm the space's sessions: the facilitator and the centre's managers and staff."""
    return User.objects.filter(
        Q(pk=space.facilitator_id)
        | Q(
            role_assignments__centre=space.centre_id,
            role_assignments__role__in=[Role.CENTRE_MANAGER, Role.CENTRE_STAFF],
        ),
        is_active=True,
    ).distinct()


def _overlapping(person, session, statuses):
    """The first other session ``person`` attends on the same day that overlaps ``session``'s time."""
    others = (
        PLCSession.objects.filter(attendees=person, date=session.date, status__in=statuses)
        .exclude(pk=session.pk)
        .select_related("space")
    )
    return next(
        (o for o in others if o.start_minute < session.end_minute and session.start_minute < o.end_minute),
        None,
    )


def _check_overlap(person, session, statuses):
    """Refuse when ``person`` is already in another session (of ``statuses``) at the same time."""
    clash = _overlapping(person, session, statuses)
    if clash is not None:
        raise Refused(
            _(
                "%(name)s is already in another session at that time (%(start)s–%(end)s, %(space)s). "
                "One person cannot attend two sessions at once."
            )
            % {
                "name": person.display_name,
                "start": f"{clash.start_time:%H:%M}",
                "end": f"{clash.end_time:%H:%M}",
                "space": clash.space.title,
            }
        )


def _check_day(person, session):
    """Refuse when the day's sessions (credited, or logged and waiting) would pass the daily maximum."""
    waiting = PLCSession.objects.filter(attendees=person, date=session.date, status=SessionStatus.LOGGED)
    already = waiting.exclude(pk=session.pk).aggregate(total=Sum("hours"))["total"] or Decimal(0)
    ledger.check_session_day(person, session.date, session.hours, already=already)


def log_session(space, by, *, date, start_time, hours, activity, stage, attendees, submission_key):
    """A member logs a meeting; the facilitator or centre staff are asked to confirm it.

    Returns ``(session, created)``; the same ``submission_key`` gives back the first session.
    """
    same_submission = PLCSession.objects.filter(logged_by=by, submission_key=submission_key)
    existing = same_submission.first()
    if existing is not None:
        return existing, False
    if not is_member(by, space):
        raise Refused(_("Only members of this community can log its sessions."))
    attendees = list({person.pk: person for person in attendees}.values())
    member_ids = set(members_of(space).values_list("pk", flat=True))
    if any(person.pk not in member_ids for person in attendees):
        raise Refused(_("Only members of the community can be listed as attending."))
    if len(attendees) < MIN_ATTENDEES:
        raise Refused(
            _("A PLC session is a meeting of at least %(count)s members: tick everyone who attended.")
            % {"count": MIN_ATTENDEES}
        )
    session = PLCSession(
        space=space,
        date=date,
        start_time=start_time,
        hours=hours,
        activity=activity,
        stage=stage,
        logged_by=by,
        submission_key=submission_key,
    )
    if session.end_minute > 24 * 60:
        raise Refused(_("A session must end on the day it starts; log each day's meeting on its own."))
    ends = timezone.make_aware(datetime.combine(date, time()) + timedelta(minutes=session.end_minute))
    if ends > timezone.now():
        raise Refused(_("A session can be logged only once it has taken place."))

    def write():
        ledger.lock_people(attendees)
        for person in attendees:
            _check_overlap(person, session, [SessionStatus.LOGGED, SessionStatus.CONFIRMED])
            _check_day(person, session)
        session.save()
        session.attendees.set(attendees)
        attending = {person.pk for person in attendees} | {by.pk}
        confirmers = [p for p in session_confirmers(space) if p.pk not in attending]
        # The facilitator is asked first; the centre's staff only when the facilitator attended.
        facilitator = [p for p in confirmers if p.pk == space.facilitator_id]
        notify(
            facilitator or confirmers,
            kind="plc_session_to_confirm",
            params={"space": space.title},
            url=space.url + "sessions/",
            actor=by,
        )
        # Those listed hear of it, so a session someone was put down for without being there is caught.
        notify(
            attendees,
            kind="plc_session_listed",
            params={"name": each_language(lambda: by.display_name), "space": space.title, "date": thai_date(date)},
            url=space.url + f"sessions/#session-{session.pk}",
            actor=by,
        )
        return session

    # A parallel copy of the same submission may win the race; its session is then the answer.
    return create_once(write, same_submission)


@transaction.atomic
def decide_session(session, by, *, confirm, note=""):
    """Confirm (hours go to each attendee's ledger, once) or reject a session."""
    session = PLCSession.objects.select_for_update().select_related("space").get(pk=session.pk)
    space = session.space
    if not may_moderate(by, space):
        raise Refused(_("Only the facilitator and the centre's staff can confirm or reject sessions."))
    if session.status != SessionStatus.LOGGED:
        raise Refused(_("This session has already been decided."))
    if confirm and not may_decide_session(by, session):
        raise Refused(
            _(
                "You attended or logged this session, so you cannot confirm it yourself: the facilitator or "
                "the centre's staff (manager, staff) confirm it."
            )
        )
    # Someone removed (or who left) since the session was logged is not credited by it.
    attendees = list(session.attendees.filter(pk__in=members_of(space).values("pk")).order_by("pk"))
    if confirm:
        if len(attendees) < MIN_ATTENDEES:
            raise Refused(
                _("Fewer than %(count)s of those who attended are still members; this session cannot be confirmed.")
                % {"count": MIN_ATTENDEES}
            )
        ledger.lock_people(attendees)
        title = _("PLC: %(space)s, %(activity)s") % {"space": space.title, "activity": session.activity}
        for person in attendees:
            # The ledger itself refuses a day past the maximum.
            _check_overlap(person, session, [SessionStatus.CONFIRMED])
            learning.credit_hours(
                person,
                source=HoursSource.PLC,
                key=f"{session.ledger_key_prefix}{person.pk}",
                title=title,
                hours=session.hours,
                date=session.date,
                evidence=session.evidence,
                evidence_url=space.url + f"sessions/#session-{session.pk}",
            )
    session.status = SessionStatus.CONFIRMED if confirm else SessionStatus.REJECTED
    session.decided_by = by
    session.decided_at = timezone.now()
    session.decision_note = note
    session.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    notify(
        attendees,
        kind="plc_session_confirmed" if confirm else "plc_session_not_confirmed",
        params={"space": space.title},
        url=space.url + "sessions/",
        actor=by,
    )
    return session
