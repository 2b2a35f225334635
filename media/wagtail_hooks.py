"""H5P content in the Wagtail admin: the library listing (and chooser for lesson blocks) and the upload.

Items are added only through the upload, which validates the package. People see their centres'
items, shared ones (no centre) and their own uploads; they change only their centres' items and their
own uploads. National roles see and change everything.
"""

from django.db.models import Q
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.widgets import HeaderButton
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.chooser import ChooseResultsView, ChooseView, SnippetChooserViewSet
from wagtail.snippets.views.snippets import (
    CreateView,
    DeleteView,
    EditView,
    HistoryView,
    IndexView,
    SnippetViewSet,
    UsageView,
)

from lms.org.models import Centre
from lms.people.roles import Capability, scope_for

from . import admin_views
from .models import H5PContent


def _author_centres(user):
    return Centre.objects.in_scope(scope_for(user, Capability.AUTHOR_COURSES))


def visible_to(user):
    if user.is_superuser or scope_for(user, Capability.AUTHOR_COURSES).national:
        return H5PContent.objects.all()
    return H5PContent.objects.filter(Q(centre__in=_author_centres(user)) | Q(centre__isnull=True) | Q(uploaded_by=user))


def editable_by(user):
    if user.is_superuser or scope_for(user, Capability.AUTHOR_COURSES).national:
        return H5PContent.objects.all()
    return H5PContent.objects.filter(Q(centre__in=_author_centres(user)) | Q(uploaded_by=user))


class H5PContentForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.for_user is not None and not self.for_user.is_superuser and "centre" in self.fields:
            self.fields["centre"].queryset = _author_centres(self.for_user)


class H5PIndexView(IndexView):
    @property
    def header_buttons(self):
        buttons = [b for b in super().header_buttons if b.url != self.add_url]
        if admin_views.may_upload(self.request.user):
            buttons.append(HeaderButton(_("Upload an H5P package"), url=reverse("h5p_upload"), icon_name="upload"))
        return buttons


class H5PCreateView(CreateView):
    def dispatch(self, request, *args, **kwargs):
        return redirect("h5p_upload")


class H5PEditView(EditView):
    def get_queryset(self):
        return editable_by(self.request.user)


class H5PDeleteView(DeleteView):
    def get_queryset(self):
        return editable_by(self.request.user)


class VisibleObjectMixin:
    def get_base_object_queryset(self):
        return visible_to(self.request.user)


class H5PHistoryView(VisibleObjectMixin, HistoryView):
    pass


class H5PUsageView(VisibleObjectMixin, UsageView):
    pass


class VisibleListMixin:
    def get_object_list(self):
        return visible_to(self.request.user)


class H5PChooseView(VisibleListMixin, ChooseView):
    pass


class H5PChooseResultsView(VisibleListMixin, ChooseResultsView):
    pass


class H5PChooserViewSet(SnippetChooserViewSet):
    choose_view_class = H5PChooseView
    choose_results_view_class = H5PChooseResultsView


class H5PContentViewSet(SnippetViewSet):
    model = H5PContent
    icon = "pick"
    menu_label = _("H5P content")
    menu_order = 330
    add_to_admin_menu = True
    index_view_class = H5PIndexView
    add_view_class = H5PCreateView
    edit_view_class = H5PEditView
    delete_view_class = H5PDeleteView
    history_view_class = H5PHistoryView
    usage_view_class = H5PUsageView
    chooser_viewset_class = H5PChooserViewSet
    list_display = ["title", "main_library", "centre", "uploaded_by", "created_at"]
    list_filter = ["centre"]
    search_fields = ["title"]
    inspect_view_enabled = False
    copy_view_enabled = False

    def get_queryset(self, request):
        return visible_to(request.user).select_related("centre", "uploaded_by")

    def get_edit_handler(self):
        panels = [FieldPanel("title"), FieldPanel("centre")]
        return ObjectList(panels, base_form_class=H5PContentForm).bind_to_model(self.model)


register_snippet(H5PContentViewSet)


@hooks.register("register_admin_urls")
def register_upload_url():
    return [path("h5p/upload/", admin_views.upload, name="h5p_upload")]
