"""Moodle XML question files: read into ParsedQuestions, and ParsedQuestions written back for Moodle.

Reading goes through defusedxml with DTDs refused outright: Moodle never writes one, and refusing them
stops entity-expansion bombs and external entities before anything is expanded or fetched.

Read: multichoice, truefalse, matching, shortanswer and numerical questions, and category pseudo-questions
(the last one names ParseResult.category). Text whose ``format`` is not "html" is plain text. Embedded
``<file>`` elements, units, hints, tags and the combined feedback are ignored, as is a numerical
question's "*" answer (any other value), which awards nothing. Every other question type (essay, cloze,
description, calculated, drag and drop, random...) is reported as unsupported for its item.

Written: a category question, then each question with its texts as HTML and fractions as Moodle's
percentages ("100", "50", "-33.33333").
"""

import logging
import re
from xml.etree.ElementTree import Element, SubElement, indent, tostring

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, fromstring
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from . import (
    FormatError,
    ItemError,
    ParsedQuestion,
    ParseResult,
    QType,
    category_name,
    fraction_from_percent,
    item_error,
    parse_number,
    percent_from_fraction,
    plain_to_html,
    validate,
)

logger = logging.getLogger(__name__)

# Characters XML 1.0 cannot carry; text from a GIFT file may hold them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def parse_moodle_xml(data: bytes) -> ParseResult:
    result = ParseResult()
    try:
        root = _read_quiz(data)
    except FormatError as error:
        result.errors.append(ItemError(position=0, reason=str(error)))
        return result

    position = 0
    for element in root.findall("question"):
        qtype = element.get("type", "")
        if qtype == "category":
            result.category = category_name(_text(element.find("category")))
            continue
        position += 1
        try:
            result.questions.append((position, _parse_question(element, qtype)))
        except FormatError as error:
            result.errors.append(item_error(position, str(error), _item_label(element)))
        except Exception:
            # A bug in reading one question must not cost the teacher the rest of the file.
            logger.exception("Moodle XML question %s could not be read", position)
            result.errors.append(item_error(position, _("this question could not be read"), _item_label(element)))
    return result


def _read_quiz(data: bytes) -> Element:
    try:
        root = fromstring(data, forbid_dtd=True)
    except ParseError as error:
        raise FormatError(
            _("the file is not valid XML (error at line %(line)s)") % {"line": error.position[0]}
        ) from None
    except DefusedXmlException:
        raise FormatError(_("the file declares a DTD or entities, which question files never have")) from None
    except LookupError:
        raise FormatError(_("the file's character encoding is not supported: save it as UTF-8")) from None
    if root.tag != "quiz":
        raise FormatError(
            _("this is not a Moodle question file: its root element is “%(tag)s”, not “quiz”") % {"tag": root.tag}
        )
    return root


def _text(element: Element | None) -> str:
    """The <text> child's content; old files put a category's path straight in the element."""
    if element is None:
        return ""
    text = element.find("text")
    return (text.text if text is not None else element.text) or ""


def _html(element: Element | None, default_format: str = "html") -> str:
    if element is None:
        return ""
    text = _text(element).strip()
    return text if element.get("format", default_format) == "html" else plain_to_html(text)


def _plain(element: Element) -> str:
    return (element.findtext("text") or "").strip()


def _fraction(answer: Element) -> float:
    return fraction_from_percent(answer.get("fraction", "0"))


def _item_label(element: Element) -> str:
    return _text(element.find("name")) or strip_tags(_text(element.find("questiontext")))


def _parse_question(element: Element, qtype: str) -> ParsedQuestion:
    if qtype not in _READERS:
        raise FormatError(_("unsupported question type “%(type)s”") % {"type": qtype})
    question_text = element.find("questiontext")
    if question_text is None:
        raise FormatError(_("the question has no question text"))
    text_format = question_text.get("format", "html")
    qtype, data = _READERS[qtype](element, text_format)
    return validate(
        ParsedQuestion(
            qtype=qtype,
            name=_text(element.find("name")).strip(),
            text=_html(question_text),
            data=data,
            general_feedback=_html(element.find("generalfeedback"), text_format),
        )
    )


def _answers(element: Element) -> list[Element]:
    answers = element.findall("answer")
    if not answers:
        raise FormatError(_("the question has no answers"))
    return answers


def _read_multichoice(element: Element, text_format: str) -> tuple[str, dict]:
    single = (element.findtext("single") or "true").strip() in ("true", "1")
    options = [
        {
            "id": f"o{number}",
            "text": _html(answer, text_format),
            "fraction": _fraction(answer),
            "feedback": _html(answer.find("feedback"), text_format),
        }
        for number, answer in enumerate(_answers(element), start=1)
    ]
    return (QType.SINGLE if single else QType.MULTIPLE), {"options": options}


def _read_truefalse(element: Element, text_format: str) -> tuple[str, dict]:
    answers = {_plain(answer).lower(): answer for answer in _answers(element)}
    if set(answers) != {"true", "false"}:
        if len(answers) != 2:
            raise FormatError(_("a true/false question needs one “true” and one “false” answer"))
        # Old Moodle exports wrote the answers in the teacher's language, always true first.
        answers = dict(zip(("true", "false"), answers.values(), strict=True))
    true_right, false_right = (_fraction(answers[value]) == 1 for value in ("true", "false"))
    if true_right == false_right:
        raise FormatError(_("exactly one of “true” and “false” must be worth 100%"))
    return QType.TRUE_FALSE, {
        "answer": true_right,
        "feedback_true": _html(answers["true"].find("feedback"), text_format),
        "feedback_false": _html(answers["false"].find("feedback"), text_format),
    }


