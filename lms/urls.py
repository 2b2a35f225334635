from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

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
    from django.urls import re_path
    from django.views.static import serve

    # Local media for the demo; H5P files and certificates are served only through their checked views.
    urlpatterns += [
        re_path(
            rf"^{settings.MEDIA_URL.lstrip('/')}(?!h5p/|certificates/)(?P<path>.*)$",
            serve,
            {"document_root": settings.MEDIA_ROOT},
        )
    ]

urlpatterns += [path("", include(wagtail_urls))]
