"""PLC sessions: logged by members, confirmed by the facilitator, written once per person to the one
hours ledger, and shown against the yearly 50-hour figure."""

import uuid
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from lms.learning.models import HoursEntry, HoursSource
from lms.learning.services import hours_summary
from plc import services
from plc.errors import Refused
from plc.models import Membership, PLCSession
from tests.plc.conftest import login

pytestmark = pytest.mark.django_db


def _log(client, space, attendees, *, hours="2", date=None, key=None):
    return client.post(
        space.url + "sessions/",
        {
            "date": (date or timezone.localdate()).isoformat(),
            "hours": hours,
            "activity": "สังเกตชั้นเรียน",
            "stage": "teach",
            "attendees": [p.pk for p in attendees],
            "submission_key": str(key or uuid.uuid4()),
        },
    )


def test_a_confirmed_session_credits_each_attendee_once(client, plc):
    t = plc.t
    login(client, t.teacher_a)
    key = uuid.uuid4()
    assert _log(client, plc.open, [t.teacher_a, t.trainer_a], hours="2.5", key=key).status_code == 302
    assert _log(client, plc.open, [t.teacher_a, t.trainer_a], hours="2.5", key=key).status_code == 302
    session = PLCSession.objects.get()
    assert session.status == "logged" and not HoursEntry.objects.exists()

    # Only the facilitator confirms; a member cannot confirm their own session.
    client.post(f"{plc.open.url}sessions/{session.pk}/confirm/")
    assert not HoursEntry.objects.exists()
    login(client, plc.clerk)
    client.post(f"{plc.open.url}sessions/{session.pk}/confirm/")
    assert not HoursEntry.objects.exists()
    login(client, t.trainer_a)
    client.post(f"{plc.open.url}sessions/{session.pk}/confirm/")
    client.post(f"{plc.open.url}sessions/{session.pk}/confirm/")
    entries = HoursEntry.objects.order_by("user__username")
    assert [(e.user, e.source, e.hours) for e in entries] == [
        (t.teacher_a, HoursSource.PLC, Decimal("2.5")),
        (t.trainer_a, HoursSource.PLC, Decimal("2.5")),
    ]
    assert all(e.evidence_url.endswith(f"sessions/#session-{session.pk}") for e in entries)
    with pytest.raises(Refused):
        services.decide_session(session, t.trainer_a, confirm=True)
    assert HoursEntry.objects.count() == 2
    assert hours_summary(t.teacher_a, source=HoursSource.PLC)[0] == Decimal("2.5")


def test_a_rejected_session_earns_nothing_and_says_why(client, plc, django_capture_on_commit_callbacks):
    from lms.notifications.models import Notification

    login(client, plc.t.teacher_a)
    _log(client, plc.open, [plc.t.teacher_a])
    session = PLCSession.objects.get()
    login(client, plc.t.trainer_a)
    client.post(f"{plc.open.url}sessions/{session.pk}/reject/", {"reason": "ไม่มีบันทึกการประชุม"})
    session.refresh_from_db()
    assert (session.status, session.decision_note) == ("rejected", "ไม่มีบันทึกการประชุม")
    assert not HoursEntry.objects.exists()
    assert Notification.objects.filter(recipient=plc.t.teacher_a, message__contains="ไม่ได้รับการยืนยัน").exists()


def test_bad_sessions_are_refused_with_messages(client, plc):
    t = plc.t
    login(client, t.teacher_a)
    client.cookies["django_language"] = "en"
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = _log(client, plc.open, [t.teacher_a], date=tomorrow)
    assert response.status_code == 400 and "only once it has taken place" in response.content.decode()
    response = _log(client, plc.open, [t.teacher_a], hours="12")
    assert response.status_code == 400
    # Someone who is not a member cannot be listed.
    response = _log(client, plc.open, [t.teacher_b])
    assert response.status_code == 400
    assert not PLCSession.objects.exists()
    # Non-members cannot log at all.
    login(client, t.teacher_b)
    assert _log(client, plc.open, [t.teacher_b]).status_code == 302
    assert not PLCSession.objects.exists()


def test_a_left_member_cannot_be_credited_by_a_crafted_session(plc):
    Membership.objects.filter(space=plc.open, user=plc.t.teacher_a).update(status="left")
    with pytest.raises(Refused):
        services.log_session(
            plc.open,
            plc.t.trainer_a,
            date=timezone.localdate(),
            hours=Decimal(2),
            activity="x",
            stage="plan",
            attendees=[plc.t.teacher_a],
            submission_key=uuid.uuid4(),
        )


def test_my_learning_shows_plc_hours_against_the_yearly_figure(client, plc):
    login(client, plc.t.teacher_a)
    session, _ = services.log_session(
        plc.open,
        plc.t.teacher_a,
        date=timezone.localdate(),
        hours=Decimal("12.5"),
        activity="ประชุม",
        stage="plan",
        attendees=[plc.t.teacher_a],
        submission_key=uuid.uuid4(),
    )
    services.decide_session(session, plc.t.trainer_a, confirm=True)
    client.cookies["django_language"] = "en"
    page = client.get("/my-learning/")
    assert page.context["plc_hours_this_year"] == Decimal("12.5")
    assert page.context["plc_percent"] == 25
    assert "<strong>12.5</strong> of 50 hours" in page.content.decode()
