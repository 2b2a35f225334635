"""Attempts: one candidate's form, the versions it drew, the answers and their scores."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lms.org.models import CentreOwnedQuerySet

from .bank import QuestionVersion
from .exams import Exam, Sitting


class AttemptStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", pgettext_lazy("attempt", "In progress")
    SUBMITTED = "submitted", pgettext_lazy("attempt", "Submitted")


class AttemptQuerySet(CentreOwnedQuerySet):
    def graded(self):
        return self.filter(status=AttemptStatus.SUBMITTED)


class ExamAttempt(models.Model):
    """One candidate's sitting of one form. ``deadline`` is the server's; the browser's clock is a display."""

    exam = models.ForeignKey(Exam, verbose_name=_("test"), on_delete=models.PROTECT, related_name="attempts")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("candidate"), on_delete=models.CASCADE, related_name="exam_attempts"
    )
    number = models.PositiveIntegerField(_("attempt"))
    sitting = models.ForeignKey(Sitting, on_delete=models.PROTECT, null=True, blank=True, related_name="attempts")
    # Whose results these are: the sitting's centre, else the candidate's centre, else the test's.
    centre = models.ForeignKey(
        "org.Centre", verbose_name=_("centre"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    status = models.CharField(_("status"), max_length=20, choices=AttemptStatus.choices)
    seed = models.BigIntegerField(editable=False)
    started_at = models.DateTimeField(pgettext_lazy("attempt", "started at"))
    deadline = models.DateTimeField(_("deadline"))
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    timed_out = models.BooleanField(_("submitted when time ran out"), default=False)
    score = models.DecimalField(_("score"), max_digits=9, decimal_places=4, null=True, blank=True)
    max_score = models.PositiveIntegerField(_("out of"), default=0)
    percent = models.DecimalField(_("percent"), max_digits=5, decimal_places=2, null=True, blank=True)
    band = models.CharField(pgettext_lazy("result", "band"), max_length=40, blank=True)
    # Started when the page still carried the bank's option ids: those are still read as answers, so a
    # browser that kept unsent answers from before loses none of them (see lms.exams.values).
    legacy_option_ids = models.BooleanField(default=False, editable=False)

    objects = AttemptQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("attempt")
        verbose_name_plural = _("attempts")
        constraints = [
            models.UniqueConstraint(fields=["exam", "user", "number"], name="one_attempt_number"),
            models.UniqueConstraint(
                fields=["exam", "user"], condition=Q(status="in_progress"), name="one_open_attempt"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "deadline"]),
            models.Index(fields=["exam", "status"]),
        ]

    def __str__(self):
        return f"{self.user} · {self.exam} · {self.number}"

    @property
    def in_progress(self):
        return self.status == AttemptStatus.IN_PROGRESS

    def accepts_answers(self, now=None):
        """Answers count until the deadline plus a grace for requests already on their way."""
        now = now or timezone.now()
        grace = timezone.timedelta(seconds=settings.EXAM_GRACE_SECONDS)
        return self.in_progress and now <= self.deadline + grace

    def seconds_left(self, now=None):
        now = now or timezone.now()
        return max(0, int((self.deadline - now).total_seconds()))


class AttemptItem(models.Model):
    """One position of a candidate's form: the version drawn, the order shown, the answer and its score."""

    attempt = models.ForeignKey(ExamAttempt, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField()
    section = models.PositiveIntegerField(default=0)
    version = models.ForeignKey(QuestionVersion, on_delete=models.PROTECT, related_name="attempt_items")
    choice_order = models.JSONField(default=list)
    response = models.JSONField(null=True, blank=True)
    saved_at = models.DateTimeField(null=True, blank=True)
    score = models.DecimalField(max_digits=6, decimal_places=4, null=True, blank=True)

    class Meta:
        ordering = ["attempt", "position"]
        constraints = [models.UniqueConstraint(fields=["attempt", "position"], name="one_item_per_position")]

    def __str__(self):
        return f"{self.attempt_id} #{self.position}"
