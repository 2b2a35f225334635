import re

from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls
from wagtail.views import serve

from lms.core.slugs import SERVE_PATTERN
from lms.core.views import healthz, livez, switch_language

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("livez", livez, name="livez"),
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("language/<str:code>/", switch_language, name="switch_language"),
    path("accounts/", include("lms.people.auth_urls")),
    path("", include("lms.people.urls")),
    path("", include("lms.learning.urls")),
    path("", include("lms.notifications.urls")),
    path("h5p/", include("media.urls")),
    path("tests/", include("lms.exams.urls")),
    path("", include("lms.certificates.urls")),
]

if settings.DEBUG:
    from lms.core.views import public_media

    # The demo serves the public part of local media (lms.core.views.PUBLIC_MEDIA_PREFIXES); every
    # other file is reached only through its app's view, which checks who asks, as in production.
    urlpatterns += [re_path(rf"^{re.escape(settings.MEDIA_URL.lstrip('/'))}(?P<path>.+)$", public_media)]

# Wagtail's own pattern for page addresses takes \w only, so no address with a Thai vowel or tone mark in
# it would reach a page; this one, first, takes them (lms/core/slugs.py).
urlpatterns += [re_path(SERVE_PATTERN, serve, name="wagtail_serve"), path("", include(wagtail_urls))]

# The error pages in the reader's language and the site's layout (lms/core/errors.py); a database
# outage anywhere in a request is a calm 503, not the 500 page.
handler400 = "lms.core.errors.bad_request"
handler403 = "lms.core.errors.permission_denied"
handler404 = "lms.core.errors.page_not_found"
handler500 = "lms.core.errors.server_error"
