"""The organisation in the Wagtail admin: provinces, areas, schools and centres, scoped to the editor.

The Django permission (from the role's group) says whether someone may edit schools at all; the
scope says which: a centre manager lists, opens and saves only records of their own centre, and
chooses provinces, areas and host schools only from it. Out-of-scope records answer 404.
"""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from lms.people.policies import scoped_queryset
from lms.people.viewsets import ScopedViewSet

from . import admin_views
from .models import Centre, Province, School, ServiceArea
from .permissions import may_import


class ScopedOrgForm(WagtailAdminModelForm):
    """Offers only provinces, areas and schools inside the editor's scope."""

    scoped_fields = {
        "province": Province,
        "service_area": ServiceArea,
        "service_areas": ServiceArea,
        "host_school": School,
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.for_user is None:
            return
        for name, model in self.scoped_fields.items():
            if name in self.fields:
                self.fields[name].queryset = scoped_queryset(model, self.for_user)


class OrgViewSet(ScopedViewSet):
    base_form_class = ScopedOrgForm


class ProvinceViewSet(OrgViewSet):
    model = Province
    icon = "site"
    menu_label = _("Provinces")
    list_display = ["name_th", "name_en", "code", "region"]
    list_filter = ["region"]
    search_fields = ["name_th", "name_en", "code"]
    panels = [FieldPanel("code"), FieldPanel("name_th"), FieldPanel("name_en"), FieldPanel("region")]


class ServiceAreaViewSet(OrgViewSet):
    model = ServiceArea
    icon = "globe"
    menu_label = _("Service areas")
    list_display = ["name_th", "code", "kind", "province"]
    list_filter = ["kind", "province"]
    search_fields = ["name_th", "name_en", "code"]
    panels = [
        FieldPanel("code"),
        FieldPanel("name_th"),
        FieldPanel("name_en"),
        FieldPanel("kind"),
        FieldPanel("province"),
    ]


class SchoolViewSet(OrgViewSet):
    model = School
    icon = "home"
    menu_label = _("Schools")
    list_display = ["name_th", "code", "province", "service_area"]
    list_filter = ["province"]
    search_fields = ["name_th", "name_en", "code"]
    list_per_page = 50
    panels = [
        FieldPanel("code"),
        FieldPanel("name_th"),
        FieldPanel("name_en"),
        FieldPanel("province"),
        FieldPanel("service_area"),
        FieldPanel("district"),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("province", "service_area")


class CentreViewSet(OrgViewSet):
    model = Centre
    icon = "group"
    menu_label = _("HCEC centres")
    list_display = ["name_th", "code", "province", "host_school", "is_active"]
    list_filter = ["province", "is_active"]
    search_fields = ["name_th", "name_en", "code"]
    panels = [
        FieldPanel("code"),
        FieldPanel("name_th"),
        FieldPanel("name_en"),
        FieldPanel("province"),
        FieldPanel("host_school"),
        FieldPanel("service_areas"),
        FieldPanel("email"),
        FieldPanel("phone"),
        FieldPanel("is_active"),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("province", "host_school")


class OrganisationGroup(SnippetViewSetGroup):
    menu_label = _("Organisation")
    menu_icon = "site"
    menu_order = 300
    items = (CentreViewSet, SchoolViewSet, ServiceAreaViewSet, ProvinceViewSet)


register_snippet(OrganisationGroup)


@hooks.register("register_admin_urls")
def register_import_urls():
    return [
        path("org/import/", admin_views.import_upload, name="org_import"),
        path("org/import/<int:pk>/", admin_views.import_detail, name="org_import_detail"),
    ]


class ImportMenuItem(MenuItem):
    def is_shown(self, request):
        return may_import(request.user)


@hooks.register("register_settings_menu_item")
def register_import_menu_item():
    return ImportMenuItem(_("Import organisation (CSV)"), reverse("org_import"), icon_name="upload", order=900)
