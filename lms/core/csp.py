"""Content-Security-Policy on every page, through django-csp.

The site's own pages get the strict policy of ``CONTENT_SECURITY_POLICY``: scripts, styles, fonts and
frames from the platform only, no inline script or style attribute, never framed, no plugins. Files in
the media store (S3 in production) may be shown as images, audio and video.

Wagtail's admin (``/admin/``) and Django's (``/django-admin/``) get ``CONTENT_SECURITY_POLICY_ADMIN``,
the same policy with ``'unsafe-inline'`` for scripts and styles and ``data:``/``blob:`` images. Under the
strict policy Wagtail 7.4's dashboard works, but its page editor does not: the date and time widgets and
InlinePanel forms are inline scripts, and the editor's bundle (vendor.js) inserts ``<style>`` elements
(wagtail/wagtail#1288; tests/e2e/test_csp.py saw both). Only staff reach those pages, and the admin may
frame itself (page previews), nothing else may.

Responses that bring their own policy keep it: the H5P player and the files it loads are sent with
``sandbox allow-scripts`` (media/views.py, lms/core/storage.py), which django-csp never replaces.
"""

from csp.middleware import CSPMiddleware
from django.conf import settings

ADMIN_PREFIXES = ("/admin/", "/django-admin/")


class PolicyMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and parts.config is None and request.path_info.startswith(ADMIN_PREFIXES):
            parts.config = settings.CONTENT_SECURITY_POLICY_ADMIN["DIRECTIVES"]
        return parts
