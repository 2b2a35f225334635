"""Hostile checks of the Testing Center against the demo: reading the answer key off the page, answers
the form does not hold, bank ids and answers after submitting, recordings that name their answer.

Logins: the demo teachers ``teacher_*`` (not the README's ``trainee``, whose attempts people try by
hand). The placement test allows three attempts. The two blind checks each submit one attempt per run,
taken from the first of their logins with an attempt left, so a fresh demo serves several runs; when
all are used they are SKIPPED (reload the demo's database to start again: ``rm var/db.sqlite3; make
demo``). The other checks work in an attempt they leave open (resumed on the next run), which costs an
attempt only when its 30 minutes run out between runs. Submitting may issue the level's certificate.
"""

import json
import re

from .client import Skip

PLACEMENT = "แบบทดสอบวัดระดับภาษาอังกฤษ"
BLIND_LOWEST = ("teacher_bkk1", "teacher_ska1", "teacher_cm2")
BLIND_FIRST = ("teacher_kk2", "teacher_cm1")
PROBING = ("teacher_kk1", "teacher_cm2", "teacher_ska1")
NEAR_PERFECT = 85
FIELDSET = re.compile(r'<fieldset[^>]*data-position="(\d+)" data-qtype="(\w+)">(.*?)</fieldset>', re.S)


def _placement_id(site):
    page = site.get("/tests/")
    for href, text in re.findall(r'<a href="/tests/(\d+)/"[^>]*>(.*?)</a>', page.text, re.S):
        if PLACEMENT in text:
            return href
    raise Skip("the demo's English placement test is not listed at /tests/")


def _attempt(site, logins):
    """Sign in as the first of ``logins`` who can sit the placement test; return (site, attempt id, page)."""
    for login in logins:
        visitor = site.visitor().login(login)
        exam = _placement_id(visitor)
        _page, token = visitor.form_token(f"/tests/{exam}/")
        started = visitor.post(f"/tests/{exam}/start/", {"csrfmiddlewaretoken": token or ""})
        match = re.search(r"/tests/attempt/(\d+)/$", started.headers.get("Location", ""))
        if started.status == 302 and match:
            attempt = match.group(1)
            return visitor, attempt, visitor.get(f"/tests/attempt/{attempt}/").text
    raise Skip(f"{', '.join(logins)} have used every attempt at the placement test; reload the demo")


