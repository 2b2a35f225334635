"""The question bank: categories, items and their versions.

A :class:`Question` keeps its history as :class:`QuestionVersion` rows. An attempt points at the
versions it drew, so editing an item later never changes what a candidate saw, answered or scored.
"""

import hashlib
import json

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.search import index

from lms.core.sanitize import html_to_text
from lms.org.models import CentreOwnedQuerySet
from lms.people.roles import Capability, scope_for

from ..formats import QType


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
        return html_to_text(self.text)
