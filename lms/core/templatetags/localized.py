"""A page's fields in the reader's language (lms.core.bilingual): ``{{ page|localized:"title" }}``, and
``{{ page|english:"title" }}`` for the English alone (empty in Thai or where none is written)."""

from django import template

from lms.core import bilingual

register = template.Library()
register.filter("localized", bilingual.localized)
register.filter("english", bilingual.english)
