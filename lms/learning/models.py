"""Competencies, enrolments, lesson progress and the hours ledger: plain models, never page fields."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.search import index

from lms.org.models import BilingualNameMixin


class CompetencyGroup(models.TextChoices):
    PROFESSIONAL = "professional", _("Professional competency")
    CORE = "core", _("Core competency")
    TWENTY_FIRST_CENTURY = "21st_century", _("21st-century competency")


class Competency(BilingualNameMixin, index.Indexed, models.Model):
    """A competency a course develops; the framework (levels, EIDP) grows in a later issue."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    name_th = models.CharField(_("name (Thai)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    group = models.CharField(pgettext_lazy("competency", "group"), max_length=20, choices=CompetencyGroup.choices)

    search_fields = [
        index.SearchField("name_th"),
        index.SearchField("name_en"),
        index.SearchField("code"),
        index.AutocompleteField("name_th"),
        index.AutocompleteField("name_en"),
        index.AutocompleteField("code"),
    ]

    class Meta:
        ordering = ["group", "code"]
        verbose_name = _("competency")
        verbose_name_plural = _("competencies")

    def __str__(self):
        return f"{self.code} {self.name}"


class EnrolmentStatus(models.TextChoices):
    ENROLLED = "enrolled", _("Enrolled")
    WAITLISTED = "waitlisted", _("On the waiting list")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    COMPLETED = "completed", _("Completed")


SEAT_HOLDING = (EnrolmentStatus.ENROLLED, EnrolmentStatus.COMPLETED)
ACTIVE = (EnrolmentStatus.ENROLLED, EnrolmentStatus.WAITLISTED, EnrolmentStatus.COMPLETED)


class Enrolment(models.Model):
    """One person in one course. Re-enrolling after withdrawal reuses the row."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrolments")
    # A course with enrolments is unpublished, not deleted: its records are evidence.
    course = models.ForeignKey("wagtailcore.Page", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("status"), max_length=20, choices=EnrolmentStatus.choices)
    enrolled_at = models.DateTimeField(_("enrolled at"), null=True, blank=True)
    waitlisted_at = models.DateTimeField(_("waiting since"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    enrolled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    last_lesson = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    lessons_completed = models.PositiveIntegerField(default=0)
    lessons_required = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [models.UniqueConstraint(fields=["user", "course"], name="one_enrolment_per_course")]
        indexes = [
            models.Index(fields=["course", "status"]),
            models.Index(fields=["user", "status"]),
            models.Index(fields=["course", "waitlisted_at"], condition=Q(status="waitlisted"), name="waitlist_order"),
        ]

    def __str__(self):
        return f"{self.user} · {self.course_id} · {self.status}"

    @property
    def percent_complete(self):
        if not self.lessons_required:
            return 100 if self.status == EnrolmentStatus.COMPLETED else 0
        return round(100 * self.lessons_completed / self.lessons_required)


class LessonProgress(models.Model):
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="lesson_progress")
    lesson = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    first_viewed_at = models.DateTimeField(_("first viewed at"))
    last_viewed_at = models.DateTimeField(_("last viewed at"))
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    # Time the server saw the teacher on the lesson page (see ``services.record_activity``), in seconds.
    active_seconds = models.PositiveIntegerField(_("time on the lesson (seconds)"), default=0)

    class Meta:
        verbose_name = _("lesson progress")
        verbose_name_plural = _("lesson progress")
        constraints = [models.UniqueConstraint(fields=["enrolment", "lesson"], name="one_progress_per_lesson")]

    def __str__(self):
        return f"{self.enrolment_id} · {self.lesson_id}"


class StudyClock(models.Model):
    """When the server last saw a person on a lesson page, and which lesson it was.

    One row per person, whatever the course: the time between two of their lesson events is credited
    to one lesson only, so parallel tabs (of one lesson or of many) never add up to more than the clock.
    """

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    last_event_at = models.DateTimeField()
    progress = models.ForeignKey(LessonProgress, on_delete=models.SET_NULL, null=True, related_name="+")

    def __str__(self):
        return f"{self.user_id} · {self.last_event_at}"


class HoursSource(models.TextChoices):
    COURSE = "course", _("Course")
    PLC = "plc", _("Professional learning community")
    LIVE = "live", _("Live online session")
    FACE_TO_FACE = "face_to_face", _("Face-to-face session")
    TEST = "test", _("Test")
    OTHER = "other", _("Other")


class HoursEntry(models.Model):
    """The one ledger of development hours; courses, PLC sessions and later issues all write here.

    Written only through ``lms.learning.ledger`` (``services.credit_hours``), which refuses what no source
    may write. ``key`` names the credit (``course:<enrolment id>``), so crediting twice is impossible;
    ``evidence`` names what the hours stand for (``plc.session:<id>``), so one person is never credited
    twice for the same thing under two keys. The database backs both, and refuses hours that are not
    positive.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="hours_entries")
    source = models.CharField(_("source"), max_length=20, choices=HoursSource.choices)
    key = models.CharField(max_length=100, unique=True)
    title = models.CharField(_("for"), max_length=255)
    hours = models.DecimalField(_("hours"), max_digits=6, decimal_places=2)
    date = models.DateField(_("date"))
    evidence = models.CharField(max_length=100)
    evidence_url = models.CharField(_("evidence"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("development hours")
        verbose_name_plural = _("development hours")
        indexes = [models.Index(fields=["user", "date"])]
        constraints = [
            models.CheckConstraint(condition=Q(hours__gt=0), name="hours_entry_hours_positive"),
            models.UniqueConstraint(fields=["user", "evidence"], name="one_hours_entry_per_evidence"),
        ]

    def __str__(self):
        return f"{self.user} · {self.hours} · {self.title}"
