"""The bank: saving an item as a new version when it changed, importing GIFT and Moodle XML files, exporting."""

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from lms.core.jobs import ImportTally
from lms.core.sanitize import clean_html

from ..formats import ItemError, ParsedQuestion, ParseResult, QType
from ..formats.gift import parse_gift
from ..formats.moodle_xml import export_moodle_xml, parse_moodle_xml
from ..models import Question, QuestionCategory, QuestionVersion, Skill, Subject
from ..models.bank import fingerprint


def save_question(question, parsed: ParsedQuestion, *, user=None, audio=None):
    """Store ``parsed`` as the item's content. A new version is made only when the content changed."""
    text = clean_html(parsed.text)
    feedback = clean_html(parsed.general_feedback)
    data = _clean_data(parsed.qtype, parsed.data)
    print_ = fingerprint(parsed.qtype, text, data, feedback)
    current = question.current_version if question.pk else None
    question.qtype = parsed.qtype
    if not question.name:
        question.name = parsed.name[:255]
    same = current is not None and question.fingerprint == print_ and (audio is None or audio == current.audio)
    with transaction.atomic():
        question.fingerprint = print_
        question.save()
        if same:
            return question, False
        number = (question.versions.aggregate(n=Max("number"))["n"] or 0) + 1
        version = QuestionVersion.objects.create(
            question=question,
            qtype=parsed.qtype,
            number=number,
            text=text,
            data=data,
            general_feedback=feedback,
            audio=audio if audio is not None else (current.audio if current else ""),
            created_by=user,
        )
        question.current_version = version
        question.save(update_fields=["current_version"])
    return question, True


def _clean_data(qtype, data):
    """Option texts and feedback are HTML from a file: they pass the one sanitising policy too."""
    data = dict(data)
    if qtype in (QType.SINGLE, QType.MULTIPLE):
        data["options"] = [
            {**o, "text": clean_html(o["text"]), "feedback": clean_html(o.get("feedback", ""))} for o in data["options"]
        ]
    elif qtype == QType.MATCHING:
        data["pairs"] = [{**p, "prompt": clean_html(p["prompt"])} for p in data["pairs"]]
    return data


def parse_file(filename, content):
    """Pick the parser by the file's name and content: Moodle XML starts with ``<``, anything else is GIFT."""
    raw = bytes(content) if isinstance(content, bytes | memoryview) else content.encode()
    if b"\x00" in raw:
        return ParseResult(questions=[], errors=[ItemError(0, _("This is not a text file."))])
    if filename.lower().endswith(".xml") or raw.lstrip()[:1] == b"<":
        return parse_moodle_xml(raw)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return ParseResult(questions=[], errors=[ItemError(0, _("The file is not UTF-8 text."))])
    return parse_gift(text)


def import_questions(category, filename, content, *, user=None, skill="", level=""):
    """Add every good item of a GIFT or Moodle XML file to ``category``; report each bad one.

    Neither format carries our skill and level tags, so a file is imported with one of each (files are
    usually kept one per section). An item whose content is already in the category is counted as
    unchanged, so importing the same file again adds nothing.
    """
    result = parse_file(filename, content)
    tally = ImportTally()
    for error in result.errors:
        tally.fail({"position": error.position, "line": error.line, "reason": str(error.reason)})
    known = set(Question.objects.filter(category=category).values_list("fingerprint", flat=True))
    for _position, parsed in result.questions:
        question = Question(category=category, skill=skill or Skill.GENERAL, level=level or "")
        question, _created = _import_one(question, parsed, known, user)
        if question is None:
            tally.count("unchanged")
        else:
            known.add(question.fingerprint)
            tally.count("created")
    return tally


def _import_one(question, parsed, known, user):
    data = _clean_data(parsed.qtype, parsed.data)
    if fingerprint(parsed.qtype, clean_html(parsed.text), data, clean_html(parsed.general_feedback)) in known:
        return None, False
    return save_question(question, parsed, user=user)


def summary(report):
    """The last line of an import, as scripts read it: ``imported N, unchanged M, failed K``."""
    return f"imported {report.created}, unchanged {report.unchanged}, failed {report.failed}"


def category_named(name, *, centre=None, subject=None):
    """The category called ``name``, created (for ``centre``, or national) when missing."""
    category, _created = QuestionCategory.objects.get_or_create(
        name=name.strip(), defaults={"centre": centre, "subject": subject or Subject.OTHER}
    )
    return category


def export_category(category):
    """The category's current items as Moodle XML bytes."""
    questions = Question.objects.filter(category=category, current_version__isnull=False).select_related(
        "current_version"
    )
    parsed = [
        ParsedQuestion(
            qtype=q.qtype,
            name=q.name,
            text=q.current_version.text,
            data=q.current_version.data,
            general_feedback=q.current_version.general_feedback,
        )
        for q in questions
    ]
    return export_moodle_xml(parsed, category.name)
