"""Hostile checks of the PLC: hours from sessions nobody else vouched for, in two places at once or past
the daily maximum, and tracking pixels in posts. Run against the demo (``make demo``).

The demo's facilitator ``trainer`` leads *PLC ภาษาอังกฤษเพื่อการสื่อสาร*, whose sessions are: 14 days ago
(15:30, 2 h, confirmed), 7 days ago (10:00, 1.5 h, confirmed) and yesterday (15:30, 2 h, waiting), each
attended by him. Refused attempts leave nothing behind; the pixel check adds one reply.
"""

import html
import re
import uuid
from datetime import date, timedelta

from .client import Skip

SPACE = "/plc/english-speaking-cm/"
SESSIONS = SPACE + "sessions/"
WAITING_ACTIVITY = "สะท้อนผลหลังสังเกตชั้นเรียน"


def _trainer(site):
    return site.login("trainer")


def _session_form(site):
    """The sessions page and the attendee checkboxes as ``(his own id, [everyone's ids])``."""
    page = site.get(SESSIONS)
    if page.status != 200 or 'name="attendees"' not in page.text:
        raise Skip(f"the trainer cannot log sessions at {SESSIONS} (HTTP {page.status})")
    boxes = re.findall(r'<input type="checkbox" name="attendees" value="(\d+)"([^>]*)>', page.text)
    mine = [value for value, attrs in boxes if "checked" in attrs]
    if not mine or len(boxes) < 2:
        raise Skip("the session form does not list the trainer and another member")
    return page, mine[0], [value for value, _attrs in boxes]


def _log(site, *, day, start, hours, attendees, activity):
    return site.post(
        SESSIONS,
        {
            "date": day.isoformat(),
            "start_time": start,
            "hours": hours,
            "activity": activity,
            "stage": "teach",
            "attendees": attendees,
            "submission_key": str(uuid.uuid4()),
        },
    )


def _today(site):
    """The site's own date (Bangkok), read from the form's default, not this machine's clock."""
    page = site.get(SESSIONS)
    match = re.search(r'name="date" value="(\d{4}-\d{2}-\d{2})"', page.text)
    return date.fromisoformat(match.group(1)) if match else date.today()


def _listed(site, activity):
    return html.escape(activity) in site.get(SESSIONS).text


def _rows(site):
    return dict(re.findall(r'<tr id="session-(\d+)">(.*?)</tr>', site.get(SESSIONS).text, flags=re.S))


def solo_session_for_today(site):
    """Three 8-hour sessions today with only himself attending: the first is already refused."""
    _trainer(site)
    _page, me, _everyone = _session_form(site)
    activity = f"audit solo {uuid.uuid4().hex[:8]}"
    response = _log(site, day=_today(site), start="00:00", hours="8", attendees=[me], activity=activity)
    refused = response.status == 400 and not _listed(site, activity)
    kept = f'value="{activity}"' in response.text
    return refused, f"HTTP {response.status}; listed after: {not refused}; typed text kept: {kept}"


def confirm_own_session(site):
    """The facilitator confirms yesterday's session he attended himself."""
    _trainer(site)
    waiting = [pk for pk, row in _rows(site).items() if WAITING_ACTIVITY in row and "status--logged" in row]
    if not waiting:
        raise Skip("the demo's waiting session is no longer waiting")
    pk = waiting[0]
    has_button = f"sessions/{pk}/confirm/" in site.get(SESSIONS).text
    response = site.post(f"{SESSIONS}{pk}/confirm/", {})
    still_waiting = "status--logged" in _rows(site).get(pk, "")
    return still_waiting and not has_button, (
        f"HTTP {response.status}; session {pk} still waiting: {still_waiting}; confirm button shown: {has_button}"
    )


def _refused_a_week_ago(site, label, start, hours, reasons):
    """Logs a session 7 days ago for the facilitator and one other member: passes if it is refused and
    not listed, with one of ``reasons`` (Thai or English) in the answer."""
    _trainer(site)
    _page, me, everyone = _session_form(site)
    other = next(value for value in everyone if value != me)
    activity = f"audit {label} {uuid.uuid4().hex[:8]}"
    day = _today(site) - timedelta(days=7)
    response = _log(site, day=day, start=start, hours=hours, attendees=[me, other], activity=activity)
    said = any(reason in response.text for reason in reasons)
    refused = response.status == 400 and not _listed(site, activity)
    return refused and said, f"HTTP {response.status}; reason given: {said}"


def overlapping_session(site):
    """A second session over the demo's confirmed one 7 days ago (10:00-11:30), for the same people."""
    return _refused_a_week_ago(site, "overlap", "10:30", "1", ["ช่วงเวลานั้น", "at that time"])


def past_the_daily_maximum(site):
    """7 more hours on the day that already has 1.5 confirmed (8.5 > 8), at a time that overlaps nothing."""
    return _refused_a_week_ago(site, "day max", "12:00", "7", ["ไม่เกินวันละ", "hours a day count"])


def tracking_pixel_in_a_reply(site):
    """A reply carrying pictures from another site (plain, protocol-relative, upper case, srcset)."""
    _trainer(site)
    space = site.get(SPACE)
    threads = re.findall(rf'href="{re.escape(SPACE)}posts/(\d+)/"', space.text)
    if not threads:
        raise Skip("no reflection to reply to in the demo space")
    root = threads[0]
    marker = f"audit-pixel-{uuid.uuid4().hex[:8]}"
    body = (
        f"<p>{marker}</p>"
        '<img src="http://evil.example/pixel.gif">'
        '<img src="//evil.example/p.gif">'
        '<IMG SRC="HTTPS://EVIL.EXAMPLE/P.GIF">'
        '<img src="/plc/x/files/1/" srcset="http://evil.example/p.gif 2x">'
        '<p style="background:url(http://evil.example/bg.gif)">x</p>'
    )
    response = site.post(SPACE + "posts/", {"body": body, "parent": root, "submission_key": str(uuid.uuid4())})
    page = site.get(f"{SPACE}posts/{root}/").text
    if marker not in page:
        raise Skip(f"the reply was not posted (HTTP {response.status})")
    leaked = "evil.example" in page.lower()
    return not leaked, f"reply posted (HTTP {response.status}); anything from evil.example in the page: {leaked}"


CHECKS = [
    solo_session_for_today,
    confirm_own_session,
    overlapping_session,
    past_the_daily_maximum,
    tracking_pixel_in_a_reply,
]
