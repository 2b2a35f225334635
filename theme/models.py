"""The home page: the first thing a teacher sees."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from lms.core.bilingual import EnglishTitle
from lms.core.slugs import ThaiSlugMixin
from lms.org.models import Centre


class HomePage(ThaiSlugMixin, EnglishTitle, Page):
    """Welcomes a teacher in Thai (in English for a reader who chose it) and lists the HCEC centres."""

    headline = models.CharField(_("headline"), max_length=200, blank=True)
    headline_en = models.CharField(_("headline (English)"), max_length=200, blank=True)
    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link", "ol", "ul"])
    intro_en = RichTextField(_("introduction (English)"), blank=True, features=["bold", "italic", "link", "ol", "ul"])

    content_panels = Page.content_panels + [
        FieldPanel("title_en"),
        FieldPanel("headline"),
        FieldPanel("headline_en"),
        FieldPanel("intro"),
        FieldPanel("intro_en"),
    ]

    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["centres"] = Centre.objects.filter(is_active=True).select_related("province", "host_school")
        return context
