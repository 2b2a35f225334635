"""GIFT and Moodle XML question files: parsing, per-item errors, hostile XML, export and round trips."""

import copy
import random
import time
from pathlib import Path
from xml.etree.ElementTree import tostring

import pytest
from defusedxml.ElementTree import fromstring
from django.utils import translation

from lms.exams.formats import ItemError, ParsedQuestion, ParseResult, QType, moodle_xml, percent_from_fraction, validate
from lms.exams.formats.gift import parse_gift, to_gift
from lms.exams.formats.moodle_xml import export_moodle_xml, parse_moodle_xml

FILES = Path(__file__).parent / "files"


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def gift_file(name):
    return (FILES / name).read_text(encoding="utf-8")


def xml_file(name):
    return (FILES / name).read_bytes()


def only_question(result):
    assert result.errors == []
    assert len(result.questions) == 1
    return result.questions[0][1]


def only_error(result):
    assert result.questions == []
    assert len(result.errors) == 1
    return result.errors[0]


# GIFT


def test_gift_good_file_parses_every_type():
    result = parse_gift(gift_file("good.gift"))

    assert result.errors == []
    assert result.category == "ภาษาอังกฤษ ม.1"
    assert [position for position, _question in result.questions] == list(range(1, 13))
    questions = dict(result.questions)
    assert [q.qtype for q in questions.values()] == [
        QType.SINGLE,
        QType.MULTIPLE,
        QType.SINGLE,
        QType.TRUE_FALSE,
        QType.TRUE_FALSE,
        QType.SHORT,
        QType.MATCHING,
        QType.NUMERIC,
        QType.NUMERIC,
        QType.NUMERIC,
        QType.SINGLE,
        QType.TRUE_FALSE,
    ]

    assert questions[1] == ParsedQuestion(
        qtype=QType.SINGLE,
        name="Capital of France",
        text="What is the capital of France?",
        data={
            "options": [
                {"id": "o1", "text": "Paris", "fraction": 1.0, "feedback": "Correct, Paris is the capital."},
                {"id": "o2", "text": "London", "fraction": 0.0, "feedback": "No, London is in England."},
                {"id": "o3", "text": "Berlin", "fraction": 0.0, "feedback": ""},
            ]
        },
        general_feedback="Paris has been the capital since 508.",
    )
    assert questions[2].name == "ผลไม้"
    assert questions[2].text == "ข้อใดเป็นผลไม้?"
    assert [(o["text"], o["fraction"], o["feedback"]) for o in questions[2].data["options"]] == [
        ("มะม่วง", 0.5, "ถูกต้อง"),
        ("กล้วย", 0.5, ""),
        ("แครอท", -1.0, "แครอทเป็นผัก"),
    ]
    assert questions[3].text == "Grant is _____ in Grant's tomb."
    assert [o["fraction"] for o in questions[3].data["options"]] == [0.0, 1.0, 0.0]
    # {T#wrong#right}: the first feedback is for the wrong answer, here "false".
    assert questions[4].data == {
        "answer": True,
        "feedback_true": "Yes!",
        "feedback_false": "It does rise in the east.<br>Look tomorrow.",
    }
    assert questions[5].data == {"answer": False, "feedback_true": "โลกกลม", "feedback_false": ""}
    assert questions[6].data == {
        "answers": [
            {"text": "no one", "fraction": 1.0, "feedback": ""},
            {"text": "nobody", "fraction": 0.5, "feedback": "Half marks"},
        ],
        "case_sensitive": False,
    }
    assert questions[7].data == {
        "pairs": [
            {"id": "p1", "prompt": "Canada", "answer": "Ottawa"},
            {"id": "p2", "prompt": "Italy", "answer": "Rome"},
            {"id": "p3", "prompt": "ญี่ปุ่น", "answer": "โตเกียว"},
        ],
        "distractors": ["Bangkok"],
    }
    assert questions[8].data == {"answers": [{"value": 1822.0, "tolerance": 5.0, "fraction": 1.0, "feedback": ""}]}
    assert questions[9].data == {"answers": [{"value": 42.0, "tolerance": 2.0, "fraction": 1.0, "feedback": ""}]}
    assert questions[10].data == {
        "answers": [
            {"value": 42.0, "tolerance": 0.0, "fraction": 1.0, "feedback": "Exactly"},
            {"value": 42.0, "tolerance": 2.0, "fraction": 0.5, "feedback": "Close"},
        ]
    }
    assert questions[11].name == "Escapes : \\ colons"
    assert questions[11].text == "<p>Which symbol is {curly}?</p>"
    assert [o["text"] for o in questions[11].data["options"]] == ["{", "}", "= equals", "~ tilde", "# hash"]
    assert questions[12].text == "First line<br>second line &lt;b&gt;not bold&lt;/b&gt;"


