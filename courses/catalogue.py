"""The catalogue's filters and Thai-aware search."""

from django import forms
from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, When
from django.utils.translation import gettext_lazy as _

from lms.learning.models import Competency
from lms.org.models import Centre, Province

from .models import CoursePage, DeliveryMode, Level, Track
from .thai_search import query_text

PAGE_SIZE = 24
MAX_SEARCH_RESULTS = 500


def _choices(label, choices):
    return [("", label), *choices]


class CatalogueFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    track = forms.ChoiceField(label=_("Track"), required=False, choices=_choices(_("All tracks"), Track.choices))
    level = forms.ChoiceField(label=_("Level"), required=False, choices=_choices(_("All levels"), Level.choices))
    mode = forms.ChoiceField(
        label=_("Delivery mode"), required=False, choices=_choices(_("All delivery modes"), DeliveryMode.choices)
    )
    competency = forms.ModelChoiceField(
        label=_("Competency"), required=False, queryset=Competency.objects.all(), empty_label=_("All competencies")
    )
    province = forms.ModelChoiceField(
        label=_("Province"),
        required=False,
        queryset=Province.objects.filter(pk__in=Centre.objects.values("province")),
        empty_label=_("All provinces"),
    )
    centre = forms.ModelChoiceField(
        label=_("Centre"),
        required=False,
        queryset=Centre.objects.filter(is_active=True).select_related("province"),
        empty_label=_("All centres"),
    )

    @property
    def active_filter_count(self):
        """How many filters besides the search words are set: shown on the folded filters, which then start open."""
        return sum(1 for name in self.fields if name != "q" and self.data.get(name))


def search_ids(query, base):
    """Ids of courses in ``base`` matching ``query``, best first; Thai is split into words first."""
    words = query_text(query)
    if not words:
        return []
    return [page.pk for page in base.search(words, operator="and")[:MAX_SEARCH_RESULTS]]


def filtered_courses(index_page, data):
    """``(form, queryset)`` of the catalogue's live courses after the filters and search in ``data``."""
    form = CatalogueFilterForm(data)
    courses = CoursePage.objects.live().child_of(index_page)
    if not form.is_valid():
        return form, courses.none()
    filters = form.cleaned_data
    for field, value in (
        ("track", filters["track"]),
        ("level", filters["level"]),
        ("delivery_mode", filters["mode"]),
        ("competencies", filters["competency"]),
        ("centre__province", filters["province"]),
        ("centre", filters["centre"]),
    ):
        if value:
            courses = courses.filter(**{field: value})
    if filters["q"]:
        ids = search_ids(filters["q"], CoursePage.objects.live().child_of(index_page))
        ranking = Case(*(When(pk=pk, then=rank) for rank, pk in enumerate(ids)), output_field=IntegerField())
        courses = courses.filter(pk__in=ids).annotate(rank=ranking).order_by("rank") if ids else courses.none()
    else:
        courses = courses.order_by("-first_published_at", "pk")
    return form, courses


def catalogue_context(index_page, request):
    form, courses = filtered_courses(index_page, request.GET)
    courses = courses.select_related("centre__province", "cover_image")
    page = Paginator(courses, PAGE_SIZE).get_page(request.GET.get("page"))
    return {"form": form, "courses_page": page}
