"""H5P content in the Wagtail admin: the library listing (and chooser for lesson blocks) and the upload."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.widgets import HeaderButton
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet

from . import admin_views
from .models import H5PContent


class H5PIndexView(IndexView):
    @property
    def header_buttons(self):
        buttons = [b for b in super().header_buttons if b.url != self.add_url]
        if admin_views.may_upload(self.request.user):
            buttons.append(HeaderButton(_("Upload an H5P package"), url=reverse("h5p_upload"), icon_name="upload"))
        return buttons


class H5PContentViewSet(SnippetViewSet):
    model = H5PContent
    icon = "pick"
    menu_label = _("H5P content")
    menu_order = 330
    add_to_admin_menu = True
    index_view_class = H5PIndexView
    list_display = ["title", "main_library", "centre", "uploaded_by", "created_at"]
    list_filter = ["centre"]
    search_fields = ["title"]
    inspect_view_enabled = True
    copy_view_enabled = False
    panels = ["title", "centre"]


register_snippet(H5PContentViewSet)


@hooks.register("register_admin_urls")
def register_upload_url():
    return [path("h5p/upload/", admin_views.upload, name="h5p_upload")]
