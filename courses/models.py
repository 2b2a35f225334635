"""Catalogue -> course -> (module ->) lesson pages.

A ``CoursePage`` is the *course* that ``lms.learning.services`` works with (see that package's
docstring): it answers live, window, capacity, hours, prerequisites and required lessons.
"""

import math
from decimal import ROUND_DOWN, Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, Task, TaskState, Workflow, WorkflowPage, WorkflowTask
from wagtail.search import index

from lms.core.bilingual import EnglishTitle
from lms.core.slugs import ThaiSlugMixin
from lms.learning.models import Competency
from lms.org.models import Centre
from lms.people.page_permissions import (
    CentrePagePermissionTester,
    SectionIndexPermissionTester,
    grant_section_permissions,
)
from lms.people.roles import Capability, scope_for

from . import authoring, permissions, progress
from .blocks import LessonStreamBlock
from .thai_search import index_text


class Track(models.TextChoices):
    ENGLISH = "english", _("English literacy")
    DIGITAL = "digital", _("Digital literacy")
    CODING = "coding", _("Coding")
    COMPETENCY = "competency", _("Competency-based curriculum")
    OTHER = "other_21st", _("Other 21st-century skills")


class Level(models.TextChoices):
    FOUNDATION = "foundation", _("Foundation")
    INTERMEDIATE = "intermediate", _("Intermediate")
    ADVANCED = "advanced", _("Advanced")


class DeliveryMode(models.TextChoices):
    ONLINE = "online", _("Online")
    FACE_TO_FACE = "face_to_face", _("Face-to-face")
    BLENDED = "blended", _("Blended")
    VIRTUAL = "virtual", _("Virtual classroom")


class CompletionRule(models.TextChoices):
    ALL_LESSONS = "all", _("Every lesson")
    SELECTED_LESSONS = "selected", _("The lessons marked as required")


def default_lesson_time_percent():
    return settings.LESSON_TIME_PERCENT_DEFAULT


def required_among(lessons, completion_rule):
    """The lessons of ``lessons`` that ``completion_rule`` requires."""
    if completion_rule == CompletionRule.SELECTED_LESSONS:
        # With nothing marked required the rule would never be met: every lesson counts instead.
        return [lesson for lesson in lessons if lesson.required_for_completion] or lessons
    return lessons


def demanded_minutes(lessons, completion_rule):
    """Estimated minutes of the lessons that ``completion_rule`` requires, among ``lessons``."""
    return sum(lesson.estimated_minutes for lesson in required_among(lessons, completion_rule))


def hours_of(minutes):
    """Minutes as hours, rounded down to a tenth: never more than the time."""
    return (Decimal(minutes) / 60).quantize(Decimal("0.1"), rounding=ROUND_DOWN)


