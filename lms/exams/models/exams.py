"""Tests and where they are sat: the blueprint forms are drawn from, cut scores, sittings and seats."""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.models import Orderable

from lms.org.models import BilingualNameMixin

from .bank import Level, OwnedQuerySet, Question, QuestionCategory, Skill, Subject, owning_centre


class ExamPurpose(models.TextChoices):
    PLACEMENT = "placement", _("Placement test")
    PROFICIENCY = "proficiency", _("Proficiency test")
    PRETEST = "pretest", _("Pre-test")
    POSTTEST = "posttest", _("Post-test")
    PRACTICE = "practice", _("Practice test")


class ExamMode(models.TextChoices):
    ONLINE = "online", _("Online, anywhere")
    SITTING = "sitting", _("At a sitting, admitted by a proctor")


class Exam(BilingualNameMixin, ClusterableModel):
    """What candidates sit: a blueprint to draw forms from, rules of time and attempts, and cut scores."""

    name_th = models.CharField(_("name (Thai)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    subject = models.CharField(pgettext_lazy("test", "subject"), max_length=20, choices=Subject.choices)
    purpose = models.CharField(
        _("purpose"), max_length=20, choices=ExamPurpose.choices, default=ExamPurpose.PROFICIENCY
    )
    centre = owning_centre(_("Empty: a national test kept by OBEC."))
    instructions = models.TextField(_("instructions"), blank=True)
    published = models.BooleanField(_("open to candidates"), default=False)
    mode = models.CharField(_("where"), max_length=20, choices=ExamMode.choices, default=ExamMode.ONLINE)
    opens_at = models.DateTimeField(_("opens at"), null=True, blank=True)
    closes_at = models.DateTimeField(_("closes at"), null=True, blank=True)
    time_limit_minutes = models.PositiveIntegerField(
        _("time limit (minutes)"), default=60, validators=[MinValueValidator(1), MaxValueValidator(600)]
    )
    max_attempts = models.PositiveIntegerField(
        _("attempts allowed"), default=1, validators=[MinValueValidator(1), MaxValueValidator(20)]
    )
    shuffle_questions = models.BooleanField(_("shuffle questions"), default=True)
    shuffle_options = models.BooleanField(
        _("shuffle options"),
        default=True,
        help_text=_(
            "Leave on: imported files usually write the right answer first, and unshuffled options show "
            "it in the first place. Turn off only for items written with a deliberate order."
        ),
    )
    show_result = models.BooleanField(_("candidates see their score and level"), default=True)
    show_feedback = models.BooleanField(_("candidates see answers and feedback after submitting"), default=False)
    issues_certificates = models.BooleanField(
        _("issue a certificate of the level reached"),
        default=False,
        help_text=_("One certificate per candidate and level, issued when the attempt is graded."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        ordering = ["-opens_at", "name_th"]
        verbose_name = _("test")
        verbose_name_plural = _("tests")

    def clean(self):
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("A test closes after it opens.")})

    def is_open(self, now=None):
        now = now or timezone.now()
        return (
            self.published
            and (self.opens_at is None or self.opens_at <= now)
            and (self.closes_at is None or now < self.closes_at)
        )

    @property
    def question_count(self):
        return sum(rule.count for rule in self.blueprint_rules.all())


class BlueprintRule(Orderable):
    """Draw ``count`` items of one skill and level from one category: one section of every form."""

    exam = ParentalKey(Exam, on_delete=models.CASCADE, related_name="blueprint_rules")
    category = models.ForeignKey(QuestionCategory, verbose_name=_("category"), on_delete=models.PROTECT)
    skill = models.CharField(_("skill"), max_length=20, choices=Skill.choices, blank=True, help_text=_("Empty: any."))
    level = models.CharField(_("level"), max_length=10, choices=Level.choices, blank=True, help_text=_("Empty: any."))
    count = models.PositiveIntegerField(
        pgettext_lazy("questions", "items"), validators=[MinValueValidator(1), MaxValueValidator(200)]
    )

    class Meta(Orderable.Meta):
        verbose_name = _("blueprint section")
        verbose_name_plural = _("blueprint")

    def pool(self):
        """The current versions this section may draw from."""
        questions = Question.objects.filter(category_id=self.category_id, active=True, current_version__isnull=False)
        if self.skill:
            questions = questions.filter(skill=self.skill)
        if self.level:
            questions = questions.filter(level=self.level)
        return questions


class CutScore(Orderable):
    """A band starts at ``min_percent``: the result is the band with the highest start not above it."""

    exam = ParentalKey(Exam, on_delete=models.CASCADE, related_name="cut_scores")
    band = models.CharField(
        pgettext_lazy("result", "band"), max_length=40, help_text=_("For English, a CEFR level such as B1.")
    )
    min_percent = models.DecimalField(
        _("from percent"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )

    class Meta(Orderable.Meta):
        verbose_name = _("cut score")
        verbose_name_plural = _("cut scores")


def new_admission_code():
    alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(6))


class Sitting(models.Model):
    """A session of a test at a centre: a room, a number of seats and a proctor who admits by code."""

    exam = models.ForeignKey(Exam, verbose_name=_("test"), on_delete=models.CASCADE, related_name="sittings")
    centre = models.ForeignKey("org.Centre", verbose_name=_("centre"), on_delete=models.PROTECT)
    room = models.CharField(_("room"), max_length=100)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    seats = models.PositiveIntegerField(_("seats"), validators=[MinValueValidator(1), MaxValueValidator(1000)])
    proctor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("proctor"), on_delete=models.PROTECT, related_name="+"
    )
    admission_code = models.CharField(_("admission code"), max_length=12, default=new_admission_code, editable=False)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("sitting")
        verbose_name_plural = _("sittings")

    def __str__(self):
        return f"{self.exam} · {self.room}"

    def clean(self):
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("A sitting ends after it starts.")})


class Seat(models.Model):
    """A candidate booked into a sitting; ``admitted_at`` is set when they enter the proctor's code."""

    sitting = models.ForeignKey(Sitting, on_delete=models.CASCADE, related_name="booked_seats")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    booked_at = models.DateTimeField(auto_now_add=True)
    admitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["sitting", "user"], name="one_seat_per_candidate")]

    def __str__(self):
        return f"{self.sitting_id} · {self.user_id}"
