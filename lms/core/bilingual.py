"""English beside Thai on pages: the optional ``title_en`` field (``EnglishTitle``), and the rule that a
reader who chose English sees the English version of a field where one is written and the Thai otherwise
(``english``, ``localized``; in templates ``{% load localized %}{{ page|localized:"title" }}``).

A page keeps its Thai ``title``: Wagtail's tree, slugs, search and the official documents use it.
"""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page


class EnglishTitle(models.Model):
    title_en = models.CharField(
        _("title (English)"),
        max_length=255,
        blank=True,
        help_text=_("Shown to readers who use the platform in English. Leave empty to show the Thai title."),
    )

    class Meta:
        abstract = True


def reads_english():
    return (get_language() or "th").startswith("en")


def english(obj, field):
    """``obj.<field>_en`` when the reader uses English and it is written, else ``""``."""
    if obj is None or not reads_english():
        return ""
    name = f"{field}_en"
    if not hasattr(obj, name) and isinstance(obj, Page):
        # A page reached through the tree (a parent, an ancestor) is a plain Page: its English is on its type.
        obj = obj.specific
    return getattr(obj, name, "") or ""


def localized(obj, field):
    """The reader's version of ``obj.<field>``: the English one when chosen and written, the Thai otherwise."""
    return english(obj, field) or getattr(obj, field, "")
