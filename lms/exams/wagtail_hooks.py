"""The Testing Center in the Wagtail admin: bank, imports, tests and sittings, each limited to the user's scope.

Who may change a kind of record is the role group's model permission; which records, the models'
``visible_to`` / ``editable_by`` rules, registered as their permission policies (``permissions.py``).
"""

import django_filters
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.admin.widgets import HeaderButton
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import IndexView, SnippetViewSetGroup

from lms.people.roles import Capability, capability_menu_item
from lms.people.viewsets import ScopedViewSet

from . import admin_views
from .forms import CategoryForm, ExamForm, QuestionForm, SittingForm
from .models import Exam, Question, QuestionCategory, Sitting
from .permissions import may_import


class CategoryViewSet(ScopedViewSet):
    model = QuestionCategory
    icon = "folder-open-inverse"
    menu_label = _("Question categories")
    base_form_class = CategoryForm
    list_display = ["name", "subject", "centre"]
    list_filter = ["subject"]
    search_fields = ["name"]
    panels = [FieldPanel("name"), FieldPanel("subject"), FieldPanel("centre"), FieldPanel("description")]


class QuestionIndexView(IndexView):
    @property
    def header_buttons(self):
        buttons = super().header_buttons
        if may_import(self.request.user):
            buttons.append(HeaderButton(_("Import questions"), url=reverse("exams_import"), icon_name="upload"))
        return buttons


def _own_categories(request):
    return QuestionCategory.objects.visible_to(request.user) if request else QuestionCategory.objects.none()


class QuestionFilterSet(WagtailFilterSet):
    """The category filter names only the categories the user keeps."""

    category = django_filters.ModelChoiceFilter(label=_("category"), queryset=_own_categories)

    class Meta:
        model = Question
        fields = ["category", "qtype", "skill", "level", "active"]


class QuestionViewSet(ScopedViewSet):
    model = Question
    icon = "help"
    menu_label = _("Questions")
    index_view_class = QuestionIndexView
    base_form_class = QuestionForm
    list_display = ["__str__", "category", "qtype", "skill", "level", "active"]
    filterset_class = QuestionFilterSet
    search_fields = ["name"]
    panels = [
        FieldPanel("category"),
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("skill"), FieldPanel("level")]),
        FieldPanel("gift"),
        FieldPanel("case_sensitive"),
        FieldPanel("audio_file"),
        FieldPanel("active"),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("category", "current_version")


class ExamViewSet(ScopedViewSet):
    model = Exam
    icon = "list-ol"
    menu_label = _("Tests")
    base_form_class = ExamForm
    list_display = ["name_th", "subject", "purpose", "centre", "published", "opens_at", "closes_at"]
    list_filter = ["subject", "purpose", "published"]
    panels = [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("name_th"), FieldPanel("name_en")]),
                FieldRowPanel([FieldPanel("subject"), FieldPanel("purpose")]),
                FieldPanel("centre"),
                FieldPanel("instructions"),
            ],
            heading=_("The test"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("published"),
                FieldPanel("mode"),
                FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]),
                FieldRowPanel([FieldPanel("time_limit_minutes"), FieldPanel("max_attempts")]),
                FieldRowPanel([FieldPanel("shuffle_questions"), FieldPanel("shuffle_options")]),
                FieldRowPanel([FieldPanel("show_result"), FieldPanel("show_feedback")]),
                FieldPanel("issues_certificates"),
            ],
            heading=_("When and how"),
        ),
        InlinePanel("blueprint_rules", heading=_("Blueprint: what each form draws"), min_num=1),
        InlinePanel("cut_scores", heading=_("Cut scores: the band of a result")),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("centre")


class SittingViewSet(ScopedViewSet):
    model = Sitting
    icon = "date"
    menu_label = _("Sittings")
    base_form_class = SittingForm
    list_display = ["exam", "centre", "room", "starts_at", "seats", "proctor"]
    list_filter = ["centre"]
    panels = [
        FieldPanel("exam"),
        FieldPanel("centre"),
        FieldPanel("room"),
        FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
        FieldPanel("seats"),
        FieldPanel("proctor"),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("exam", "centre", "proctor")


class TestingCenterGroup(SnippetViewSetGroup):
    items = (ExamViewSet, QuestionViewSet, CategoryViewSet, SittingViewSet)
    menu_icon = "list-ol"
    menu_label = _("Testing Center")
    menu_order = 325


register_snippet(TestingCenterGroup)


@hooks.register("register_admin_urls")
def register_exam_admin_urls():
    return [
        path("exams/import/", admin_views.import_questions, name="exams_import"),
        path("exams/import/<int:pk>/", admin_views.import_report, name="exams_import_report"),
        path("exams/categories/<int:pk>/export/", admin_views.export, name="exams_export"),
    ]


@hooks.register("register_admin_menu_item")
def register_results_menu_item():
    return capability_menu_item(
        Capability.VIEW_RESULTS, _("Test results"), "/tests/manage/", icon_name="table", order=326
    )