class CourseIndexPage(ThaiSlugMixin, RoutablePageMixin, EnglishTitle, Page):
    """The catalogue: every published course, filtered and searched (see ``courses.catalogue``)."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])
    intro_en = RichTextField(_("introduction (English)"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("title_en"), FieldPanel("intro"), FieldPanel("intro_en")]
    parent_page_types = ["theme.HomePage"]
    subpage_types = ["courses.CoursePage"]

    class Meta:
        verbose_name = _("course catalogue")

    def permissions_for_user(self, user):
        return SectionIndexPermissionTester(user, self)

    @path("")
    def catalogue_view(self, request):
        from .views import catalogue

        return catalogue(request, self)


class CoursePage(ThaiSlugMixin, RoutablePageMixin, EnglishTitle, Page):
    summary = models.TextField(_("summary"), help_text=_("What a teacher will be able to do afterwards, in Thai."))
    summary_en = models.TextField(_("summary (English)"), blank=True)
    description = RichTextField(
        pgettext_lazy("course", "description"), blank=True, features=["bold", "italic", "link", "ol", "ul", "h3"]
    )
    cover_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("cover image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    competencies = ParentalManyToManyField(Competency, verbose_name=_("competencies developed"), blank=True)
    track = models.CharField(_("track"), max_length=20, choices=Track.choices)
    level = models.CharField(_("level"), max_length=20, choices=Level.choices, default=Level.FOUNDATION)
    delivery_mode = models.CharField(
        _("delivery mode"), max_length=20, choices=DeliveryMode.choices, default=DeliveryMode.ONLINE
    )
    development_hours = models.DecimalField(
        _("development hours"),
        max_digits=5,
        decimal_places=1,
        default=Decimal(0),
        validators=[MinValueValidator(Decimal(0))],
        help_text=_("At most the estimated durations of the lessons the course requires: no more is ever credited."),
    )
    lesson_time_percent = models.PositiveSmallIntegerField(
        _("time asked on each lesson (percent of its estimated duration)"),
        default=default_lesson_time_percent,
        validators=[MaxValueValidator(100)],
        help_text=_(
            "A lesson can be marked as done only after the teacher has spent this share of its estimated "
            "duration on its page, as the server measures it. A lesson may set its own minimum instead."
        ),
    )
    centre = models.ForeignKey(Centre, verbose_name=_("centre"), on_delete=models.PROTECT, related_name="courses")
    prerequisites = ParentalManyToManyField(
        "self", verbose_name=_("prerequisite courses"), blank=True, symmetrical=False, related_name="+"
    )
    enrolment_opens = models.DateTimeField(_("enrolment opens"), null=True, blank=True)
    enrolment_closes = models.DateTimeField(_("enrolment closes"), null=True, blank=True)
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Leave empty for no limit. Past it, a waiting list opens.")
    )
    completion_rule = models.CharField(
        _("completed when the teacher has done"),
        max_length=20,
        choices=CompletionRule.choices,
        default=CompletionRule.ALL_LESSONS,
    )

    search_fields = Page.search_fields + [
        index.SearchField("search_text"),
        index.FilterField("track"),
        index.FilterField("level"),
        index.FilterField("delivery_mode"),
        index.FilterField("centre_id"),
    ]

    content_panels = Page.content_panels + [
        FieldPanel("title_en"),
        FieldPanel("summary"),
        FieldPanel("summary_en"),
        FieldPanel("description"),
        FieldPanel("cover_image"),
        MultiFieldPanel(
            [
                FieldPanel("centre"),
                FieldRowPanel([FieldPanel("track"), FieldPanel("level"), FieldPanel("delivery_mode")]),
                FieldPanel("competencies"),
                FieldPanel("development_hours"),
            ],
            heading=_("About the course"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("enrolment_opens"), FieldPanel("enrolment_closes")]),
                FieldPanel("capacity"),
                FieldPanel("prerequisites"),
                FieldPanel("completion_rule"),
                FieldPanel("lesson_time_percent"),
            ],
            heading=_("Enrolment and completion"),
        ),
    ]

    parent_page_types = ["courses.CourseIndexPage"]
    subpage_types = ["courses.ModulePage", "courses.LessonPage"]
    base_form_class = authoring.CourseForm
    # A copy is the template of a new run: it gets its own enrolment window.
    exclude_fields_in_copy = ["enrolment_opens", "enrolment_closes"]

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")

    def permissions_for_user(self, user):
        return CentrePagePermissionTester(user, self, self.centre if self.centre_id else None)

    def clean(self):
        super().clean()
        if self.enrolment_opens and self.enrolment_closes and self.enrolment_closes <= self.enrolment_opens:
            raise ValidationError({"enrolment_closes": _("Enrolment must close after it opens.")})
        # Drafts count too: an author writes the lessons, then sets the hours, then publishes.
        lessons = list(LessonPage.objects.descendant_of(self)) if self.pk else []
        if lessons and self.development_hours is not None:
            bound = hours_of(demanded_minutes(lessons, self.completion_rule))
            if self.development_hours > bound:
                raise ValidationError(
                    {
                        "development_hours": _(
                            "The lessons this course requires are estimated at %(bound)s hours in all; the "
                            "development hours cannot be more. Lengthen or add lessons first."
                        )
                        % {"bound": bound}
                    }
                )

    def search_text(self):
        return index_text(self.title, self.summary, self.title_en, self.summary_en)

    @path("")
    def course_view(self, request):
        from .views import course_page

        return course_page(request, self)

    @path("enrol/", name="enrol")
    def enrol_view(self, request):
        from .views import enrol

        return enrol(request, self)

    @path("withdraw/", name="withdraw")
    def withdraw_view(self, request):
        from .views import withdraw

        return withdraw(request, self)

    @path("enrol-people/", name="enrol_people")
    def enrol_people_view(self, request):
        from .views import enrol_people

        return enrol_people(request, self)

    # The course interface of lms.learning.services.

    def get_prerequisite_ids(self):
        return [p.pk for p in self.prerequisites.all()]

    @cached_property
    def lessons(self):
        """Live lessons of this course in reading order (one query)."""
        return list(LessonPage.objects.live().descendant_of(self).order_by("path"))

    def required_lessons(self):
        return required_among(self.lessons, self.completion_rule)

    def get_required_lesson_ids(self):
        return [lesson.pk for lesson in self.required_lessons()]

    def next_lesson(self, completed_ids):
        """Where to go on: the first required lesson not in ``completed_ids`` in reading order, else the
        first lesson not done, else ``None`` (all done)."""
        for candidates in (self.required_lessons(), self.lessons):
            for lesson in candidates:
                if lesson.pk not in completed_ids:
                    return lesson
        return None

    def credited_hours(self):
        """The development hours, bounded by the estimated time of the lessons the course requires: the
        admin refuses more, and lessons shortened or unpublished later lower what is credited too."""
        return min(self.development_hours, hours_of(demanded_minutes(self.lessons, self.completion_rule)))


class CoursePartMixin:
    """Modules and lessons belong to the course above them, and so to its centre."""

    @property
    def course(self):
        # Not cached before the page has a place in the tree: the answer would change once it has one.
        if "_course" not in self.__dict__ and self.path:
            self.__dict__["_course"] = CoursePage.objects.select_related("centre").ancestor_of(self).first()
        return self.__dict__.get("_course")

    def permissions_for_user(self, user):
        course = self.course
        return CentrePagePermissionTester(user, self, course.centre if course else None)


class ModulePage(ThaiSlugMixin, CoursePartMixin, EnglishTitle, Page):
    """An optional grouping of lessons inside a course."""

    intro = models.TextField(_("introduction"), blank=True)
    intro_en = models.TextField(_("introduction (English)"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("title_en"), FieldPanel("intro"), FieldPanel("intro_en")]
    parent_page_types = ["courses.CoursePage"]
    subpage_types = ["courses.LessonPage"]

    class Meta:
        verbose_name = _("module")


class LessonPage(ThaiSlugMixin, CoursePartMixin, RoutablePageMixin, EnglishTitle, Page):
    body = StreamField(LessonStreamBlock(), verbose_name=_("lesson"), blank=True)
    estimated_minutes = models.PositiveIntegerField(
        _("estimated duration (minutes)"), default=30, validators=[MinValueValidator(1)]
    )
    minimum_minutes = models.PositiveIntegerField(
        _("minimum time on the page (minutes)"),
        null=True,
        blank=True,
        help_text=_("Leave empty for the course's share of the estimated duration."),
    )
    required_for_completion = models.BooleanField(
        _("required for completion"),
        default=True,
        help_text=_("Counts when the course is completed by the lessons marked as required."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("title_en"),
        FieldRowPanel(
            [FieldPanel("estimated_minutes"), FieldPanel("minimum_minutes"), FieldPanel("required_for_completion")]
        ),
        FieldPanel("body"),
    ]
    parent_page_types = ["courses.CoursePage", "courses.ModulePage"]
    subpage_types = []

    def h5p_blocks(self):
        """The H5P blocks of this lesson's body with an item chosen, in reading order (loaded with the body)."""
        return [block.value for block in self.body if block.block_type == "h5p" and block.value.get("content")]

    def h5p_contents(self):
        return [value["content"] for value in self.h5p_blocks()]

    def test_blocks(self):
        """Test blocks that must be passed (a pass mark is set) for the lesson to be done."""
        return [
            block.value
            for block in self.body
            if block.block_type == "test" and block.value.get("exam") and block.value.get("pass_percent")
        ]

    def required_seconds(self, course=None):
        """Time the teacher must spend on the page, as the server measures it."""
        if self.minimum_minutes is not None:
            return self.minimum_minutes * 60
        course = course or self.course
        percent = course.lesson_time_percent if course else 0
        return math.ceil(self.estimated_minutes * 60 * percent / 100)

    def missing_requirements(self, enrolment, lesson_progress):
        """The lesson interface of ``lms.learning.services``: what is still missing, as messages."""
        return [r.missing for r in progress.requirements(self, enrolment.user, lesson_progress) if not r.met]

    @path("")
    def lesson_view(self, request):
        from .views import lesson_page

        return lesson_page(request, self)

    @path("complete/", name="complete")
    def complete_view(self, request):
        from .views import complete

        return complete(request, self)

    @path("heartbeat/", name="heartbeat")
    def heartbeat_view(self, request):
        from .views import heartbeat

        return heartbeat(request, self)

    @path("status/", name="status")
    def status_view(self, request):
        from .views import lesson_status

        return lesson_status(request, self)

    class Meta:
        verbose_name = _("lesson")


