"""Certificate templates in the Wagtail admin (per centre, with a PDF preview), and a link to revocation."""

from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel
from wagtail.admin.widgets import Button
from wagtail.snippets.models import register_snippet

from lms.people.forms import CentreInScopeMixin
from lms.people.roles import Capability, capability_menu_item
from lms.people.viewsets import ScopedEditView, ScopedViewSet

from . import admin_views
from .models import CertificateTemplate


class TemplateForm(CentreInScopeMixin, WagtailAdminModelForm):
    centre_capability = Capability.MANAGE_CERTIFICATES


class TemplateEditView(ScopedEditView):
    @cached_property
    def header_more_buttons(self):
        url = reverse("certificates_template_preview", args=[self.object.pk])
        preview = Button(_("Preview as PDF"), url=url, icon_name="view", attrs={"target": "_blank"}, priority=5)
        return [preview, *super().header_more_buttons]


class CertificateTemplateViewSet(ScopedViewSet):
    model = CertificateTemplate
    icon = "doc-full"
    menu_label = _("Certificate templates")
    menu_order = 327
    add_to_admin_menu = True
    base_form_class = TemplateForm
    edit_view_class = TemplateEditView
    list_display = ["name", "kind", "centre", "valid_months"]
    list_filter = ["kind"]
    panels = [
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("centre"), FieldPanel("kind")]),
        FieldPanel("heading"),
        FieldPanel("wording"),
        FieldPanel("achievement_wording"),
        FieldPanel("background"),
        FieldPanel("valid_months"),
        InlinePanel("signatories", heading=_("Signatories"), max_num=3),
    ]


register_snippet(CertificateTemplateViewSet)


@hooks.register("register_admin_urls")
def register_certificate_admin_urls():
    return [path("certificates/templates/<int:pk>/preview/", admin_views.preview, name="certificates_template_preview")]


@hooks.register("register_admin_menu_item")
def register_certificates_menu_item():
    return capability_menu_item(
        Capability.MANAGE_CERTIFICATES, _("Certificates issued"), "/certificates/manage/", icon_name="tick", order=328
    )