def test_gift_broken_items_are_reported_and_good_items_still_parse():
    result = parse_gift(gift_file("broken.gift"))

    assert [(position, q.name) for position, q in result.questions] == [(1, "Good one"), (9, "Good two"), (13, "")]
    assert result.questions[2][1].text == "ข้อนี้ไม่มีชื่อ"
    assert [o["text"] for o in result.questions[2][1].data["options"]] == ["ก", "ข"]
    assert [(e.position, e.line) for e in result.errors] == [
        (2, 4),
        (3, 6),
        (4, 8),
        (5, 10),
        (6, 12),
        (7, 14),
        (8, 16),
        (10, 20),
        (11, 22),
        (12, 24),
    ]
    reasons = [e.reason for e in result.errors]
    assert reasons[0] == "“Unclosed”: “{” is not closed with “}”"
    assert reasons[1] == "“One pair”: a matching question needs at least two pairs"
    assert reasons[2].startswith("“No correct”: no correct option")
    assert reasons[3] == "“Bad weight”: the weight “abc” is not a percentage between -100 and 100"
    assert reasons[4] == "“Bad number”: “forty-two” is not a number"
    assert reasons[5] == "“Empty”: the answer block is empty (essays are not supported)"
    assert reasons[6] == "“Description”: no answer block (descriptions and essays are not supported)"
    assert reasons[7].endswith("the title is not closed with “::”")
    assert "only one answer block" in reasons[8]
    assert reasons[9] == "“Weights off”: the positive weights add up to 70%, they must add up to 100%"


@pytest.mark.parametrize(
    "source,qtype,data",
    [
        (
            "Pick {~%-25%a ~%50%b ~%50%c}",
            QType.MULTIPLE,
            {
                "options": [
                    {"id": "o1", "text": "a", "fraction": -0.25, "feedback": ""},
                    {"id": "o2", "text": "b", "fraction": 0.5, "feedback": ""},
                    {"id": "o3", "text": "c", "fraction": 0.5, "feedback": ""},
                ]
            },
        ),
        (
            "Thirds {~%33.33333%a ~%33.33333%b ~%33.33333%c ~%-100%d}",
            QType.MULTIPLE,
            {
                "options": [
                    {"id": "o1", "text": "a", "fraction": 0.3333333, "feedback": ""},
                    {"id": "o2", "text": "b", "fraction": 0.3333333, "feedback": ""},
                    {"id": "o3", "text": "c", "fraction": 0.3333333, "feedback": ""},
                    {"id": "o4", "text": "d", "fraction": -1.0, "feedback": ""},
                ]
            },
        ),
        ("True? {TRUE}", QType.TRUE_FALSE, {"answer": True, "feedback_true": "", "feedback_false": ""}),
        (
            "False? {F#wrong#right}",
            QType.TRUE_FALSE,
            {"answer": False, "feedback_true": "wrong", "feedback_false": "right"},
        ),
        (
            "Capital? {=Paris =%50%paris city#almost}",
            QType.SHORT,
            {
                "answers": [
                    {"text": "Paris", "fraction": 1.0, "feedback": ""},
                    {"text": "paris city", "fraction": 0.5, "feedback": "almost"},
                ],
                "case_sensitive": False,
            },
        ),
        (
            "Capital? {Paris}",
            QType.SHORT,
            {"answers": [{"text": "Paris", "fraction": 1.0, "feedback": ""}], "case_sensitive": False},
        ),
        (
            "Below zero {#-44..-40}",
            QType.NUMERIC,
            {"answers": [{"value": -42.0, "tolerance": 2.0, "fraction": 1.0, "feedback": ""}]},
        ),
        (
            "Pi {#3.14:0.01#close enough ~#any other answer}",
            QType.NUMERIC,
            {"answers": [{"value": 3.14, "tolerance": 0.01, "fraction": 1.0, "feedback": "close enough"}]},
        ),
        (
            "Pairs {=a -> 1 =b -> 2 = -> 3 = -> 4}",
            QType.MATCHING,
            {
                "pairs": [{"id": "p1", "prompt": "a", "answer": "1"}, {"id": "p2", "prompt": "b", "answer": "2"}],
                "distractors": ["3", "4"],
            },
        ),
    ],
)
def test_gift_answer_blocks(source, qtype, data):
    question = only_question(parse_gift(source))
    assert question.qtype == qtype
    assert question.data == data