def _read_matching(element: Element, text_format: str) -> tuple[str, dict]:
    pairs, distractors = [], []
    for subquestion in element.findall("subquestion"):
        prompt = _html(subquestion, text_format)
        answer = (subquestion.findtext("answer/text") or "").strip()
        if prompt:
            pairs.append({"id": f"p{len(pairs) + 1}", "prompt": prompt, "answer": answer})
        elif answer:
            distractors.append(answer)
    return QType.MATCHING, {"pairs": pairs, "distractors": distractors}


def _read_shortanswer(element: Element, text_format: str) -> tuple[str, dict]:
    answers = [
        {"text": _plain(answer), "fraction": _fraction(answer), "feedback": _html(answer.find("feedback"), text_format)}
        for answer in _answers(element)
    ]
    return QType.SHORT, {"answers": answers, "case_sensitive": (element.findtext("usecase") or "").strip() == "1"}


def _read_numerical(element: Element, text_format: str) -> tuple[str, dict]:
    answers = [
        {
            "value": parse_number(_plain(answer)),
            "tolerance": parse_number(answer.findtext("tolerance") or "0"),
            "fraction": _fraction(answer),
            "feedback": _html(answer.find("feedback"), text_format),
        }
        for answer in _answers(element)
        if _plain(answer) not in ("", "*")
    ]
    return QType.NUMERIC, {"answers": answers}


_READERS = {
    "multichoice": _read_multichoice,
    "truefalse": _read_truefalse,
    "matching": _read_matching,
    "shortanswer": _read_shortanswer,
    "numerical": _read_numerical,
}


def export_moodle_xml(questions: list[ParsedQuestion], category: str) -> bytes:
    quiz = Element("quiz")
    category_question = SubElement(quiz, "question", type="category")
    path = "$course$/top" + ("/" + category.replace("/", "//") if category else "")
    _add_text(category_question, "category", path, None)
    for question in questions:
        quiz.append(_write_question(question))
    indent(quiz)
    return tostring(quiz, encoding="utf-8", xml_declaration=True)


def _add_text(parent: Element, tag: str, text: str, text_format: str | None = "html", **attributes) -> Element:
    element = SubElement(parent, tag, attributes)
    if text_format:
        element.set("format", text_format)
    SubElement(element, "text").text = _NOT_XML.sub("", text)
    return element


def _write_question(question: ParsedQuestion) -> Element:
    data = question.data
    moodle_type = {
        QType.SINGLE: "multichoice",
        QType.MULTIPLE: "multichoice",
        QType.TRUE_FALSE: "truefalse",
        QType.MATCHING: "matching",
        QType.SHORT: "shortanswer",
        QType.NUMERIC: "numerical",
    }[question.qtype]
    element = Element("question", type=moodle_type)
    _add_text(element, "name", question.name, None)
    _add_text(element, "questiontext", question.text)
    _add_text(element, "generalfeedback", question.general_feedback)
    SubElement(element, "defaultgrade").text = "1"

    if moodle_type == "multichoice":
        SubElement(element, "single").text = "true" if question.qtype == QType.SINGLE else "false"
        SubElement(element, "shuffleanswers").text = "true"
        SubElement(element, "answernumbering").text = "abc"
        for option in data["options"]:
            answer = _add_text(element, "answer", option["text"], fraction=percent_from_fraction(option["fraction"]))
            _add_text(answer, "feedback", option["feedback"])
    elif moodle_type == "truefalse":
        for value, feedback in ((True, data["feedback_true"]), (False, data["feedback_false"])):
            fraction = "100" if value == data["answer"] else "0"
            answer = _add_text(element, "answer", str(value).lower(), "moodle_auto_format", fraction=fraction)
            _add_text(answer, "feedback", feedback)
    elif moodle_type == "matching":
        SubElement(element, "shuffleanswers").text = "true"
        prompts = [(pair["prompt"], pair["answer"]) for pair in data["pairs"]]
        for prompt, match in prompts + [("", distractor) for distractor in data["distractors"]]:
            subquestion = _add_text(element, "subquestion", prompt)
            _add_text(subquestion, "answer", match, None)
    elif moodle_type == "shortanswer":
        SubElement(element, "usecase").text = "1" if data["case_sensitive"] else "0"
        for item in data["answers"]:
            fraction = percent_from_fraction(item["fraction"])
            answer = _add_text(element, "answer", item["text"], "moodle_auto_format", fraction=fraction)
            _add_text(answer, "feedback", item["feedback"])
    else:
        for item in data["answers"]:
            fraction = percent_from_fraction(item["fraction"])
            answer = _add_text(element, "answer", _number(item["value"]), "moodle_auto_format", fraction=fraction)
            _add_text(answer, "feedback", item["feedback"])
            SubElement(answer, "tolerance").text = _number(item["tolerance"])
    return element


def _number(value: float) -> str:
    return repr(float(value)).removesuffix(".0")
