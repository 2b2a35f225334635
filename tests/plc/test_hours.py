"""PLC sessions: logged by members, confirmed by someone who neither attended nor logged them, written once
per person to the one hours ledger (only to those still members), and shown against the yearly 50-hour
figure. Nobody is in two sessions at once, a session needs two attendees, and a day counts at most
SESSION_HOURS_PER_DAY_MAX."""

import uuid
from datetime import time, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone

from lms.core.errors import Refused
from lms.learning.models import HoursEntry, HoursSource
from lms.notifications.models import Notification
from lms.records.totals import hours_summary
from plc import permissions
from plc.models import Membership, PLCSession
from plc.services import membership, moderation, sessions
from tests import factories as f
from tests.concurrency import raised, run_together, widen_race
from tests.plc.conftest import login

pytestmark = pytest.mark.django_db

YESTERDAY = timezone.localdate() - timedelta(days=1)


def _log(client, space, attendees, *, hours="2", date=None, start="15:30", key=None, activity="สังเกตชั้นเรียน"):
    return client.post(
        space.url + "sessions/",
        {
            "date": (date or YESTERDAY).isoformat(),
            "start_time": start,
            "hours": hours,
            "activity": activity,
            "stage": "teach",
            "attendees": [p.pk for p in attendees],
            "submission_key": str(key or uuid.uuid4()),
        },
    )


def _session(space, by, attendees, *, hours="2", start=time(15, 30), date=None):
    session, _created = sessions.log_session(
        space,
        by,
        date=date or YESTERDAY,
        start_time=start,
        hours=Decimal(hours),
        activity="ประชุม",
        stage="plan",
        attendees=attendees,
        submission_key=uuid.uuid4(),
    )
    return session


def _errors(response):
    return " ".join(str(e) for e in response.context["form"].non_field_errors())


def test_a_confirmed_session_credits_each_attendee_once(client, plc):
    t = plc.t
    login(client, t.teacher_a)
    key = uuid.uuid4()
    assert _log(client, plc.open, [t.teacher_a, t.trainer_a], hours="2.5", key=key).status_code == 302
    assert _log(client, plc.open, [t.teacher_a, t.trainer_a], hours="2.5", key=key).status_code == 302
    session = PLCSession.objects.get()
    assert session.status == "logged" and not HoursEntry.objects.exists()
    # The facilitator attended, so the centre's staff are asked to confirm; he hears he was listed.
    assert Notification.objects.filter(recipient=plc.clerk, message__contains="รอการยืนยัน").exists()
    listed = Notification.objects.get(recipient=t.trainer_a)
    assert "ระบุว่าท่านเข้าร่วม" in listed.message and listed.url.endswith(f"#session-{session.pk}")
    assert not Notification.objects.filter(recipient=t.teacher_a).exists()

    # A member cannot confirm, nor can the facilitator who attended; the centre's clerk can.
    for person in (t.teacher_a, t.trainer_a):
        login(client, person)
        client.post(f"{plc.open.url}sessions/{session.pk}/confirm/")
        assert not HoursEntry.objects.exists()
    login(client, plc.clerk)
    client.post(f"{plc.open.url}sessions/{session.pk}/confirm/")
    client.post(f"{plc.open.url}sessions/{session.pk}/confirm/")
    entries = HoursEntry.objects.order_by("user__username")
    assert [(e.user, e.source, e.hours) for e in entries] == [
        (t.teacher_a, HoursSource.PLC, Decimal("2.5")),
        (t.trainer_a, HoursSource.PLC, Decimal("2.5")),
    ]
    assert all(e.evidence_url.endswith(f"sessions/#session-{session.pk}") for e in entries)
    assert {e.evidence for e in entries} == {f"plc.session:{session.pk}"}
    with pytest.raises(Refused):
        sessions.decide_session(session, plc.clerk, confirm=True)
    assert HoursEntry.objects.count() == 2
    assert hours_summary(t.teacher_a, source=HoursSource.PLC)[0] == Decimal("2.5")


def test_the_facilitator_confirms_a_session_they_did_not_attend(client, plc):
    t = plc.t
    other = f.person("teacher_a7", t.school_a)
    Membership.objects.create(space=plc.open, user=other, status="member")
    session = _session(plc.open, t.teacher_a, [t.teacher_a, other])
    assert Notification.objects.filter(recipient=t.trainer_a, message__contains="รอการยืนยัน").exists()
    assert not Notification.objects.filter(recipient=plc.clerk).exists()
    sessions.decide_session(session, t.trainer_a, confirm=True)
    assert HoursEntry.objects.count() == 2


