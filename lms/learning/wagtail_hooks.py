"""Competencies in the Wagtail admin (OBEC administrators keep the framework)."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Competency


class CompetencyViewSet(SnippetViewSet):
    model = Competency
    icon = "tick-inverse"
    menu_label = _("Competencies")
    menu_order = 320
    add_to_admin_menu = True
    list_display = ["code", "name_th", "name_en", "group"]
    list_filter = ["group"]


register_snippet(CompetencyViewSet)
