"""GIFT, Moodle's plain-text question format, read the way Moodle's own importer (qformat_gift) reads it.

Items are separated by blank lines; whole-line ``//`` comments are dropped and ``$CATEGORY:`` lines set
the category. An item is ``::title::`` (optional), the question text with an optional ``[html]``,
``[moodle]``, ``[plain]`` or ``[markdown]`` marker, and one answer block in braces; text after the block
makes a "missing word" question, whose blank is shown as "_____". ``\\~ \\= \\# \\{ \\} \\: \\\\`` and
``\\n`` are escapes. Only ``[html]`` text is kept as HTML; the other formats are plain text.

Answer blocks: ``{=right ~wrong ~%50%half}`` (single choice, or multiple choice when no option starts
with "="), ``{T}`` ``{FALSE#wrong#right}`` (true/false; capitals only, as in Moodle, so ``{true}`` is
a short answer), ``{=a =%50%b}`` (short answer), ``{=prompt -> answer = -> distractor}`` (matching) and
``{#42:0.5}``, ``{#40..44}``, ``{#=42 =%50%42:2}`` (numeric). ``#`` starts an option's feedback and
``####`` the general feedback.

Not supported, each reported as an error for its item: descriptions (no answer block) and essays
(empty answer block). A numeric block's "~feedback for any other answer" is dropped, since it awards
nothing and the data has no catch-all answer.
"""

import logging
import re
from itertools import pairwise

from django.utils.translation import gettext as _

from . import (
    FormatError,
    ParsedQuestion,
    ParseResult,
    QType,
    category_name,
    fraction_from_percent,
    item_error,
    label,
    parse_number,
    percent_from_fraction,
    plain_to_html,
    validate,
)

logger = logging.getLogger(__name__)

# The escapes Moodle knows; a backslash before any other character is kept as written.
_ESCAPE = re.compile(r"\\([\\:#={}~n])")
_FORMAT = re.compile(r"\[(html|moodle|plain|markdown)\]")
_WEIGHT = re.compile(r"%([^%\s]*)%")
_TRUE_FALSE = {"T": True, "TRUE": True, "F": False, "FALSE": False}


def parse_gift(text: str) -> ParseResult:
    result = ParseResult()
    position = 0
    for lines in _blocks(text):
        while lines and lines[0][1].startswith("$CATEGORY:"):
            result.category = category_name(lines.pop(0)[1].removeprefix("$CATEGORY:"))
        if not lines:
            continue
        position += 1
        raw = "\n".join(line for _number, line in lines)
        try:
            result.questions.append((position, _parse_item(raw)))
        except FormatError as error:
            result.errors.append(item_error(position, str(error), _item_label(raw), lines[0][0]))
        except Exception:
            # A bug in reading one item must not cost the teacher the rest of the file.
            logger.exception("GIFT item %s could not be read", position)
            result.errors.append(item_error(position, _("this item could not be read"), _item_label(raw), lines[0][0]))
    return result


def _blocks(text: str):
    """Yield each blank-line-separated block as [(line number, stripped line)], comment lines left out."""
    block = []
    lines = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for number, line in enumerate(lines, start=1):
        line = line.strip()
        if not line:
            if block:
                yield block
            block = []
        elif not line.startswith("//"):
            block.append((number, line))
    if block:
        yield block


def _mask(raw: str) -> str:
    """raw with every escape blanked out, same length, so searches find only the characters that count."""
    return _ESCAPE.sub("\0\0", raw)


def _find(raw: str, sub: str, start: int = 0) -> int:
    return _mask(raw).find(sub, start)


def _split(raw: str, separators: str, maxsplit: int = -1) -> list[str]:
    """Cut raw at unescaped separators; every piece but the first starts with the separator that cut it."""
    cuts = [i for i, char in enumerate(_mask(raw)) if char in separators]
    if maxsplit >= 0:
        cuts = cuts[:maxsplit]
    return [raw[start:end] for start, end in pairwise([0, *cuts, len(raw)])]


def _unescape(raw: str) -> str:
    return _ESCAPE.sub(lambda match: "\n" if match[1] == "n" else match[1], raw)


def _split_format(raw: str, default: str) -> tuple[str, str]:
    raw = raw.strip()
    match = _FORMAT.match(raw)
    return (match[1], raw[match.end() :]) if match else (default, raw)


def _html(raw: str, default_format: str) -> str:
    text_format, raw = _split_format(raw, default_format)
    text = _unescape(raw).strip()
    return text if text_format == "html" else plain_to_html(text)


def _plain(raw: str) -> str:
    return _unescape(raw).strip()


def _with_feedback(raw: str) -> tuple[str, str]:
    head, *feedback = _split(raw, "#", 1)
    return head, feedback[0][1:] if feedback else ""


