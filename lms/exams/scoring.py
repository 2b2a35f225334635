"""Checking and scoring responses: pure functions of an item's data and what the candidate sent.

A response is plain JSON: an option id (single), a list of option ids (multiple), a boolean
(true/false), ``{pair id: answer}`` (matching), or text (short answer, numeric). ``None`` is unanswered.
"""

import re
from decimal import Decimal

from django.utils.translation import gettext as _

from .formats import QType

MAX_TEXT_ANSWER = 500


class InvalidResponse(ValueError):
    def __init__(self, message, position=None):
        super().__init__(message)
        self.position = position


def choices_for(qtype, data):
    """What the candidate chooses from, in file order, before shuffling."""
    if qtype in (QType.SINGLE, QType.MULTIPLE):
        return [option["id"] for option in data["options"]]
    if qtype == QType.MATCHING:
        answers = [pair["answer"] for pair in data["pairs"]] + list(data.get("distractors", []))
        return list(dict.fromkeys(answers))
    return []


def check_response(qtype, data, response):
    """Return ``response`` in its stored form, or raise :class:`InvalidResponse` saying what is wrong."""
    if response is None or response == "" or response == []:
        return None
    if qtype == QType.SINGLE:
        if not isinstance(response, str) or response not in choices_for(qtype, data):
            raise InvalidResponse(_("That option is not part of this question."))
        return response
    if qtype == QType.MULTIPLE:
        if not isinstance(response, list) or not all(isinstance(r, str) for r in response):
            raise InvalidResponse(_("That option is not part of this question."))
        if not set(response) <= set(choices_for(qtype, data)):
            raise InvalidResponse(_("That option is not part of this question."))
        return sorted(set(response))
    if qtype == QType.TRUE_FALSE:
        if not isinstance(response, bool):
            raise InvalidResponse(_("Answer true or false."))
        return response
    if qtype == QType.MATCHING:
        pair_ids = {pair["id"] for pair in data["pairs"]}
        # Browsers may collapse the spaces of an option's text: match choices by their words.
        allowed = {_spaces(choice): choice for choice in choices_for(qtype, data)}
        if not isinstance(response, dict) or not set(response) <= pair_ids:
            raise InvalidResponse(_("That matching does not belong to this question."))
        chosen = {}
        for key, value in response.items():
            if value in ("", None):
                continue
            if not isinstance(value, str) or _spaces(value) not in allowed:
                raise InvalidResponse(_("That option is not part of this question."))
            chosen[key] = allowed[_spaces(value)]
        return chosen or None
    if qtype in (QType.SHORT, QType.NUMERIC):
        if not isinstance(response, str):
            raise InvalidResponse(_("Type the answer as text."))
        if "\x00" in response:
            raise InvalidResponse(_("Type the answer as text."))
        if len(response) > MAX_TEXT_ANSWER:
            raise InvalidResponse(_("An answer is at most %(limit)d characters long.") % {"limit": MAX_TEXT_ANSWER})
        return response.strip() or None
    raise InvalidResponse(_("This question type cannot be answered."))


def _spaces(text):
    return re.sub(r"\s+", " ", text.strip())


def _normalise(text, case_sensitive):
    text = _spaces(text)
    return text if case_sensitive else text.casefold()


def _number(text):
    cleaned = text.strip().replace(",", "").replace(" ", "")
    try:
        return float(cleaned)
    except ValueError:
        return None


def score_response(qtype, data, response):
    """The fraction of the item's mark earned, from 0 to 1."""
    if response is None:
        return Decimal(0)
    if qtype == QType.SINGLE:
        fraction = next((o["fraction"] for o in data["options"] if o["id"] == response), 0)
    elif qtype == QType.MULTIPLE:
        fraction = _multiple(data["options"], response)
    elif qtype == QType.TRUE_FALSE:
        fraction = 1 if response == data["answer"] else 0
    elif qtype == QType.MATCHING:
        right = sum(1 for pair in data["pairs"] if response.get(pair["id"]) == pair["answer"])
        fraction = right / len(data["pairs"])
    elif qtype == QType.SHORT:
        case_sensitive = data.get("case_sensitive", False)
        given = _normalise(response, case_sensitive)
        fraction = max(
            (a["fraction"] for a in data["answers"] if _normalise(a["text"], case_sensitive) == given), default=0
        )
    elif qtype == QType.NUMERIC:
        value = _number(response)
        fraction = (
            0
            if value is None
            else max(
                (a["fraction"] for a in data["answers"] if abs(value - a["value"]) <= a.get("tolerance", 0)),
                default=0,
            )
        )
    else:
        fraction = 0
    return min(Decimal(1), max(Decimal(0), Decimal(str(round(fraction, 4)))))


def _multiple(options, chosen):
    """The weights of the chosen options. An option weighted 0 costs as much as a right one earns on
    average, so ticking every box does not earn full marks where the file set no penalties."""
    right = [o["fraction"] for o in options if o["fraction"] > 0]
    penalty = sum(right) / len(right) if right else 0
    return sum(o["fraction"] if o["fraction"] != 0 else -penalty for o in options if o["id"] in chosen)


def band_for(percent, cut_scores):
    """The band of the highest cut score not above ``percent``; "" below every cut."""
    band = ""
    for cut in sorted(cut_scores, key=lambda c: c.min_percent):
        if percent >= cut.min_percent:
            band = cut.band
    return band
