"""Views of the platform core that belong to no single app."""

from django.conf import settings
from django.http import Http404, HttpResponse, HttpResponseRedirect, JsonResponse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.static import serve

from .health import run_checks


@never_cache
@require_GET
def livez(request):
    """Liveness: the process answers. Touches nothing else (``/healthz`` checks the services)."""
    return HttpResponse("ok", content_type="text/plain")


@never_cache
@require_GET
def healthz(request):
    """Machine-readable health: 200 when database, cache and media storage all answer, else 503.

    Only the failing check's exception class is reported: the endpoint is public and must not leak
    hostnames or credentials from error messages.
    """
    ok, checks = run_checks()
    return JsonResponse({"status": "ok" if ok else "error", "checks": checks}, status=200 if ok else 503)


@require_GET
def switch_language(request, code):
    """Remember the reader's language in a cookie and go back to where they were.

    A link rather than Django's POST-only ``set_language``: pages for anonymous readers then carry no
    CSRF token or cookie, and shared caches can keep one copy per language. Switching a preference is
    all it does (for a person signed in, also the language of their e-mails), so a forged link can do no
    harm.
    """
    if code not in dict(settings.LANGUAGES):
        raise Http404
    target = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    if request.user.is_authenticated and request.user.language != code:
        # Kept with the account too: e-mails are written in it, away from any cookie.
        request.user.language = code
        request.user.save(update_fields=["language"])
    response = HttpResponseRedirect(target)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite="Lax",
        secure=request.is_secure(),
    )
    return response


# Files anyone may see: Wagtail's image renditions. Everything else under MEDIA_ROOT (exam audio, PLC
# attachments, H5P packages, certificates, documents, original images, imports) is private and reached
# only through its app's view. Production never maps MEDIA_ROOT in the web server (README, Serving media).
PUBLIC_MEDIA_PREFIXES = ("images/",)


@require_GET
def public_media(request, path):
    """The demo's local media, public prefixes only (``make demo`` runs with DEBUG)."""
    parts = path.split("/")
    if not path.startswith(PUBLIC_MEDIA_PREFIXES) or any(part in ("", ".", "..") for part in parts):
        raise Http404
    return serve(request, path, document_root=settings.MEDIA_ROOT)