def test_gift_formats_html_is_kept_and_everything_else_is_escaped():
    question = only_question(
        parse_gift("::Q::[html]<p>Pick</p>{=<b>a</b>#<i>fine</i> ~[plain]<b>b</b> ####[markdown]*see* 1 < 2}")
    )
    assert question.text == "<p>Pick</p>"
    assert question.data["options"][0] == {"id": "o1", "text": "<b>a</b>", "fraction": 1.0, "feedback": "<i>fine</i>"}
    assert question.data["options"][1]["text"] == "&lt;b&gt;b&lt;/b&gt;"
    assert question.general_feedback == "*see* 1 &lt; 2"

    for marker in ("", "[moodle]", "[plain]", "[markdown]"):
        assert (
            only_question(parse_gift(f"{marker}**bold** & <i>co</i>{{T}}")).text
            == "**bold** &amp; &lt;i&gt;co&lt;/i&gt;"
        )


def test_gift_blocks_lines_categories_and_comments():
    text = (
        "\ufeff// only a comment\r\n"
        "\r\n"
        "$CATEGORY: $course$/top/First\r\n"
        "\r\n"
        "::A::x{T}\r\n"
        "\r\n"
        "// comment before the category\r\n"
        "$CATEGORY: Second\r\n"
        "::B::y\r\n"
        "{F}\r\n"
        "\r\n"
        "\r\n"
        "::C::z\n"
    )
    result = parse_gift(text)
    assert result.category == "Second"
    assert [(position, q.name, q.text) for position, q in result.questions] == [(1, "A", "x"), (2, "B", "y")]
    assert result.errors == [
        ItemError(position=3, reason="“C”: no answer block (descriptions and essays are not supported)", line=13)
    ]


@pytest.mark.parametrize(
    "source,reason",
    [
        ("Which? {a -> b =c -> d}", "each matching pair must start with “=”"),
        ("Which? {=a -> b =c}", "the matching pair “c” has no “->”"),
        ("Which? } {=a ~b}", "“}” has no matching “{”"),
        ("Which? {=a ~}", "an option is empty"),
        ("Which? {=a}{=b}", "only one answer block"),
        ("Which? {~%150%a =b}", "the weight “150” is not a percentage between -100 and 100"),
        ("Which? {=only}{", "only one answer block"),
        ("Which? {=only ~one option", "“{” is not closed with “}”"),
        ("Which? {~lonely =}", "an option is empty"),
        ("Which? {=a ~#only feedback}", "an option is empty"),
        ("::Q:: {=a ~b}", "the question text is empty"),
        ("Grant? {#1822:-5}", "a tolerance is negative"),
        ("Grant? {#44..40}", "a tolerance is negative"),
        ("Grant? {#nan}", "“nan” is not a number"),
        ("Grant? {#%50%1822}", "no answer is worth 100%"),
        ("Grant? {#}", "there is no answer"),
        ("Grant? {=%50%Grant}", "no answer is worth 100%"),
        ("Essay {####Graders: be kind}", "the answer block is empty (essays are not supported)"),
    ],
)
def test_gift_item_errors(source, reason):
    error = only_error(parse_gift(source))
    assert (error.position, error.line) == (1, 1)
    assert reason in error.reason


def test_gift_choice_needs_two_options():
    assert only_error(parse_gift("Q {~a}")).reason == "“Q {~a}”: a multiple-choice question needs at least two options"


# Moodle XML


