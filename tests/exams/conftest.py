from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.utils import timezone, translation

from lms.exams.models import BlueprintRule, CutScore, Exam, Subject
from lms.exams.services.bank import category_named, import_questions
from lms.exams.values import ItemValues, encode_response

READING_B1 = "\n\n".join(f"::R{n}::Reading B1 item {n}. Pick A. {{=A{n} ~B{n} ~C{n} ~D{n}}}" for n in range(1, 7))
GRAMMAR_A2 = "\n\n".join(f"::G{n}::Grammar A2 item {n}. {{=right{n} ~wrong{n}}}" for n in range(1, 5))
LISTENING = "::L1::Is the sky blue? {T}\n\n::L2::Two plus two? {#4}\n\n::L3::Say hello. {=hello =hi}"

CEFR = [("A1", 0), ("A2", 20), ("B1", 40), ("B2", 60), ("C1", 80), ("C2", 95)]


def make_exam(category, *, rules, cuts=CEFR, centre=None, **fields):
    now = timezone.now()
    defaults = {
        "name_th": "ทดสอบภาษาอังกฤษ",
        "name_en": "English test",
        "subject": Subject.ENGLISH,
        "published": True,
        "opens_at": now - timedelta(days=1),
        "closes_at": now + timedelta(days=30),
        "time_limit_minutes": 30,
        "max_attempts": 2,
    }
    exam = Exam.objects.create(centre=centre, **{**defaults, **fields})
    for order, (skill, level, count) in enumerate(rules):
        BlueprintRule.objects.create(
            exam=exam, sort_order=order, category=category, skill=skill, level=level, count=count
        )
    for order, (band, start) in enumerate(cuts):
        CutScore.objects.create(exam=exam, sort_order=order, band=band, min_percent=start)
    return exam


@pytest.fixture(autouse=True)
def messages_in_english():
    """Service messages are checked in English, whatever language an earlier request left active."""
    with translation.override("en"):
        yield


@pytest.fixture
def bank(db):
    """An English bank: six reading B1, four grammar A2 and three listening items of other types."""
    category = category_named("English bank", subject=Subject.ENGLISH)
    import_questions(category, "r.gift", READING_B1, skill="reading", level="B1")
    import_questions(category, "g.gift", GRAMMAR_A2, skill="grammar", level="A2")
    import_questions(category, "l.gift", LISTENING, skill="listening", level="B1")
    return category


@pytest.fixture
def exam(bank):
    return make_exam(bank, rules=[("reading", "B1", 3), ("grammar", "A2", 2), ("listening", "B1", 3)])


def correct_answers(attempt):
    """The full-marks response for each position of ``attempt``, as its page would send it."""
    answers = {}
    for item in attempt.items.select_related("version__question"):
        data, qtype = item.version.data, item.version.qtype
        if qtype == "single":
            right = next(o["id"] for o in data["options"] if o["fraction"] == 1)
        elif qtype == "truefalse":
            right = data["answer"]
        elif qtype == "numeric":
            right = str(data["answers"][0]["value"])
        elif qtype == "short":
            right = data["answers"][0]["text"].upper()
        elif qtype == "matching":
            right = {pair["id"]: pair["answer"] for pair in data["pairs"]}
        else:
            continue
        answers[item.position] = encode_response(ItemValues(attempt, item.position), qtype, data, right)
    return answers


def as_sent(attempt, answers):
    """``{position: response in the bank's ids}`` as the attempt's page would send it."""
    items = {i.position: i.version for i in attempt.items.select_related("version")}
    return {
        position: encode_response(
            ItemValues(attempt, int(position)), items[int(position)].qtype, items[int(position)].data, response
        )
        for position, response in answers.items()
    }


def english(client, user):
    client.cookies["django_language"] = "en"
    client.force_login(user)
    return client


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]
