"""Item analysis against figures worked out by hand, and the result export's formula guard."""

import io
import statistics

import pytest
from openpyxl import load_workbook

from lms.exams import analysis
from lms.exams.models import ExamAttempt
from lms.exams.services.answers import save_answers, submit_attempt
from lms.exams.services.attempts import start_attempt
from tests import factories as f

from .conftest import as_sent, make_exam

pytestmark = pytest.mark.django_db


def sit(exam, user, pattern):
    """Answer the form: position i right when pattern[i] is 1, the first wrong option otherwise."""
    attempt = start_attempt(exam, user)
    answers = {}
    for item in attempt.items.select_related("version__question"):
        options = item.version.data["options"]
        want = 1.0 if pattern[item.version.question.name] else 0
        answers[item.position] = next(o["id"] for o in options if o["fraction"] == want)
    save_answers(attempt.pk, user, as_sent(attempt, answers))
    return submit_attempt(attempt)


def test_difficulty_discrimination_and_option_counts(bank, provinces):
    exam = make_exam(bank, rules=[("grammar", "A2", 4)])
    patterns = [
        {"G1": 1, "G2": 1, "G3": 1, "G4": 0},
        {"G1": 1, "G2": 0, "G3": 1, "G4": 0},
        {"G1": 0, "G2": 0, "G3": 0, "G4": 1},
        {"G1": 1, "G2": 1, "G3": 0, "G4": 0},
        {"G1": 1, "G2": 1, "G3": 1, "G4": 1},
    ]
    for n, pattern in enumerate(patterns):
        sit(exam, f.person(f"cand{n}"), pattern)
    stats = {s.name: s for s in analysis.item_analysis(ExamAttempt.objects.filter(exam=exam))}
    for name in ("G1", "G2", "G3", "G4"):
        x = [p[name] for p in patterns]
        rest = [sum(p.values()) - p[name] for p in patterns]
        assert stats[name].n == 5
        assert stats[name].difficulty == pytest.approx(sum(x) / 5)
        assert stats[name].discrimination == pytest.approx(statistics.correlation(x, rest))
    counts = {label: count for label, count, _correct in stats["G1"].options}
    assert counts == {"right1": 4, "wrong1": 1}
    assert [correct for _l, _c, correct in stats["G1"].options] == [True, False]
    assert stats["G4"].discrimination < 0.2
    assert any("separate" in flag for flag in stats["G4"].flags)


def test_every_candidate_right_has_no_discrimination_and_is_flagged_easy(bank, provinces):
    exam = make_exam(bank, rules=[("grammar", "A2", 4)])
    for n in range(3):
        sit(exam, f.person(f"easy{n}"), {"G1": 1, "G2": 1, "G3": 1, "G4": 1})
    stats = analysis.item_analysis(ExamAttempt.objects.filter(exam=exam))
    assert len(stats) == 4
    for item in stats:
        assert item.difficulty == 1 and item.discrimination is None
        assert any("almost everyone" in flag for flag in item.flags)


def test_spreadsheet_formulas_in_names_are_neutralised():
    assert analysis._safe_cell('=HYPERLINK("x")') == '\'=HYPERLINK("x")'
    assert analysis._safe_cell("@SUM(A1)") == "'@SUM(A1)"
    assert analysis._safe_cell("สมชาย") == "สมชาย"
    assert analysis._safe_cell(12.5) == 12.5


def test_an_item_everyone_scored_the_same_on_has_no_discrimination():
    stats = analysis.ItemStats(1, "", "", "", "")
    for i in range(15):
        stats.add(0.1, float(i % 7))
    assert stats.discrimination is None
    assert stats.flags == ["almost no one answers it right"]


def test_an_exam_name_that_looks_like_a_formula_is_written_to_the_xlsx_as_text(exam, two_centres):
    submit_attempt(start_attempt(exam, two_centres.teacher_a))
    title = '=HYPERLINK("http://evil.example","Click")'
    sheet = load_workbook(io.BytesIO(analysis.results_xlsx(ExamAttempt.objects.all(), title))).active
    assert sheet["A1"].data_type == "s"
    assert sheet["A1"].value == "'" + title