def _questions(page):
    """Per position: the type, and the values (or, for matching, the prompts and choices) in page order."""
    questions = {}
    for position, qtype, body in FIELDSET.findall(page):
        if qtype == "matching":
            prompts = re.findall(r'<select name="q\d+\.([^"]+)"', body)
            choices = [v for v in re.findall(r'<option value="([^"]*)"', body) if v]
            questions[position] = (qtype, prompts, choices[: len(choices) // max(1, len(prompts))])
        else:
            questions[position] = (qtype, re.findall(r'<input[^>]*value="([^"]*)"', body), [])
    return questions


def _blind(page, pick):
    answers = {}
    for position, (qtype, values, choices) in _questions(page).items():
        if qtype == "matching":
            answers[position] = {prompt: pick(choices) for prompt in values}
        elif qtype == "multiple" and values:
            answers[position] = [pick(values)]
        elif qtype in ("single", "truefalse") and values:
            answers[position] = pick(values)
    return answers


def _sit_blind(site, logins, pick, how):
    visitor, attempt, page = _attempt(site, logins)
    saved = visitor.post_json(f"/tests/attempt/{attempt}/save/", {"answers": _blind(page, pick)})
    if saved.status != 200:
        return False, f"the blind answers were not saved (HTTP {saved.status}): {saved.text[:200]}"
    _page, token = visitor.form_token(f"/tests/attempt/{attempt}/")
    visitor.post(f"/tests/attempt/{attempt}/submit/", {"csrfmiddlewaretoken": token or ""})
    result = visitor.get(f"/tests/attempt/{attempt}/result/").text
    match = re.search(r'stat__value">([\d.]+)%', result)
    if not match:
        raise Skip("the result page shows no score")
    percent = float(match.group(1))
    refused = percent < NEAR_PERFECT
    return refused, f"always picking {how} scored {percent:g}% (near-perfect is {NEAR_PERFECT}% or more)"


def blind_lowest_value_scores_at_chance(site):
    """The attack of issue 12: the option whose value sorts first (o1) was the key, 13/13 and C2."""
    return _sit_blind(site, BLIND_LOWEST, min, "the option whose value sorts first")


def blind_first_option_scores_at_chance(site):
    return _sit_blind(site, BLIND_FIRST, lambda values: values[0], "the first option on the page")


def page_carries_no_bank_ids(site):
    _visitor, _attempt_id, page = _attempt(site, PROBING)
    found = re.findall(r'value="([op]\d+)"|name="q\d+\.(p\d+)"', page)
    if found:
        return False, f"the page carries the bank's option ids: {found[:5]}"
    return True, "options, prompts and choices carry opaque values only"


def bank_id_as_answer_is_refused(site):
    visitor, attempt, page = _attempt(site, PROBING)
    position = next((p for p, (qtype, _v, _c) in _questions(page).items() if qtype == "single"), None)
    if position is None:
        raise Skip("no single-choice item on this form")
    response = visitor.post_json(f"/tests/attempt/{attempt}/save/", {"answers": {position: "o1"}})
    return response.status == 400, f"posting the bank's id o1 as an answer: HTTP {response.status}"


def answer_for_an_item_not_on_the_form_is_refused(site):
    visitor, attempt, page = _attempt(site, PROBING)
    questions = _questions(page)
    position, (qtype, values, _choices) = next(
        (p, q) for p, q in questions.items() if q[0] in ("single", "truefalse") and q[1]
    )
    outside = str(max(int(p) for p in questions) + 1)
    response = visitor.post_json(
        f"/tests/attempt/{attempt}/save/", {"answers": {position: values[-1], outside: values[-1]}}
    )
    again = visitor.get(f"/tests/attempt/{attempt}/").text
    kept = f'value="{values[-1]}" checked' in again
    refused = response.status == 400 and not kept
    return refused, f"an answer for question {outside} of a {len(questions)}-item form: HTTP {response.status}" + (
        ", and the batch's other answer was kept" if kept else ", nothing of the batch kept"
    )


def answers_after_submitting_are_refused(site):
    for login in BLIND_LOWEST + BLIND_FIRST:
        visitor = site.visitor().login(login)
        exam = _placement_id(visitor)
        submitted = re.findall(r'href="/tests/attempt/(\d+)/result/"', visitor.get(f"/tests/{exam}/").text)
        if submitted:
            attempt = submitted[0]
            response = visitor.post_json(f"/tests/attempt/{attempt}/save/", {"answers": {"1": None}})
            closed = response.status == 409 and json.loads(response.body).get("closed")
            return bool(closed), f"a save to submitted attempt {attempt}: HTTP {response.status}"
    raise Skip("no submitted placement attempt yet (the blind checks make one)")


def recordings_do_not_name_their_answer(site):
    visitor, _attempt_id, page = _attempt(site, PROBING)
    sources = re.findall(r'<audio[^>]*src="([^"]+)"', page)
    if not sources:
        raise Skip("no listening item on this form")
    for source in sources:
        response = visitor.get(source)
        named = response.headers.get("Content-Disposition", "") + response.headers.get("Location", "")
        if response.status not in (200, 206) or re.search(r"book|room|meeting", named, re.I):
            return False, f"{source}: HTTP {response.status}, {named!r}"
    return True, f"{len(sources)} recording(s) served under neutral names"


CHECKS = [
    blind_lowest_value_scores_at_chance,
    blind_first_option_scores_at_chance,
    page_carries_no_bank_ids,
    bank_id_as_answer_is_refused,
    answer_for_an_item_not_on_the_form_is_refused,
    answers_after_submitting_are_refused,
    recordings_do_not_name_their_answer,
]
