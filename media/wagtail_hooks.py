"""H5P content in the Wagtail admin: the library listing (and chooser for lesson blocks) and the upload.

Items are added only through the upload, which validates the package. Who sees and changes which
items is the model's rule (``H5PContent.objects.visible_to`` / ``editable_by``), registered as its
permission policy (``permissions.py``).
"""

from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel
from wagtail.admin.widgets import HeaderButton
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import CreateView, IndexView

from lms.people.page_permissions import AuthorCentresMixin
from lms.people.viewsets import ScopedViewSet

from . import admin_views
from .models import H5PContent
from .permissions import may_upload


class H5PContentForm(AuthorCentresMixin, WagtailAdminModelForm):
    pass


class H5PIndexView(IndexView):
    @property
    def header_buttons(self):
        buttons = [b for b in super().header_buttons if b.url != self.add_url]
        if may_upload(self.request.user):
            buttons.append(HeaderButton(_("Upload an H5P package"), url=reverse("h5p_upload"), icon_name="upload"))
        return buttons


class H5PCreateView(CreateView):
    def dispatch(self, request, *args, **kwargs):
        return redirect("h5p_upload")


class H5PContentViewSet(ScopedViewSet):
    model = H5PContent
    icon = "pick"
    menu_label = _("H5P content")
    menu_order = 330
    add_to_admin_menu = True
    index_view_class = H5PIndexView
    add_view_class = H5PCreateView
    base_form_class = H5PContentForm
    list_display = ["title", "main_library", "max_score", "centre", "uploaded_by", "created_at"]
    list_filter = ["centre"]
    search_fields = ["title"]
    panels = [FieldPanel("title"), FieldPanel("centre"), FieldPanel("max_score"), FieldPanel("min_attempt_seconds")]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("centre", "uploaded_by")


register_snippet(H5PContentViewSet)


@hooks.register("register_admin_urls")
def register_upload_url():
    return [path("h5p/upload/", admin_views.upload, name="h5p_upload")]
