"""Wagtail admin viewsets whose every lookup is limited to the editor's scope.

The model permission (from the role's group) says whether someone may edit a kind of record at all;
the model's permission policy (``lms.people.policies``) says which records. Listing, edit, delete,
history, usage and the chooser all filter through it, so a record outside the scope answers 404 or is
not listed.
"""

from django.contrib import messages
from django.db.models import ProtectedError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from wagtail.admin.panels import ObjectList
from wagtail.snippets.views.chooser import ChooseResultsView, ChooseView, SnippetChooserViewSet
from wagtail.snippets.views.snippets import DeleteView, EditView, HistoryView, SnippetViewSet, UsageView

from .policies import scoped_queryset


class ScopedObjectMixin:
    """For history and usage views, which look their object up through get_base_object_queryset
    (their get_queryset lists log entries and references)."""

    def get_base_object_queryset(self):
        return scoped_queryset(self.model, self.request.user)


class ScopedSingleObjectMixin:
    """For edit and delete views, which look their object up through get_queryset."""

    def get_queryset(self):
        return scoped_queryset(self.model, self.request.user, "edit")


class ScopedObjectListMixin:
    def get_object_list(self):
        return scoped_queryset(self.model_class, self.request.user)


class ScopedEditView(ScopedSingleObjectMixin, EditView):
    pass


class ScopedDeleteView(ScopedSingleObjectMixin, DeleteView):
    """Records that others still depend on (a school with teachers, an item in past attempts) are kept,
    with a message saying why, instead of a server error."""

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except ProtectedError:
            messages.error(
                self.request,
                _("“%(object)s” is still in use by other records, so it was not deleted.") % {"object": self.object},
            )
            return redirect(self.get_success_url())


class ScopedHistoryView(ScopedObjectMixin, HistoryView):
    pass


class ScopedUsageView(ScopedObjectMixin, UsageView):
    pass


class ScopedChooseView(ScopedObjectListMixin, ChooseView):
    pass


class ScopedChooseResultsView(ScopedObjectListMixin, ChooseResultsView):
    pass


class ScopedChooserViewSet(SnippetChooserViewSet):
    choose_view_class = ScopedChooseView
    choose_results_view_class = ScopedChooseResultsView


class ScopedViewSet(SnippetViewSet):
    """A snippet viewset limited to the editor's scope; ``base_form_class`` builds its edit form."""

    edit_view_class = ScopedEditView
    delete_view_class = ScopedDeleteView
    history_view_class = ScopedHistoryView
    usage_view_class = ScopedUsageView
    chooser_viewset_class = ScopedChooserViewSet
    inspect_view_enabled = False
    copy_view_enabled = False
    base_form_class = None

    def get_queryset(self, request):
        return scoped_queryset(self.model, request.user)

    def get_edit_handler(self):
        return ObjectList(self.panels, base_form_class=self.base_form_class).bind_to_model(self.model)
