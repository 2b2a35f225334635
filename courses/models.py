"""Catalogue -> course -> (module ->) lesson pages.

A ``CoursePage`` is the *course* that ``lms.learning.services`` works with (see that package's
docstring): it answers live, window, capacity, hours, prerequisites and required lessons.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
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

from lms.core.caching import mark_public_if_anonymous
from lms.learning.models import Competency
from lms.org.models import Centre
from lms.people.page_permissions import (
    CentrePagePermissionTester,
    SectionIndexPermissionTester,
    grant_section_permissions,
)
from lms.people.roles import Capability, scope_for
from media.models import H5PResult

from . import authoring, views
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


class CourseIndexPage(Page):
    """The catalogue: every published course, filtered and searched (see ``courses.catalogue``)."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["theme.HomePage"]
    subpage_types = ["courses.CoursePage"]

    class Meta:
        verbose_name = _("course catalogue")

    def permissions_for_user(self, user):
        return SectionIndexPermissionTester(user, self)

    def get_context(self, request, *args, **kwargs):
        from .catalogue import catalogue_context

        context = super().get_context(request, *args, **kwargs)
        context.update(catalogue_context(self, request))
        return context

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        mark_public_if_anonymous(request, response)
        return response


class CoursePage(RoutablePageMixin, Page):
    title_en = models.CharField(_("title (English)"), max_length=255, blank=True)
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

    def search_text(self):
        return index_text(self.title, self.summary, self.title_en, self.summary_en)

    @path("")
    def course_view(self, request):
        return views.course_page(request, self)

    @path("enrol/", name="enrol")
    def enrol_view(self, request):
        return views.enrol(request, self)

    @path("withdraw/", name="withdraw")
    def withdraw_view(self, request):
        return views.withdraw(request, self)

    @path("enrol-people/", name="enrol_people")
    def enrol_people_view(self, request):
        return views.enrol_people(request, self)

    # The course interface of lms.learning.services.

    def get_prerequisite_ids(self):
        return [p.pk for p in self.prerequisites.all()]

    @cached_property
    def lessons(self):
        """Live lessons of this course in reading order (one query)."""
        return list(LessonPage.objects.live().descendant_of(self).order_by("path"))

    def get_required_lesson_ids(self):
        lessons = self.lessons
        if self.completion_rule == CompletionRule.SELECTED_LESSONS:
            # With nothing marked required the rule would never be met: every lesson counts instead.
            lessons = [lesson for lesson in lessons if lesson.required_for_completion] or lessons
        return [lesson.pk for lesson in lessons]


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


class ModulePage(CoursePartMixin, Page):
    """An optional grouping of lessons inside a course."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["courses.CoursePage"]
    subpage_types = ["courses.LessonPage"]

    class Meta:
        verbose_name = _("module")


class LessonPage(CoursePartMixin, RoutablePageMixin, Page):
    body = StreamField(LessonStreamBlock(), verbose_name=_("lesson"), blank=True)
    estimated_minutes = models.PositiveIntegerField(
        _("estimated duration (minutes)"), default=30, validators=[MinValueValidator(1)]
    )
    required_for_completion = models.BooleanField(
        _("required for completion"),
        default=True,
        help_text=_("Counts when the course is completed by the lessons marked as required."),
    )

    content_panels = Page.content_panels + [
        FieldRowPanel([FieldPanel("estimated_minutes"), FieldPanel("required_for_completion")]),
        FieldPanel("body"),
    ]
    parent_page_types = ["courses.CoursePage", "courses.ModulePage"]
    subpage_types = []

    def h5p_contents(self):
        """The H5P items in this lesson's body, in reading order (loaded once, with the body)."""
        return [
            block.value["content"] for block in self.body if block.block_type == "h5p" and block.value.get("content")
        ]

    def h5p_done_by(self, user):
        """True when every H5P item of the lesson has a completed result of ``user`` in this lesson."""
        ids = {content.pk for content in self.h5p_contents()}
        if not ids:
            return True
        done = H5PResult.objects.filter(user=user, lesson_id=self.pk, content_id__in=ids, completed=True)
        return set(done.values_list("content_id", flat=True)) >= ids

    @path("")
    def lesson_view(self, request):
        return views.lesson_page(request, self)

    @path("complete/", name="complete")
    def complete_view(self, request):
        return views.complete(request, self)

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
        return course is not None and authoring.may_approve_at(user, course.centre)

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
            ("approve", _("Approve and publish"), False),
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