def _course_of(obj):
    obj = obj.specific if isinstance(obj, Page) else obj
    if isinstance(obj, CoursePage):
        return obj
    return getattr(obj, "course", None)


class CentreApprovalTask(Task):
    """A workflow step approved by a manager of the centre that runs the course being published."""

    class Meta:
        verbose_name = _("centre manager approval")
        verbose_name_plural = _("centre manager approvals")

    def _may_approve(self, obj, user):
        course = _course_of(obj)
        return course is not None and permissions.may_approve_at(user, course.centre)

    def user_can_access_editor(self, obj, user):
        return self._may_approve(obj, user)

    def locked_for_user(self, obj, user):
        return not self._may_approve(obj, user)

    def user_can_lock(self, obj, user):
        return self._may_approve(obj, user)

    def get_actions(self, obj, user):
        if not self._may_approve(obj, user):
            return []
        return [
            ("reject", _("Request changes"), True),
            # Wagtail adds "and publish" itself when approving publishes the page.
            ("approve", _("Approve"), False),
            ("approve", _("Approve with comment"), True),
        ]

    def get_task_states_user_can_moderate(self, user, **kwargs):
        states = self.task_states.filter(status=TaskState.STATUS_IN_PROGRESS)
        if user.is_superuser:
            return states
        centres = Centre.objects.in_scope(scope_for(user, Capability.APPROVE_COURSES))
        paths = CoursePage.objects.filter(centre__in=centres).values_list("path", flat=True)
        if not paths:
            return TaskState.objects.none()
        in_courses = models.Q()
        for path_prefix in paths:
            in_courses |= models.Q(path__startswith=path_prefix)
        page_ids = [str(pk) for pk in Page.objects.filter(in_courses).values_list("pk", flat=True)]
        return states.filter(workflow_state__object_id__in=page_ids)

    @classmethod
    def get_description(cls):
        return _("A manager of the centre that runs the course approves it")


def ensure_course_workflow(index_page):
    """Courses under ``index_page`` are published through centre-manager approval. Safe to repeat."""
    task = CentreApprovalTask.objects.filter(active=True).first() or CentreApprovalTask.objects.create(
        name=str(_("Centre manager approval"))
    )
    assigned = WorkflowPage.objects.filter(page=index_page).select_related("workflow").first()
    # Named in the site's language when created: editors see the name on the "submit to …" button.
    workflow = assigned.workflow if assigned else Workflow.objects.create(name=str(_("HCEC course approval")))
    if not workflow.workflow_tasks.exists():
        # Workflow is a cluster: its related manager would not save a task created through it.
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.update_or_create(page=index_page, defaults={"workflow": workflow})
    grant_section_permissions(index_page)
    return workflow
