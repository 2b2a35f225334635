"""Hostile checks of course completion and H5P results (issue 12, "Course completion and hours").

Each signs in as the demo teacher ``trainee`` and tries to get lessons, hours or an activity's result
without spending the time or playing: marking every lesson done at once, flooding heartbeats, posting a
forged xAPI statement with the lesson page's play token, and claiming another maximum score.
"""

import html
import json
import re
import time

from .client import Skip

ENGLISH = "/courses/english-classroom/"
DIGITAL = "/courses/digital-literacy/"
H5P_LESSON = DIGITAL + "digital-safety-activity/"


def _enrol(site, course_url):
    page, token = site.form_token(course_url)
    if page.status != 200:
        raise Skip(f"{course_url} answers {page.status}; is this the demo?")
    site.post(course_url + "enrol/", {"csrfmiddlewaretoken": token or ""})
    page = site.get(course_url)
    lessons = []
    pattern = 'href="(' + re.escape(course_url) + '[^"#?]+/)"'
    for href in re.findall(pattern, page.text):
        if href not in lessons and not href.endswith(("enrol/", "withdraw/", "enrol-people/")):
            lessons.append(href)
    if not lessons:
        raise Skip(f"no lessons found on {course_url}")
    return lessons


def _hours(site):
    """The figures of /my-learning/ (hours this year, in total, ...), as the teacher sees them."""
    return re.findall(r'class="stat__value">([^<]*)<', site.get("/my-learning/").text)


def _messages(response_page):
    return [html.unescape(m).strip() for m in re.findall(r'class="message message--error">(.*?)</li>', response_page)]


def mark_every_lesson_done_at_once(site):
    site.login("trainee")
    before = _hours(site)
    lessons = _enrol(site, ENGLISH)
    token = site.cookie("csrftoken") or ""
    answers = [site.post(url + "complete/", {"csrfmiddlewaretoken": token}) for url in lessons]
    refusal = _messages(site.get(lessons[-1]).text)
    course = site.get(ENGLISH).text
    after = _hours(site)
    completed = "You completed this course" in course or "ท่านสำเร็จหลักสูตรนี้แล้ว" in course
    if completed or after != before:
        return False, f"{len(lessons)} lessons marked done: course completed={completed}, hours {before} -> {after}"
    if any(a.status >= 500 for a in answers):
        return False, f"server errors: {[a.status for a in answers]}"
    return True, f"{len(lessons)} POSTs in a row: nothing completed, hours unchanged {after}; said: {refusal[-1:]}"


def heartbeat_flood_adds_no_time(site):
    site.login("trainee")
    lessons = _enrol(site, ENGLISH)
    lesson = lessons[0]
    page = site.get(lesson).text
    match = re.search(r'data-heartbeat-url="([^"]+)"', page)
    if not match:
        raise Skip("the lesson page has no heartbeat (lesson already done?)")
    url = html.unescape(match.group(1))
    first = site.post(url, {}).json()
    beats = [site.post(url, {}).json() for _ in range(30)]
    gained = beats[-1]["spent"] - first["spent"]
    if gained > 10:
        return False, f"30 heartbeats in a burst added {gained} seconds"
    return True, f"30 heartbeats in a burst added {gained} s (time on the lesson is wall-clock time, server-measured)"


def _h5p_player(site):
    """Enrol in the digital course and read the H5P lesson page's play token (nothing is played)."""
    site.login("trainee")
    _enrol(site, DIGITAL)
    page = site.get(H5P_LESSON)
    match = re.search(r'src="(/h5p/play/([^/"]+)/)"', page.text)
    if page.status != 200 or not match:
        raise Skip(f"no H5P player on {H5P_LESSON} ({page.status})")
    return match.group(1), match.group(2)


def _statement(site, player_url, verb, raw, maximum):
    """A statement shaped exactly as the player would send it (actor and object read from the player's
    configuration, as a script in the browser could)."""
    config_page = site.get(player_url).text
    found = re.search(r'<script id="h5p-config" type="application/json">(.*?)</script>', config_page)
    config = json.loads(found.group(1))
    statement = {
        "actor": {"mbox": "mailto:" + config["options"]["user"]["mail"], "name": "x", "objectType": "Agent"},
        "verb": {"id": f"http://adlnet.gov/expapi/verbs/{verb}"},
        "object": {"id": config["options"]["xAPIObjectIRI"], "objectType": "Activity"},
        "result": {"score": {"raw": raw, "max": maximum, "min": 0}, "completion": True, "success": True},
    }
    return statement, config["xapiUrl"]


def _post_statement(site, url, statement):
    return site.request("POST", url, body=json.dumps(statement).encode(), headers={"Content-Type": "text/plain"})


def _refused(answer, if_recorded):
    if answer.status == 200:
        return False, if_recorded
    return True, f"HTTP {answer.status}: {answer.text[:120]}"


def forged_h5p_completed_without_playing(site):
    player_url, token = _h5p_player(site)
    statement, _attempt_url = _statement(site, player_url, "completed", 1, 1)
    answer = _post_statement(site, f"/h5p/play/{token}/xapi", statement)
    return _refused(answer, "a 'completed' statement with the page's play token was recorded")


def forged_h5p_passed_as_soon_as_opened(site):
    player_url, _token = _h5p_player(site)
    statement, attempt_url = _statement(site, player_url, "passed", 1, 1)
    answer = _post_statement(site, attempt_url, statement)
    return _refused(answer, "a 'passed' statement posted right after opening the player was recorded")


def h5p_statement_claiming_another_maximum(site):
    player_url, _token = _h5p_player(site)
    statement, attempt_url = _statement(site, player_url, "answered", 100, 100)
    early = _post_statement(site, attempt_url, statement)
    numbers = re.findall(r"\d+", early.text)
    if early.status == 400 and numbers and "100" not in early.text:
        # Too soon: let the attempt's plausible time pass, so only the maximum is in question.
        time.sleep(int(numbers[-1]) + 1)
    answer = _post_statement(site, attempt_url, statement)
    return _refused(answer, "a statement claiming 100/100 on a one-point item was recorded")


CHECKS = [
    mark_every_lesson_done_at_once,
    heartbeat_flood_adds_no_time,
    forged_h5p_completed_without_playing,
    forged_h5p_passed_as_soon_as_opened,
    h5p_statement_claiming_another_maximum,
]
