"""Files of questions handed to the import task, each a job with its report."""

import json

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lms.core.jobs import ImportReport, Job

from .bank import Level, QuestionCategory, Skill


class Problem(dict):
    """An item the import could not take: ``position`` (0: the whole file), ``line`` and ``reason``.

    Kept apart in the report so the command and the admin can say where; shown as one line of text.
    """

    def __str__(self):
        where = f"{_('Item')} {self['position']}" if self.get("position") else _("whole file")
        if self.get("line"):
            where += ", " + _("line %(line)d") % {"line": self["line"]}
        return f"{where}: {self['reason']}"


class ProblemDecoder(json.JSONDecoder):
    """Reads the stored problems back as :class:`Problem`, so the job page lists them as text."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, object_hook=Problem, **kwargs)


class QuestionImport(Job, ImportReport):
    """A file of questions handed to the import task, and its report."""

    task = "lms.exams.tasks.run_question_import"

    category = models.ForeignKey(QuestionCategory, on_delete=models.CASCADE, related_name="imports")
    filename = models.CharField(max_length=255)
    content = models.BinaryField()
    skill = models.CharField(max_length=20, choices=Skill.choices, blank=True)
    level = models.CharField(max_length=10, choices=Level.choices, blank=True)
    errors = models.JSONField(gettext_lazy("problems"), default=list, blank=True, decoder=ProblemDecoder)

    def __str__(self):
        return self.filename