def _weight(raw: str, default: float) -> tuple[float, str]:
    raw = raw.lstrip()
    match = _WEIGHT.match(raw)
    if not match:
        return default, raw
    return fraction_from_percent(match[1]), raw[match.end() :]


def _item_label(raw: str) -> str:
    if raw.startswith("::"):
        end = _find(raw, "::", 2)
        if end > 2:
            return _unescape(raw[2:end])
    return _unescape(raw)


def _parse_item(raw: str) -> ParsedQuestion:
    name = ""
    if raw.startswith("::"):
        end = _find(raw, "::", 2)
        if end < 0:
            raise FormatError(_("the title is not closed with “::”"))
        name = _plain(raw[2:end])
        raw = raw[end + 2 :].strip()

    masked = _mask(raw)
    start, end = masked.find("{"), masked.find("}")
    if start < 0 and end < 0:
        raise FormatError(_("no answer block (descriptions and essays are not supported)"))
    if start < 0 or start > end >= 0:
        raise FormatError(_("“}” has no matching “{” (write \\} for a brace in the text)"))
    if end < 0 or 0 <= masked.find("{", start + 1) < end:
        raise FormatError(_("“{” is not closed with “}”"))
    if masked.find("{", end) >= 0 or masked.find("}", end + 1) >= 0:
        raise FormatError(_("a question can have only one answer block (write \\{ and \\} for braces in the text)"))

    after = raw[end + 1 :]
    question_text = raw[:start] + ("_____" + after if after.strip() else "")
    text_format = _split_format(question_text, "moodle")[0]
    answer = raw[start + 1 : end].strip()
    general_feedback = ""
    separator = _mask(answer).rfind("####")
    if separator >= 0:
        general_feedback = _html(answer[separator + 4 :], text_format)
        answer = answer[:separator].strip()

    if not answer:
        raise FormatError(_("the answer block is empty (essays are not supported)"))
    if answer.startswith("#"):
        qtype, data = QType.NUMERIC, _numeric(answer[1:], text_format)
    elif _find(answer, "~") >= 0:
        qtype, data = _choice(answer, text_format)
    elif "->" in answer:
        qtype, data = QType.MATCHING, _matching(answer, text_format)
    elif _with_feedback(answer)[0].strip() in _TRUE_FALSE:
        qtype, data = QType.TRUE_FALSE, _true_false(answer, text_format)
    else:
        qtype, data = QType.SHORT, _short(answer, text_format)
    return validate(
        ParsedQuestion(
            qtype=qtype,
            name=name,
            text=_html(question_text, "moodle"),
            data=data,
            general_feedback=general_feedback,
        )
    )


def _answer_pieces(answer: str) -> list[str]:
    """The "="-separated answers; like Moodle, text before the first "=" is an answer too."""
    head, *pieces = _split(answer, "=")
    return ([head] if head.strip() else []) + [piece[1:] for piece in pieces]


def _choice(answer: str, text_format: str) -> tuple[str, dict]:
    head, *pieces = _split(answer, "=~")
    if head.strip():
        # Moodle takes text before the first marker as one more wrong option.
        pieces.insert(0, "~" + head)
    options = []
    for number, piece in enumerate(pieces, start=1):
        if piece.startswith("="):
            fraction, body = 1.0, piece[1:]
        else:
            fraction, body = _weight(piece[1:], 0.0)
        text, feedback = _with_feedback(body)
        options.append(
            {
                "id": f"o{number}",
                "text": _html(text, text_format),
                "fraction": fraction,
                "feedback": _html(feedback, text_format),
            }
        )
    single = any(piece.startswith("=") for piece in pieces)
    return (QType.SINGLE if single else QType.MULTIPLE), {"options": options}


def _true_false(answer: str, text_format: str) -> dict:
    value, *feedback = _split(answer, "#", 2)
    wrong, right = ([_html(part[1:], text_format) for part in feedback] + ["", ""])[:2]
    correct = _TRUE_FALSE[value.strip()]
    return {
        "answer": correct,
        "feedback_true": right if correct else wrong,
        "feedback_false": wrong if correct else right,
    }


def _matching(answer: str, text_format: str) -> dict:
    head, *pieces = _split(answer, "=")
    if head.strip():
        raise FormatError(_("each matching pair must start with “=”"))
    pairs, distractors = [], []
    for piece in pieces:
        arrow = piece.find("->")
        if arrow < 0:
            raise FormatError(_("the matching pair “%(pair)s” has no “->”") % {"pair": label(_plain(piece[1:]))})
        prompt, match = piece[1:arrow], _plain(piece[arrow + 2 :])
        if prompt.strip():
            pairs.append({"id": f"p{len(pairs) + 1}", "prompt": _html(prompt, text_format), "answer": match})
        else:
            distractors.append(match)
    return {"pairs": pairs, "distractors": distractors}


