"""Views of the platform core that belong to no single app."""

from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .health import run_checks


@never_cache
@require_GET
def healthz(request):
    """Machine-readable health: 200 when database, cache and media storage all answer, else 503.

    Only the failing check's exception class is reported: the endpoint is public and must not leak
    hostnames or credentials from error messages.
    """
    ok, checks = run_checks()
    return JsonResponse({"status": "ok" if ok else "error", "checks": checks}, status=200 if ok else 503)
