"""Template filters for dates in the Buddhist Era: ``{% load thaidates %}{{ d|be_date }}``."""

from django import template

from lms.core import thaidate

register = template.Library()


@register.filter
def be_date(value, arg=""):
    """Thai date with the Buddhist Era in Thai, English date in CE otherwise; ``"short"`` abbreviates."""
    return thaidate.display_date(value, short=(arg == "short"))


@register.filter
def thai_date(value, arg=""):
    """Always Thai with the Buddhist Era, as on official documents."""
    return thaidate.thai_date(value, short=(arg == "short"))