def _short(answer: str, text_format: str) -> dict:
    answers = []
    for piece in _answer_pieces(answer):
        fraction, body = _weight(piece, 1.0)
        text, feedback = _with_feedback(body)
        answers.append({"text": _plain(text), "fraction": fraction, "feedback": _html(feedback, text_format)})
    return {"answers": answers, "case_sensitive": False}


def _numeric(answer: str, text_format: str) -> dict:
    catch_all = _find(answer, "~")
    if catch_all >= 0:
        answer = answer[:catch_all]
    answers = []
    for piece in _answer_pieces(answer):
        fraction, body = _weight(piece, 1.0)
        value, feedback = _with_feedback(body)
        value, tolerance = _numeric_value(_plain(value))
        answers.append(
            {"value": value, "tolerance": tolerance, "fraction": fraction, "feedback": _html(feedback, text_format)}
        )
    return {"answers": answers}


def _numeric_value(text: str) -> tuple[float, float]:
    """Value and tolerance from "42", "42:0.5" or the range "40..44"."""
    marker = text.find("..")
    if marker > 0:
        low, high = parse_number(text[:marker]), parse_number(text[marker + 2 :])
        return (low + high) / 2, (high - low) / 2
    marker = text.find(":")
    if marker > 0:
        return parse_number(text[:marker]), parse_number(text[marker + 1 :])
    return parse_number(text), 0.0


def _escape(text: str) -> str:
    return re.sub(r"([\\~=#{}:])", r"\\\1", text).replace("\n", "\\n")


def _exact(number: float) -> str:
    """The shortest text that reads back as the same float (``:g`` would round 1234567 to 1.23457e+06)."""
    text = repr(float(number))
    return text[:-2] if text.endswith(".0") else text


def _weighted(fraction: float, marker: str) -> str:
    return marker if fraction == 1 and marker == "=" else f"{marker}%{percent_from_fraction(fraction)}%"


def to_gift(qtype: str, text: str, data: dict, general_feedback: str = "") -> str:
    """One item written back as GIFT, with its HTML kept (``[html]``), so it can be edited and parsed again.

    Names are not written: the admin form keeps the name in its own field.
    """

    def feedback(value):
        return f"#{_escape(value)}" if value else ""

    if qtype in (QType.SINGLE, QType.MULTIPLE):
        pieces = []
        for option in data["options"]:
            fraction = option["fraction"]
            if qtype == QType.SINGLE and fraction == 1:
                marker = "="
            else:
                marker = "~" if fraction == 0 else f"~%{percent_from_fraction(fraction)}%"
            pieces.append(f"{marker}{_escape(option['text'])}{feedback(option.get('feedback', ''))}")
    elif qtype == QType.TRUE_FALSE:
        right, wrong = (
            (data["feedback_true"], data["feedback_false"])
            if data["answer"]
            else (data["feedback_false"], data["feedback_true"])
        )
        value = "TRUE" if data["answer"] else "FALSE"
        pieces = [value + (f"#{_escape(wrong)}#{_escape(right)}" if wrong or right else "")]
    elif qtype == QType.MATCHING:
        pieces = [f"={_escape(p['prompt'])} -> {_escape(p['answer'])}" for p in data["pairs"]]
        pieces += [f"= -> {_escape(d)}" for d in data.get("distractors", [])]
    elif qtype == QType.SHORT:
        pieces = [
            f"{_weighted(a['fraction'], '=')}{_escape(a['text'])}{feedback(a.get('feedback', ''))}"
            for a in data["answers"]
        ]
    else:
        pieces = [
            f"{_weighted(a['fraction'], '=')}{_exact(a['value'])}:{_exact(a['tolerance'])}"
            + feedback(a.get("feedback", ""))
            for a in data["answers"]
        ]
    block = "\n".join(pieces)
    if general_feedback:
        block += f"\n####{_escape(general_feedback)}"
    prefix = "#" if qtype == QType.NUMERIC else ""
    # Plain text reads better in the editor; "[html]" only when some text needs it.
    html_parts = [text, general_feedback, *_html_values(qtype, data)]
    marker = "[html]" if any(c in part for part in html_parts for c in "<&\n") else ""
    return f"{marker}{_escape(text)} {{{prefix}\n{block}\n}}"


def _html_values(qtype, data):
    if qtype in (QType.SINGLE, QType.MULTIPLE):
        return [v for o in data["options"] for v in (o["text"], o.get("feedback", ""))]
    if qtype == QType.MATCHING:
        return [p["prompt"] for p in data["pairs"]]
    if qtype == QType.TRUE_FALSE:
        return [data["feedback_true"], data["feedback_false"]]
    return [a.get("feedback", "") for a in data["answers"]]
