"""The site's URLs and handlers (lms/urls.py), with views that fail in each of the ways a handler answers."""

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.urls import path

from lms.urls import handler400, handler403, handler404, handler500
from lms.urls import urlpatterns as site_urlpatterns

__all__ = ["handler400", "handler403", "handler404", "handler500"]


def suspicious(request):
    raise SuspiciousOperation("a malformed request")


def forbidden(request):
    raise PermissionDenied("internal reason")


def broken(request):
    raise RuntimeError("a secret detail of the stack")


urlpatterns = [
    path("fail/400/", suspicious),
    path("fail/403/", forbidden),
    path("fail/500/", broken),
    *site_urlpatterns,
]