def test_xml_good_file_parses_every_type():
    result = parse_moodle_xml(xml_file("good.xml"))

    assert result.errors == []
    assert result.category == "Grammar / Vocabulary"
    assert [position for position, _question in result.questions] == [1, 2, 3, 4, 5, 6]
    questions = dict(result.questions)

    assert questions[1] == ParsedQuestion(
        qtype=QType.SINGLE,
        name="Capital of France",
        text='<p>What is the capital of <b>France</b>?</p><p><img src="@@PLUGINFILE@@/map.png" alt="map"></p>',
        data={
            "options": [
                {"id": "o1", "text": "<p>Paris</p>", "fraction": 1.0, "feedback": "<p>Correct.</p>"},
                {"id": "o2", "text": "London", "fraction": 0.0, "feedback": ""},
                {"id": "o3", "text": "Berlin", "fraction": -0.3333333, "feedback": "Berlin is in Germany."},
            ]
        },
        general_feedback="<p>Paris has been the capital since 508.</p>",
    )
    assert questions[2].qtype == QType.MULTIPLE
    assert questions[2].text == "ข้อใดเป็นผลไม้ (เลือกได้มากกว่า 1 ข้อ) &amp; ข้อใด &lt;ไม่ใช่&gt;<br>บรรทัดที่สอง"
    assert [(o["text"], o["fraction"], o["feedback"]) for o in questions[2].data["options"]] == [
        ("มะม่วง", 0.5, "ถูกต้อง"),
        ("กล้วย", 0.5, ""),
        ("แครอท", -1.0, "แครอทเป็นผัก"),
    ]
    assert questions[3].qtype == QType.TRUE_FALSE
    assert questions[3].text == "The Earth is flat."
    assert questions[3].data == {
        "answer": False,
        "feedback_true": "<p>No, it is round.</p>",
        "feedback_false": "Right: โลกกลม",
    }
    assert questions[4].data == {
        "pairs": [
            {"id": "p1", "prompt": "<p>Canada</p>", "answer": "Ottawa"},
            {"id": "p2", "prompt": "<p>ญี่ปุ่น</p>", "answer": "โตเกียว"},
        ],
        "distractors": ["Bangkok"],
    }
    assert questions[5].data == {
        "answers": [
            {"text": "สวัสดี", "fraction": 1.0, "feedback": "เยี่ยม"},
            {"text": "Sawasdee", "fraction": 0.5, "feedback": ""},
        ],
        "case_sensitive": True,
    }
    # The "*" answer (anything else) awards nothing and is left out.
    assert questions[6].data == {
        "answers": [
            {"value": 1822.0, "tolerance": 0.0, "fraction": 1.0, "feedback": "Exactly."},
            {"value": 1822.0, "tolerance": 5.0, "fraction": 0.5, "feedback": ""},
        ]
    }


def test_xml_broken_items_are_reported_and_good_items_still_parse():
    result = parse_moodle_xml(xml_file("broken.xml"))

    assert result.category == "Broken"
    assert [(position, q.name) for position, q in result.questions] == [(1, "Good choice"), (6, "ดวงอาทิตย์")]
    assert result.questions[1][1].data == {"answer": True, "feedback_true": "", "feedback_false": ""}
    assert [(e.position, e.line, e.reason) for e in result.errors] == [
        (2, None, "“Essay”: unsupported question type “essay”"),
        (3, None, "“No text”: the question has no question text"),
        (4, None, "“No answers”: the question has no answers"),
        (5, None, "“Bad fraction”: the weight “full” is not a percentage between -100 and 100"),
        (7, None, "“Cloze”: unsupported question type “multianswer”"),
        (8, None, "“Bad number”: “forty-two” is not a number"),
        (9, None, "“One pair”: a matching question needs at least two pairs"),
        (10, None, "“No correct”: no correct option: one option must be worth 100%"),
        (11, None, "“No type”: unsupported question type “”"),
    ]


def quiz(*questions):
    return ('<?xml version="1.0" encoding="UTF-8"?><quiz>' + "".join(questions) + "</quiz>").encode()


def test_xml_old_truefalse_answers_in_the_teachers_language_are_true_then_false():
    question = only_question(
        parse_moodle_xml(
            quiz(
                '<question type="truefalse"><questiontext><text>โลกกลม</text></questiontext>'
                '<answer fraction="100"><text>จริง</text></answer><answer fraction="0"><text>เท็จ</text></answer>'
                "</question>"
            )
        )
    )
    assert question.data["answer"] is True
    assert question.text == "โลกกลม"
    assert question.name == ""