def test_the_facilitator_cannot_credit_himself_alone_three_times_a_day(client, plc):
    """The attack: three 8-hour sessions for today, only the facilitator attending, confirmed by him."""
    t = plc.t
    login(client, t.trainer_a)
    client.cookies["django_language"] = "en"
    response = _log(client, plc.open, [t.trainer_a], hours="8", start="00:00", activity="ประชุมคนเดียว")
    assert response.status_code == 400
    assert "at least 2 members" in _errors(response)
    assert 'value="ประชุมคนเดียว"' in response.content.decode()
    assert not PLCSession.objects.exists()

    # With a member listed too, he still cannot confirm what he attended.
    session = _session(plc.open, t.trainer_a, [t.trainer_a, t.teacher_a], hours="8", start=time(0, 0))
    with pytest.raises(Refused, match="cannot confirm it yourself"):
        sessions.decide_session(session, t.trainer_a, confirm=True)
    response = client.post(f"{plc.open.url}sessions/{session.pk}/confirm/")
    assert response.status_code == 302 and not HoursEntry.objects.exists()
    page = client.get(plc.open.url + "sessions/").content.decode()
    assert f"sessions/{session.pk}/confirm/" not in page and "the centre's staff confirm it" in page
    # A superuser who logged it cannot confirm it either.
    assert not permissions.may_decide_session(t.trainer_a, session)
    assert hours_summary(t.trainer_a)[1] == 0


def test_overlapping_sessions_are_refused_for_each_person(client, plc):
    t = plc.t
    other = f.person("teacher_a7", t.school_a)
    Membership.objects.create(space=plc.open, user=other, status="member")
    login(client, t.teacher_a)
    client.cookies["django_language"] = "en"
    assert _log(client, plc.open, [t.teacher_a, t.trainer_a], start="13:00", hours="2").status_code == 302
    # 14:30-15:30 overlaps 13:00-15:00 for the facilitator, whoever logs it and with whoever else.
    login(client, other)
    client.cookies["django_language"] = "en"
    response = _log(client, plc.open, [other, t.trainer_a], start="14:30", hours="1", activity="ซ้อน")
    assert response.status_code == 400
    assert "already in another session at that time (13:00–15:00" in _errors(response)
    assert 'value="ซ้อน"' in response.content.decode() and 'value="14:30"' in response.content.decode()
    # Back to back is fine; another day is fine.
    assert _log(client, plc.open, [other, t.trainer_a], start="15:00", hours="1").status_code == 302
    assert _log(client, plc.open, [other, t.trainer_a], start="13:00", date=YESTERDAY - timedelta(1)).status_code == 302
    assert PLCSession.objects.count() == 3


def test_a_session_overlapping_one_in_another_community_is_refused(plc):
    t = plc.t
    Membership.objects.create(space=plc.request, user=t.teacher_a, status="member")
    membership.ensure_facilitator(plc.request)
    _session(plc.open, t.teacher_a, [t.teacher_a, t.trainer_a], start=time(9, 0), hours="3")
    with pytest.raises(Refused, match="another session"):
        _session(plc.request, t.trainer_a, [t.teacher_a, t.trainer_a], start=time(11, 0), hours="1")


def test_no_more_than_the_daily_maximum_of_sessions(client, plc, settings):
    settings.SESSION_HOURS_PER_DAY_MAX = 8
    t = plc.t
    login(client, t.teacher_a)
    client.cookies["django_language"] = "en"
    assert _log(client, plc.open, [t.teacher_a, t.trainer_a], start="00:00", hours="8").status_code == 302
    response = _log(client, plc.open, [t.teacher_a, t.trainer_a], start="08:00", hours="8")
    assert response.status_code == 400
    assert "would have 16 hours of sessions" in _errors(response) and "at most 8 hours a day" in _errors(response)
    assert PLCSession.objects.count() == 1


def test_the_ledger_refuses_a_day_past_the_maximum_at_confirmation(plc, settings):
    """Sessions logged while the limit was higher still cannot credit more than it allows now."""
    t = plc.t
    settings.SESSION_HOURS_PER_DAY_MAX = 12
    first = _session(plc.open, t.teacher_a, [t.teacher_a, t.trainer_a], start=time(0, 0), hours="6")
    second = _session(plc.open, t.teacher_a, [t.teacher_a, t.trainer_a], start=time(8, 0), hours="6")
    settings.SESSION_HOURS_PER_DAY_MAX = 8
    sessions.decide_session(first, plc.clerk, confirm=True)
    with pytest.raises(Refused, match="at most 8 hours a day"):
        sessions.decide_session(second, plc.clerk, confirm=True)
    second.refresh_from_db()
    assert second.status == "logged"
    assert HoursEntry.objects.count() == 2 and hours_summary(t.teacher_a, today=YESTERDAY)[1] == 6


