"""Question bank, exams, sittings and attempts: plain models, never page fields.

A :class:`Question` keeps its history as :class:`QuestionVersion` rows. An attempt points at the
versions it drew, so editing an item later never changes what a candidate saw, answered or scored.
"""

import hashlib
import json
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.models import Orderable
from wagtail.search import index

from lms.org.models import BilingualNameMixin, CentreOwnedQuerySet

from .formats import QType


class Subject(models.TextChoices):
    ENGLISH = "english", pgettext_lazy("subject", "English")
    DIGITAL = "digital", _("Digital literacy")
    CHINESE = "chinese", _("Chinese")
    OTHER = "other", _("Other")


class Skill(models.TextChoices):
    READING = "reading", _("Reading")
    LISTENING = "listening", _("Listening")
    GRAMMAR = "grammar", _("Grammar")
    VOCABULARY = "vocabulary", _("Vocabulary")
    WRITING = "writing", _("Writing")
    SPEAKING = "speaking", _("Speaking")
    DIGITAL_USE = "digital_use", _("Using digital tools")
    DIGITAL_SAFETY = "digital_safety", _("Safety and wellbeing online")
    INFORMATION = "information", _("Information and data")
    CONTENT = "content", _("Creating digital content")
    GENERAL = "general", _("General")


class Level(models.TextChoices):
    """Target level of an item: a CEFR level for languages, a difficulty for everything else."""

    A1 = "A1", "A1"
    A2 = "A2", "A2"
    B1 = "B1", "B1"
    B2 = "B2", "B2"
    C1 = "C1", "C1"
    C2 = "C2", "C2"
    EASY = "easy", _("Easy")
    MEDIUM = "medium", _("Medium")
    HARD = "hard", _("Hard")


QTYPE_CHOICES = [
    (QType.SINGLE, _("Single choice")),
    (QType.MULTIPLE, _("Multiple choice")),
    (QType.TRUE_FALSE, _("True/false")),
    (QType.MATCHING, _("Matching")),
    (QType.SHORT, _("Short answer")),
    (QType.NUMERIC, _("Numeric")),
]


def owning_centre(help_text):
    """The centre a bank record or test belongs to; empty for OBEC's national ones."""
    return models.ForeignKey(
        "org.Centre", verbose_name=_("centre"), on_delete=models.PROTECT, null=True, blank=True, help_text=help_text
    )


class OwnedQuerySet(CentreOwnedQuerySet):
    """Bank records and exams belong to a centre, or to OBEC when the centre is empty."""

    def visible_to(self, user):
        """The records of the centres where ``user`` manages tests; national ones only to OBEC.

        A centre's staff never see OBEC's national bank: its answer keys stay with OBEC.
        """
        from lms.people.roles import Capability, scope_for

        return self.in_scope(scope_for(user, Capability.MANAGE_TESTS))

    editable_by = visible_to


class QuestionCategory(index.Indexed, models.Model):
    """A shelf of the bank: one subject, owned by a centre or (empty centre) shared nationally."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    subject = models.CharField(
        pgettext_lazy("test", "subject"), max_length=20, choices=Subject.choices, default=Subject.OTHER
    )
    centre = owning_centre(_("Empty: a national category kept by OBEC."))
    description = models.TextField(pgettext_lazy("category", "description"), blank=True)

    objects = OwnedQuerySet.as_manager()

    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["subject", "name"]
        verbose_name = _("question category")
        verbose_name_plural = _("question categories")

    def __str__(self):
        return self.name


def fingerprint(qtype, text, data, general_feedback=""):
    """What makes two items the same item: importing a file twice matches on this."""
    canonical = json.dumps([qtype, text, data, general_feedback], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


class QuestionQuerySet(models.QuerySet):
    def in_scope(self, scope):
        return self.filter(category__in=QuestionCategory.objects.in_scope(scope))

    def visible_to(self, user):
        return self.filter(category__in=QuestionCategory.objects.visible_to(user))

    def editable_by(self, user):
        return self.filter(category__in=QuestionCategory.objects.editable_by(user))


class Question(index.Indexed, models.Model):
    """An item of the bank. Its content lives in versions; ``current_version`` is what new forms draw."""

    category = models.ForeignKey(
        QuestionCategory, verbose_name=_("category"), on_delete=models.PROTECT, related_name="questions"
    )
    name = models.CharField(_("name"), max_length=255, blank=True)
    qtype = models.CharField(_("type"), max_length=20, choices=QTYPE_CHOICES)
    skill = models.CharField(_("skill"), max_length=20, choices=Skill.choices, default=Skill.GENERAL)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices, blank=True)
    active = models.BooleanField(
        _("in use"), default=True, help_text=_("Items taken out of use are never drawn into new forms.")
    )
    current_version = models.ForeignKey(
        "QuestionVersion", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    fingerprint = models.CharField(max_length=64, editable=False, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = QuestionQuerySet.as_manager()

    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.FilterField("category"),
        index.FilterField("skill"),
        index.FilterField("level"),
        index.FilterField("qtype"),
    ]

    class Meta:
        ordering = ["category", "skill", "level", "pk"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        indexes = [models.Index(fields=["category", "skill", "level", "active"])]

    def __str__(self):
        return self.name or (self.current_version.plain_text[:80] if self.current_version else str(self.pk))


class QuestionVersion(models.Model):
    """One state of an item, never changed once an attempt has drawn it."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    # The type belongs to the version: an item retyped later still scores its past attempts as they were.
    qtype = models.CharField(_("type"), max_length=20, choices=QTYPE_CHOICES)
    text = models.TextField(_("question text"))
    data = models.JSONField(_("answers"))
    general_feedback = models.TextField(_("general feedback"), blank=True)
    audio = models.FileField(_("audio"), upload_to="exams/audio/", blank=True, max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("question version")
        verbose_name_plural = _("question versions")
        constraints = [models.UniqueConstraint(fields=["question", "number"], name="one_version_number")]

    def __str__(self):
        return f"{self.question_id} v{self.number}"

    @property
    def plain_text(self):
        from lms.core.sanitize import html_to_text

        return html_to_text(self.text)


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
    count = models.PositiveIntegerField(_("items"), validators=[MinValueValidator(1), MaxValueValidator(200)])

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


class AttemptStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", pgettext_lazy("attempt", "In progress")
    SUBMITTED = "submitted", _("Submitted")


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
    started_at = models.DateTimeField(_("started at"))
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


class QuestionImport(models.Model):
    """A file of questions handed to the import task, and its report."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    category = models.ForeignKey(QuestionCategory, on_delete=models.CASCADE, related_name="imports")
    filename = models.CharField(max_length=255)
    content = models.BinaryField()
    skill = models.CharField(max_length=20, choices=Skill.choices, blank=True)
    level = models.CharField(max_length=10, choices=Level.choices, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    imported = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    failed = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return self.filename
