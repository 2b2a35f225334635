"""Wagtail admin hooks of the theme: the served Thai web font in the admin as on the site."""

from django.templatetags.static import static
from django.utils.html import format_html_join
from wagtail import hooks

ADMIN_STYLESHEETS = ("vendor/sarabun/400.css", "vendor/sarabun/600.css", "theme/css/admin.css")


@hooks.register("insert_global_admin_css")
def thai_font_in_admin():
    return format_html_join("", '<link rel="stylesheet" href="{}">', ((static(path),) for path in ADMIN_STYLESHEETS))