def test_bad_sessions_are_refused_with_messages(client, plc):
    t = plc.t
    login(client, t.teacher_a)
    client.cookies["django_language"] = "en"
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = _log(client, plc.open, [t.teacher_a, t.trainer_a], date=tomorrow)
    assert response.status_code == 400 and "only once it has taken place" in response.content.decode()
    response = _log(client, plc.open, [t.teacher_a, t.trainer_a], hours="12")
    assert response.status_code == 400
    response = _log(client, plc.open, [t.teacher_a, t.trainer_a], start="23:00", hours="2")
    assert response.status_code == 400 and "must end on the day it starts" in _errors(response)
    # Someone who is not a member cannot be listed.
    response = _log(client, plc.open, [t.teacher_a, t.teacher_b])
    assert response.status_code == 400
    assert not PLCSession.objects.exists()
    # Non-members cannot log at all.
    login(client, t.teacher_b)
    assert _log(client, plc.open, [t.teacher_b, t.trainer_a]).status_code == 302
    assert not PLCSession.objects.exists()


def test_a_session_still_under_way_cannot_be_logged(plc):
    now = timezone.localtime()
    if now.hour == 23:
        pytest.skip("the session would cross midnight")
    with pytest.raises(Refused, match="only once it has taken place"):
        _session(
            plc.open,
            plc.t.teacher_a,
            [plc.t.teacher_a, plc.t.trainer_a],
            date=now.date(),
            start=time(now.hour, 0),
            hours="1",
        )


def test_the_same_person_listed_twice_is_one_attendee(plc):
    with pytest.raises(Refused, match="at least"):
        _session(plc.open, plc.t.teacher_a, [plc.t.teacher_a, plc.t.teacher_a])


def test_a_rejected_session_earns_nothing_and_says_why(client, plc):
    login(client, plc.t.teacher_a)
    _log(client, plc.open, [plc.t.teacher_a, plc.t.trainer_a])
    session = PLCSession.objects.get()
    login(client, plc.clerk)
    client.post(f"{plc.open.url}sessions/{session.pk}/reject/", {"reason": "ไม่มีบันทึกการประชุม"})
    session.refresh_from_db()
    assert (session.status, session.decision_note) == ("rejected", "ไม่มีบันทึกการประชุม")
    assert not HoursEntry.objects.exists()
    assert Notification.objects.filter(recipient=plc.t.teacher_a, message__contains="ไม่ได้รับการยืนยัน").exists()
    # A rejected session no longer blocks its time.
    assert _session(plc.open, plc.t.teacher_a, [plc.t.teacher_a, plc.t.trainer_a])


def test_a_left_member_cannot_be_credited_by_a_crafted_session(plc):
    Membership.objects.filter(space=plc.open, user=plc.t.teacher_a).update(status="left")
    with pytest.raises(Refused):
        _session(plc.open, plc.t.trainer_a, [plc.t.teacher_a, plc.t.trainer_a])


def test_my_learning_shows_plc_hours_against_the_yearly_figure(client, plc):
    t = plc.t
    for start in (time(8, 0), time(13, 0)):
        sessions.decide_session(
            _session(plc.open, t.teacher_a, [t.teacher_a, t.trainer_a], hours="4", start=start), plc.clerk, confirm=True
        )
    sessions.decide_session(
        _session(plc.open, t.teacher_a, [t.teacher_a, t.trainer_a], hours="4.5", date=YESTERDAY - timedelta(1)),
        plc.clerk,
        confirm=True,
    )
    login(client, t.teacher_a)
    client.cookies["django_language"] = "en"
    page = client.get("/my-learning/")
    assert page.context["plc_hours_this_year"] == Decimal("12.5")
    assert page.context["plc_percent"] == 25
    assert "<strong>12.5</strong> of 50 hours" in page.content.decode()


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL (CI runs it)")
def test_two_parallel_overlapping_sessions_cannot_both_be_logged(plc, monkeypatch):
    t = plc.t
    # Both look for a clash before either saves.
    widen_race(monkeypatch, sessions, "_overlapping")

    def attempt(start):
        try:
            _session(plc.open, t.teacher_a, [t.teacher_a, t.trainer_a], start=start, hours="2")
        except Refused:
            return "refused"
        return "logged"

    outcomes = run_together(attempt, [time(9, 0), time(10, 0)])
    assert not raised(outcomes), raised(outcomes)
    assert sorted(outcomes) == ["logged", "refused"]
    assert PLCSession.objects.count() == 1


def test_a_member_removed_before_confirmation_is_not_credited(plc):
    t = plc.t
    extra = f.person("teacher_a9", t.school_a)
    stays = f.person("teacher_a8", t.school_a)
    Membership.objects.create(space=plc.open, user=extra, status="member")
    Membership.objects.create(space=plc.open, user=stays, status="member")
    session, _ = sessions.log_session(
        plc.open,
        t.teacher_a,
        date=timezone.localdate() - timedelta(days=1),
        start_time=time(15, 30),
        hours=2,
        activity="ประชุม",
        stage="plan",
        attendees=[t.teacher_a, extra, stays],
        submission_key=uuid.uuid4(),
    )
    moderation.remove_member(plc.open, Membership.objects.get(space=plc.open, user=extra), by=t.trainer_a)
    sessions.decide_session(session, t.trainer_a, confirm=True)
    assert sorted(HoursEntry.objects.values_list("user__username", flat=True)) == ["teacher_a", "teacher_a8"]
