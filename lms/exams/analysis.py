"""Item analysis and result tables for staff: classical test statistics over graded attempts.

Difficulty is the mean item score (the proportion correct for right/wrong items). Discrimination is the
point-biserial correlation between the item score and the rest of the attempt's score (the total
without the item), so an item does not correlate with itself. Both read the attempts once, streaming,
with running sums per item: memory grows with the number of items, not of candidates.
"""

import csv
import io
import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook

from lms.core.sanitize import html_to_text

from .formats import QType
from .models import AttemptItem, QuestionVersion

# Below this a candidate pool says little; the page shows the figures but flags them.
MIN_CANDIDATES = 20


@dataclass
class ItemStats:
    question_id: int
    name: str
    qtype: str
    skill: str
    level: str
    n: int = 0
    sum_x: float = 0.0
    sum_y: float = 0.0
    sum_xy: float = 0.0
    sum_xx: float = 0.0
    sum_yy: float = 0.0
    options: list = field(default_factory=list)  # [(option label, count, is correct)]
    unanswered: int = 0

    def add(self, x, y):
        """Count one candidate's item score ``x`` and rest-of-test score ``y``."""
        self.n += 1
        self.sum_x += x
        self.sum_y += y
        self.sum_xy += x * y
        self.sum_xx += x * x
        self.sum_yy += y * y

    @property
    def difficulty(self):
        return self.sum_x / self.n if self.n else None

    @property
    def discrimination(self):
        if self.n < 2:
            return None
        var_x = self.n * self.sum_xx - self.sum_x**2
        var_y = self.n * self.sum_yy - self.sum_y**2
        # Sums of floats leave a residue where everyone scored the same: treat that as no variance.
        tolerance = 1e-9 * self.n * self.n
        if var_x <= tolerance or var_y <= tolerance:
            return None
        return (self.n * self.sum_xy - self.sum_x * self.sum_y) / math.sqrt(var_x * var_y)

    @property
    def flags(self):
        """Plain reasons to look at the item again."""
        reasons = []
        p, r = self.difficulty, self.discrimination
        if p is not None and p > 0.95:
            reasons.append(_("almost everyone answers it right"))
        if p is not None and p < 0.2:
            reasons.append(_("almost no one answers it right"))
        if r is not None and r < 0.2:
            reasons.append(_("does not separate strong from weak candidates"))
        if r is not None and r < 0:
            reasons.append(_("weak candidates do better than strong ones: check the key"))
        return reasons


def item_analysis(attempts):
    """Statistics per item version over the graded ``attempts``.

    Versions are kept apart: a reworded item is a different item to the candidates who saw it.
    """
    rows = (
        AttemptItem.objects.filter(attempt__in=attempts.graded().values("pk"))
        .order_by()
        .values_list("attempt__score", "score", "response", "version_id")
    )
    stats = {}
    choice_counts = defaultdict(Counter)
    for total, score, response, version_id in rows.iterator(chunk_size=2000):
        item = stats.get(version_id)
        if item is None:
            item = stats[version_id] = ItemStats(version_id, "", "", "", "")
        x = float(score or 0)
        item.add(x, float(total or 0) - x)
        if response is None:
            item.unanswered += 1
        for chosen in response if isinstance(response, list) else [response]:
            if isinstance(chosen, str | bool):
                choice_counts[version_id][chosen] += 1
    versions = QuestionVersion.objects.filter(pk__in=stats).select_related("question")
    for version in versions.defer("question__fingerprint"):
        item, question, data = stats[version.pk], version.question, version.data
        item.name = str(question) if version.number == 1 else f"{question} (v{version.number})"
        item.question_id, item.qtype = question.pk, version.qtype
        item.skill, item.level = question.get_skill_display(), question.level
        counts = choice_counts[version.pk]
        if version.qtype in (QType.SINGLE, QType.MULTIPLE):
            item.options = [(html_to_text(o["text"]), counts[o["id"]], o["fraction"] > 0) for o in data["options"]]
        elif version.qtype == QType.TRUE_FALSE:
            answer = data["answer"]
            item.options = [(_("True"), counts[True], answer is True), (_("False"), counts[False], answer is False)]
    return sorted(stats.values(), key=lambda s: (s.question_id, s.name))


def _local(moment):
    """Local time as ISO text: spreadsheets read it as a date in any language."""
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


RESULT_COLUMNS = [
    ("username", lambda a: a.user.username),
    ("name", lambda a: a.user.get_full_name()),
    ("centre", lambda a: str(a.centre) if a.centre else ""),
    ("attempt", lambda a: a.number),
    ("started", lambda a: _local(a.started_at)),
    ("submitted", lambda a: _local(a.submitted_at)),
    ("timed_out", lambda a: _("yes") if a.timed_out else _("no")),
    ("score", lambda a: float(a.score) if a.score is not None else ""),
    ("out_of", lambda a: a.max_score),
    ("percent", lambda a: float(a.percent) if a.percent is not None else ""),
    ("band", lambda a: a.band),
]


def result_headers():
    return [
        _("Username"),
        pgettext("person", "Name"),
        _("Centre"),
        _("Attempt"),
        _("Started"),
        pgettext("attempt", "Submitted"),
        _("Time ran out"),
        _("Score"),
        _("Out of"),
        _("Percent"),
        _("Band"),
    ]


def result_rows(attempts):
    for attempt in attempts.iterator(chunk_size=2000):
        yield [value(attempt) for _key, value in RESULT_COLUMNS]


def _safe_cell(value):
    """Text that a spreadsheet would run as a formula is quoted (CSV injection)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def results_csv(attempts):
    buffer = io.StringIO()
    buffer.write("\ufeff")  # Excel opens UTF-8 Thai correctly only with the byte-order mark
    writer = csv.writer(buffer)
    writer.writerow(result_headers())
    for row in result_rows(attempts):
        writer.writerow([_safe_cell(v) for v in row])
    return buffer.getvalue().encode("utf-8")


def results_xlsx(attempts, title):
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_("Results"))
    sheet.append([_safe_cell(title)])
    sheet.append(result_headers())
    for row in result_rows(attempts):
        sheet.append([_safe_cell(v) for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
