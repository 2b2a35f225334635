"""Template helpers of the site shell."""

from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def language_choices():
    """``(code, name)`` of each interface language, the name written in that language (ไทย, English).

    Django's own ``get_available_languages`` translates the names into the current language, which
    would label the English button "อังกฤษ" for a reader who is looking for English.
    """
    return settings.LANGUAGES
