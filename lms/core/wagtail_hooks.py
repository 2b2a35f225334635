"""Wagtail admin hooks of the platform core: the slug field's Thai rule and saving while autosaving."""

from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks


@hooks.register("insert_global_admin_js")
def thai_slugs_in_admin():
    return format_html('<script src="{}"></script>', static("core/js/admin_slugs.js"))
