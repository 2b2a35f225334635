"""Scoring each item type, checking responses, and mapping percent to a band through cut scores."""

from decimal import Decimal
from types import SimpleNamespace

import pytest

from lms.exams import scoring
from lms.exams.formats.gift import parse_gift
from lms.exams.scoring import InvalidResponse, band_for, check_response, score_response

SINGLE = {"options": [{"id": "o1", "fraction": 1.0}, {"id": "o2", "fraction": 0.5}, {"id": "o3", "fraction": 0}]}
MULTIPLE = {
    "options": [
        {"id": "o1", "fraction": 0.5},
        {"id": "o2", "fraction": 0.5},
        {"id": "o3", "fraction": -1.0},
    ]
}
MATCHING = {
    "pairs": [{"id": "p1", "prompt": "cat", "answer": "แมว"}, {"id": "p2", "prompt": "dog", "answer": "หมา"}],
    "distractors": ["นก"],
}
SHORT = {"answers": [{"text": "New  York", "fraction": 1.0}, {"text": "NYC", "fraction": 0.5}], "case_sensitive": False}
NUMERIC = {
    "answers": [{"value": 42.0, "tolerance": 0.5, "fraction": 1.0}, {"value": 40.0, "tolerance": 0, "fraction": 0.5}]
}


@pytest.mark.parametrize(
    ("qtype", "data", "response", "expected"),
    [
        ("single", SINGLE, "o1", "1"),
        ("single", SINGLE, "o2", "0.5"),
        ("single", SINGLE, "o3", "0"),
        ("single", SINGLE, None, "0"),
        ("multiple", MULTIPLE, ["o1", "o2"], "1"),
        ("multiple", MULTIPLE, ["o1"], "0.5"),
        ("multiple", MULTIPLE, ["o1", "o2", "o3"], "0"),
        ("multiple", MULTIPLE, ["o3"], "0"),
        ("truefalse", {"answer": True}, True, "1"),
        ("truefalse", {"answer": True}, False, "0"),
        ("matching", MATCHING, {"p1": "แมว", "p2": "หมา"}, "1"),
        ("matching", MATCHING, {"p1": "แมว", "p2": "นก"}, "0.5"),
        ("short", SHORT, "new york", "1"),
        ("short", SHORT, "  NEW   york ", "1"),
        ("short", SHORT, "nyc", "0.5"),
        ("short", SHORT, "Boston", "0"),
        ("short", {**SHORT, "case_sensitive": True}, "new york", "0"),
        ("short", {**SHORT, "case_sensitive": True}, "New York", "1"),
        ("numeric", NUMERIC, "42.4", "1"),
        ("numeric", NUMERIC, "41.5", "1"),
        ("numeric", NUMERIC, "41.4", "0"),
        ("numeric", NUMERIC, "40", "0.5"),
        ("numeric", NUMERIC, "1,042", "0"),
        ("numeric", NUMERIC, "forty-two", "0"),
    ],
)
def test_score(qtype, data, response, expected):
    assert score_response(qtype, data, response) == Decimal(expected)


@pytest.mark.parametrize(
    ("qtype", "data", "response"),
    [
        ("single", SINGLE, "o9"),
        ("single", SINGLE, ["o1"]),
        ("multiple", MULTIPLE, "o1"),
        ("multiple", MULTIPLE, ["o1", "o9"]),
        ("truefalse", {"answer": True}, "true"),
        ("matching", MATCHING, {"p9": "แมว"}),
        ("matching", MATCHING, {"p1": "ม้า"}),
        ("short", SHORT, 42),
        ("short", SHORT, "x" * 501),
    ],
)
def test_responses_that_do_not_fit_are_refused(qtype, data, response):
    with pytest.raises(InvalidResponse):
        check_response(qtype, data, response)


def test_empty_responses_are_unanswered():
    assert check_response("single", SINGLE, "") is None
    assert check_response("multiple", MULTIPLE, []) is None
    assert check_response("matching", MATCHING, {"p1": ""}) is None
    assert check_response("short", SHORT, "   ") is None
    assert check_response("multiple", MULTIPLE, ["o2", "o1", "o2"]) == ["o1", "o2"]


CUTS = [SimpleNamespace(band=b, min_percent=Decimal(p)) for b, p in [("B1", 40), ("A1", 0), ("A2", 20), ("B2", 60)]]


@pytest.mark.parametrize(
    ("percent", "band"),
    [
        ("0", "A1"),
        ("19.99", "A1"),
        ("20", "A2"),
        ("39.99", "A2"),
        ("40", "B1"),
        ("59.99", "B1"),
        ("60", "B2"),
        ("100", "B2"),
    ],
)
def test_band_is_the_highest_cut_not_above_the_percent(percent, band):
    assert band_for(Decimal(percent), CUTS) == band


def test_below_every_cut_there_is_no_band():
    assert band_for(Decimal("10"), [SimpleNamespace(band="Pass", min_percent=Decimal(50))]) == ""


def test_ticking_every_option_of_a_multiple_choice_item_scores_zero():
    parsed = parse_gift("Which are fruits? {~%50%apple ~%50%mango ~brick ~chair}").questions[0][1]
    options = parsed.data["options"]
    every = [o["id"] for o in options]
    right = [o["id"] for o in options if o["fraction"] > 0]
    assert len(right) == 2
    assert scoring.score_response(parsed.qtype, parsed.data, every) == 0
    assert scoring.score_response(parsed.qtype, parsed.data, right) == 1