def test_xml_truefalse_needs_exactly_one_right_answer():
    error = only_error(
        parse_moodle_xml(
            quiz(
                '<question type="truefalse"><name><text>TF</text></name><questiontext><text>?</text></questiontext>'
                '<answer fraction="100"><text>true</text></answer><answer fraction="100"><text>false</text></answer>'
                "</question>"
            )
        )
    )
    assert error == ItemError(1, "“TF”: exactly one of “true” and “false” must be worth 100%")


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE quiz [
  <!ENTITY lol "lol">
  <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
  <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
  <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
  <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
  <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
  <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
  <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<quiz><question type="truefalse"><questiontext><text>&lol9;</text></questiontext></question></quiz>
"""
EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE quiz [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<quiz><question type="shortanswer"><questiontext><text>&secret;</text></questiontext></question></quiz>
"""


@pytest.mark.parametrize(
    "data,reason",
    [
        (b"this is not XML at all", "the file is not valid XML (error at line 1)"),
        (b"", "the file is not valid XML (error at line 1)"),
        (b"<quiz>\n<question type='truefalse'>\n</quiz>", "the file is not valid XML (error at line 3)"),
        (
            b'<?xml version="1.0" encoding="UTF-8"?>\n<quiz>\xff\xfe</quiz>',
            "the file is not valid XML (error at line 2)",
        ),
        (
            b'<?xml version="1.0" encoding="windows-874"?><quiz/>',
            "the file's character encoding is not supported: save it as UTF-8",
        ),
        (b"<html><body/></html>", "this is not a Moodle question file: its root element is “html”, not “quiz”"),
        (BILLION_LAUGHS, "the file declares a DTD or entities, which question files never have"),
        (EXTERNAL_ENTITY, "the file declares a DTD or entities, which question files never have"),
    ],
)
def test_xml_file_level_failures_are_one_error_at_position_zero(data, reason):
    started = time.monotonic()
    result = parse_moodle_xml(data)
    assert time.monotonic() - started < 1
    assert result == ParseResult(questions=[], errors=[ItemError(position=0, reason=reason, line=None)])


def test_xml_without_questions_is_empty_not_an_error():
    assert parse_moodle_xml(quiz()) == ParseResult(questions=[], errors=[])


# Export


@pytest.mark.parametrize(
    "fraction,percent",
    [
        (1.0, "100"),
        (0.5, "50"),
        (0.0, "0"),
        (-0.0, "0"),
        (0.1, "10"),
        (-0.3333333, "-33.33333"),
        (0.3333333, "33.33333"),
    ],
)
def test_percent_is_written_like_moodle(fraction, percent):
    assert percent_from_fraction(fraction) == percent


def test_export_writes_moodle_elements():
    questions = [q for _position, q in parse_moodle_xml(xml_file("good.xml")).questions]
    root = fromstring(export_moodle_xml(questions, "English/Grammar"))

    assert root.tag == "quiz"
    elements = root.findall("question")
    assert [e.get("type") for e in elements] == [
        "category",
        "multichoice",
        "multichoice",
        "truefalse",
        "matching",
        "shortanswer",
        "numerical",
    ]
    assert elements[0].findtext("category/text") == "$course$/top/English//Grammar"
    choice = elements[1]
    assert choice.findtext("name/text") == "Capital of France"
    assert choice.find("questiontext").get("format") == "html"
    assert choice.findtext("questiontext/text").startswith("<p>What is the capital")
    assert choice.findtext("single") == "true"
    assert [a.get("fraction") for a in choice.findall("answer")] == ["100", "0", "-33.33333"]
    assert elements[2].findtext("single") == "false"
    assert [(a.findtext("text"), a.get("fraction")) for a in elements[3].findall("answer")] == [
        ("true", "0"),
        ("false", "100"),
    ]
    assert [(s.findtext("text"), s.findtext("answer/text")) for s in elements[4].findall("subquestion")] == [
        ("<p>Canada</p>", "Ottawa"),
        ("<p>ญี่ปุ่น</p>", "โตเกียว"),
        ("", "Bangkok"),
    ]
    assert elements[5].findtext("usecase") == "1"
    assert [
        (a.findtext("text"), a.findtext("tolerance"), a.get("fraction")) for a in elements[6].findall("answer")
    ] == [
        ("1822", "0", "100"),
        ("1822", "5", "50"),
    ]


def test_export_without_category_uses_the_top_category():
    root = fromstring(export_moodle_xml([], ""))
    assert root.findtext("question/category/text") == "$course$/top"
    assert parse_moodle_xml(tostring(root)) == ParseResult(questions=[], errors=[], category="")


def test_export_drops_characters_xml_cannot_carry():
    question = only_question(parse_gift("Bell\x07 and\x0c form feed{T}"))
    again = only_question(parse_moodle_xml(export_moodle_xml([question], "x")))
    assert again.text == "Bell and form feed"


@pytest.mark.parametrize("name", ["good.xml", "good.gift"])
def test_round_trip_through_moodle_xml(name):
    first = parse_gift(gift_file(name)) if name.endswith(".gift") else parse_moodle_xml(xml_file(name))
    again = parse_moodle_xml(export_moodle_xml([q for _position, q in first.questions], first.category))
    assert first.questions
    assert again.errors == []
    assert again.category == first.category
    assert again.questions == first.questions


# No input crashes the parsers


def assert_consistent(result):
    """Every item is either a valid question or one error, once, in order; no parser bug was hit."""
    assert isinstance(result, ParseResult)
    if any(error.position == 0 for error in result.errors):
        assert result.questions == []
        assert len(result.errors) == 1
        return
    positions = sorted([p for p, _q in result.questions] + [e.position for e in result.errors])
    assert positions == list(range(1, len(positions) + 1))
    for _position, question in result.questions:
        validate(question)
    assert not [e for e in result.errors if "could not be read" in e.reason]


def mutations(text, seed, count=200):
    rng = random.Random(seed)
    specials = "{}~=#:%\\-> \n\n[]/$<>&\"'0123456789.ก"
    for _ in range(count):
        chars = list(text)
        for _ in range(rng.randint(1, 10)):
            at = rng.randrange(len(chars) + 1)
            action = rng.randrange(5)
            if action == 0 and chars:
                del chars[at : at + rng.randint(1, 20)]
            elif action == 1:
                chars.insert(at, rng.choice(specials))
            elif action == 2:
                chars = chars[:at]
            elif action == 3 and chars:
                start = rng.randrange(len(chars))
                chars[at:at] = chars[start : start + rng.randint(1, 40)]
            else:
                chars[at:at] = rng.choice(["{", "}", "\\", "####", "->", "%abc%", "%-200%", "\x00", "\ud800"])
        yield "".join(chars)


def test_gift_survives_random_mutations():
    for text in mutations(gift_file("good.gift"), seed=1):
        assert_consistent(parse_gift(text))


def test_xml_survives_random_mutations():
    good = xml_file("good.xml").decode()
    for text in mutations(good, seed=2):
        assert_consistent(parse_moodle_xml(text.encode("utf-8", "surrogatepass")))


def test_xml_survives_random_well_formed_mutations():
    """Mutations that keep the XML well formed reach the per-question code instead of the XML parser."""
    rng = random.Random(3)
    values = ["", " ", "abc", "-1", "100", "150", "-33.33333", "1e400", "*", "true", "0", "html", "plain_text"]
    for _ in range(200):
        root = fromstring(xml_file("good.xml"))
        elements = list(root.iter())
        for _ in range(rng.randint(1, 6)):
            element = rng.choice(elements)
            action = rng.randrange(4)
            if action == 0:
                for parent in root.iter():
                    if element in list(parent):
                        parent.remove(element)
                        break
            elif action == 1:
                element.text = rng.choice(values)
            elif action == 2:
                element.set(rng.choice(["fraction", "format", "type"]), rng.choice(values))
            else:
                element.append(copy.deepcopy(rng.choice(elements[1:])))
        assert_consistent(parse_moodle_xml(tostring(root)))


def test_a_bug_in_one_item_costs_only_that_item(monkeypatch, caplog):
    def broken(*args):
        raise RuntimeError("bug")

    monkeypatch.setattr("lms.exams.formats.gift._true_false", broken)
    result = parse_gift(gift_file("good.gift"))
    assert [(e.position, e.reason) for e in result.errors] == [
        (4, "“Sun rises”: this item could not be read"),
        (5, "“โลกแบน”: this item could not be read"),
        (12, "“Multi-line”: this item could not be read"),
    ]
    assert len(result.questions) == 9

    monkeypatch.setitem(moodle_xml._READERS, "matching", broken)
    result = parse_moodle_xml(xml_file("good.xml"))
    assert result.errors == [ItemError(4, "“Capitals”: this question could not be read")]
    assert [position for position, _question in result.questions] == [1, 2, 3, 5, 6]
    assert "RuntimeError: bug" in caplog.text


def test_to_gift_writes_every_item_back_as_the_same_item():
    items = parse_gift((FILES / "good.gift").read_text()).questions
    items += parse_moodle_xml((FILES / "good.xml").read_bytes()).questions
    assert {q.qtype for _p, q in items} == {"single", "multiple", "truefalse", "matching", "short", "numeric"}
    for _position, question in items:
        written = to_gift(question.qtype, question.text, question.data, question.general_feedback)
        result = parse_gift(written)
        assert not result.errors, written
        ((_p, again),) = result.questions
        # GIFT cannot say "case-sensitive"; the admin form keeps that flag in a field of its own.
        question.data.pop("case_sensitive", None)
        again.data.pop("case_sensitive", None)
        assert (again.qtype, again.text, again.data, again.general_feedback) == (
            question.qtype,
            question.text,
            question.data,
            question.general_feedback,
        )
