"""Question files teachers bring from Moodle: GIFT (:mod:`.gift`) and Moodle XML (:mod:`.moodle_xml`).

Both parsers turn a file into plain data, a :class:`ParseResult`, without touching the database. Every
question they accept is a :class:`ParsedQuestion` that has passed :func:`validate`, the one set of rules
both formats share; every item they refuse is an :class:`ItemError` saying where it is and why, and the
other items in the file still parse. The HTML in a ParsedQuestion is the teacher's as written: whoever
stores or shows it cleans it first with :func:`lms.core.sanitize.clean_html`.

``data`` holds, per question type (ids are "o1", "o2", ... and "p1", "p2", ... in file order)::

    single, multiple  {"options": [{"id", "text" (HTML), "fraction", "feedback" (HTML)}]}
    truefalse         {"answer": bool, "feedback_true": HTML, "feedback_false": HTML}
    matching          {"pairs": [{"id", "prompt" (HTML), "answer" (plain)}], "distractors": [plain]}
    short             {"answers": [{"text" (plain), "fraction", "feedback" (HTML)}], "case_sensitive": bool}
    numeric           {"answers": [{"value", "tolerance", "fraction", "feedback" (HTML)}]}

Fractions are floats in [-1, 1] with at most seven decimals, as Moodle stores them.
"""

import html
import math
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _


class QType:
    """The question types both formats can carry, as stored in ParsedQuestion.qtype."""

    SINGLE = "single"
    MULTIPLE = "multiple"
    TRUE_FALSE = "truefalse"
    MATCHING = "matching"
    SHORT = "short"
    NUMERIC = "numeric"


@dataclass
class ParsedQuestion:
    """One question ready to store: name ("" if none), text and general feedback as HTML, data per qtype."""

    qtype: str
    name: str
    text: str
    data: dict
    general_feedback: str = ""


@dataclass
class ItemError:
    """An item that could not be imported: its 1-based position among the file's items (0 for the whole
    file), a translated reason, and for GIFT the line the item starts on."""

    position: int
    reason: str
    line: int | None = None


@dataclass
class ParseResult:
    """(position, ParsedQuestion) pairs and ItemErrors in file order, and the last category named, if any."""

    questions: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    category: str = ""


class FormatError(Exception):
    """Why one item (or, at position 0, the whole file) cannot be imported; the message is translated."""


_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def parse_number(text: str) -> float:
    """A decimal number as people write it; float() alone would also take "nan", "inf" and "1_000"."""
    text = text.strip()
    if not _NUMBER.fullmatch(text):
        raise FormatError(_("“%(value)s” is not a number") % {"value": text})
    value = float(text)
    if not math.isfinite(value):
        raise FormatError(_("“%(value)s” is not a number") % {"value": text})
    return value


def fraction_from_percent(text: str) -> float:
    problem = FormatError(
        _("the weight “%(weight)s” is not a percentage between -100 and 100") % {"weight": text.strip()}
    )
    try:
        percent = parse_number(text)
    except FormatError:
        raise problem from None
    if not -100 <= percent <= 100:
        raise problem
    return round(percent / 100, 7)


def percent_from_fraction(fraction: float) -> str:
    """The percentage the way Moodle writes it: "100", "50", "-33.33333"."""
    text = f"{fraction * 100:.5f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def plain_to_html(text: str) -> str:
    return html.escape(text.strip(), quote=False).replace("\n", "<br>")


def category_name(path: str) -> str:
    """The last category of a Moodle path such as "$course$/top/English" ("//" is a "/" inside a name)."""
    parts = [part.replace("\0", "/").strip() for part in path.replace("//", "\0").split("/")]
    if parts and parts[0].startswith("$") and parts[0].endswith("$"):
        parts = parts[1:]
    if parts and parts[0] == "top":
        parts = parts[1:]
    return parts[-1] if parts else ""


def label(text: str, length: int = 40) -> str:
    """A short one-line excerpt that lets a teacher find the item an error is about."""
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1] + "…"


def item_error(position: int, problem: str, item: str, line: int | None = None) -> ItemError:
    item = label(item)
    reason = _("“%(item)s”: %(problem)s") % {"item": item, "problem": problem} if item else problem
    return ItemError(position=position, reason=reason, line=line)


def _is_full_credit(fraction: float) -> bool:
    return abs(fraction - 1) < 1e-6


def validate(question: ParsedQuestion) -> ParsedQuestion:
    """Raise FormatError unless the question can be asked and marked; return it otherwise."""
    if not question.text.strip():
        raise FormatError(_("the question text is empty"))
    data = question.data
    if question.qtype in (QType.SINGLE, QType.MULTIPLE):
        options = data["options"]
        if len(options) < 2:
            raise FormatError(_("a multiple-choice question needs at least two options"))
        if any(not option["text"].strip() for option in options):
            raise FormatError(_("an option is empty"))
        if question.qtype == QType.SINGLE:
            if not any(_is_full_credit(option["fraction"]) for option in options):
                raise FormatError(_("no correct option: one option must be worth 100%"))
        else:
            total = sum(option["fraction"] for option in options if option["fraction"] > 0)
            if total == 0:
                raise FormatError(_("no correct option: give the correct options positive weights"))
            if abs(total - 1) > 0.01:
                raise FormatError(
                    _("the positive weights add up to %(total)s%%, they must add up to 100%%")
                    % {"total": percent_from_fraction(total)}
                )
    elif question.qtype == QType.MATCHING:
        if len(data["pairs"]) < 2:
            raise FormatError(_("a matching question needs at least two pairs"))
        if any(not pair["answer"] for pair in data["pairs"]) or not all(data["distractors"]):
            raise FormatError(_("a matching answer is empty"))
    elif question.qtype in (QType.SHORT, QType.NUMERIC):
        answers = data["answers"]
        if not answers:
            raise FormatError(_("there is no answer"))
        if question.qtype == QType.SHORT and any(not answer["text"] for answer in answers):
            raise FormatError(_("an answer is empty"))
        if question.qtype == QType.NUMERIC and any(answer["tolerance"] < 0 for answer in answers):
            raise FormatError(_("a tolerance is negative"))
        if not any(_is_full_credit(answer["fraction"]) for answer in answers):
            raise FormatError(_("no answer is worth 100%"))
    return question
