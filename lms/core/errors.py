"""How a refusal and a failure reach the person: ``Refused`` for what the rules do not allow, the
error pages (``error_page``, and Django's ``handler400/403/404/500`` in lms/urls.py), and what a request
gets when it fails outside any view's own handling.

Every error page is in the reader's language, says what happened and offers a way on: back to the page
the person came from, home, and signing in where that would help. 400, 403, 404, 410 and 429 have the
site's layout; the 500 page reads nothing from the database or the context processors (what failed may
be one of them) and has the same look from the static style sheet alone.

A service that will not do something raises ``Refused`` with the reason in the reader's language; the
view turns it into a message on the page it returns to (``refused_response``), a form error, or JSON for
a script. That is the platform's one refusal error: apps do not define their own.

A database that cannot be reached (a PostgreSQL restart, a failover) is not a fault of the page, and it
can surface anywhere: in a view, in a middleware that reads the session or the user before the view
runs, or in the session write on the way out. Whichever it was, the answer is a calm 503 with
``Retry-After`` that says to wait and tries again: JSON for scripts (autosave, heartbeats), a page that
needs no database for people. Every other error gets the ordinary 500 page.
"""

import logging
import sys

from django.contrib import messages
from django.core.exceptions import DisallowedHost
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from .caching import never_store

logger = logging.getLogger(__name__)
RETRY_AFTER_SECONDS = 5
# The DB-API's errors of the database's operation (a lost connection, a server shutting down); an error
# in a query itself (ProgrammingError, IntegrityError) is a bug and stays a 500.
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)


class Refused(Exception):  # noqa: N818 - it names what happened to the request, as Django's PermissionDenied
    """An action the rules do not allow; ``str()`` is the reason, for the person who asked.

    ``code`` names the rule for code and tests; ``status`` is what a script is answered with;
    ``problems`` lists the reasons one by one when there are several (a package with many faults).
    """

    status = 400

    def __init__(self, message="", code="", *, problems=()):
        self.problems = list(problems)
        super().__init__(message or "; ".join(str(problem) for problem in self.problems))
        self.code = code


class RateLimited(Refused):
    """Too many of the same action in a short time: the person should wait, not change anything."""

    status = 429


def refused_response(request, refused, back):
    """The answer to a refused request: JSON for a script, otherwise the reason as a message on ``back``."""
    if wants_json(request):
        return JsonResponse({"error": str(refused)}, status=refused.status)
    messages.error(request, str(refused))
    return redirect(back)


def wants_json(request):
    return request.content_type == "application/json" or "application/json" in request.headers.get("Accept", "")


# What each refusal means to the person who met it: a heading and what to do next.
ERROR_PAGES = {
    400: (
        gettext_lazy("The request could not be read"),
        gettext_lazy("The address or the form sent was not complete or not valid. Go back, check it and try again."),
    ),
    403: (
        gettext_lazy("You do not have access to this page"),
        gettext_lazy(
            "This page is open only to people with the right role or enrolment. If you think you should see it, "
            "ask your centre's staff."
        ),
    ),
    404: (
        pgettext_lazy("error page", "Page not found"),
        gettext_lazy(
            "There is no page at this address. It may have been moved or taken down, or the address may be "
            "mistyped. Start again from the home page or the course catalogue."
        ),
    ),
    410: (
        gettext_lazy("No longer available"),
        gettext_lazy(
            "What this address led to has been withdrawn. If you still need it, ask the centre that issued it."
        ),
    ),
    429: (
        gettext_lazy("Please slow down"),
        gettext_lazy("The same action came many times in a short while. Wait a minute, then try again."),
    ),
}


def error_page(request, status, message="", *, retry_after=None, onward=None):
    """The themed page for ``status`` (one of ``ERROR_PAGES``), with ``message`` saying why when there is
    more to tell and ``onward`` as ``(url, label)`` for the page the person most likely wants next; JSON
    for a script."""
    heading, explanation = ERROR_PAGES[status]
    if wants_json(request):
        response = JsonResponse({"error": str(message or heading)}, status=status)
    else:
        context = {
            "status": status,
            "heading": heading,
            "explanation": explanation,
            "message": message,
            "back": safe_referer(request),
            "onward": onward,
            "offer_sign_in": status == 403 and not getattr(getattr(request, "user", None), "is_authenticated", False),
        }
        response = render(request, "errors/error.html", context, status=status)
    if retry_after:
        response["Retry-After"] = str(retry_after)
    return response


def bad_request(request, exception=None):
    return error_page(request, 400)


def permission_denied(request, exception=None):
    return error_page(request, 403)


def page_not_found(request, exception=None):
    return error_page(request, 404)


def csrf_failure(request, reason=""):
    """A form whose security token no longer matches: almost always one left open past a sign-out."""
    message = _("The form had been open too long, or you signed in again meanwhile. Reload the page and send it again.")
    return error_page(request, 403, message)


def safe_referer(request):
    """The page the person came from when it is on this site, else ``""``."""
    try:
        host = request.get_host()
    except DisallowedHost:  # the 400 for a request to a host this site does not serve
        return ""
    referer = request.headers.get("Referer", "")
    return referer if url_has_allowed_host_and_scheme(referer, {host}, request.is_secure()) else ""


def database_unavailable(request, *, json=None, message=None, template="unavailable.html", back=None):
    """The 503 for a database that cannot be reached.

    JSON when ``json`` says so (by default when the request expects it), with ``message``; otherwise the
    page ``template`` (one extending ``unavailable.html``): a GET tries again by itself, a sent form
    leads ``back`` (by default to the page it came from) so the person sends it again.
    """
    if wants_json(request) if json is None else json:
        text = message or _("Reconnecting… nothing you saved is lost.")
        response = JsonResponse({"error": str(text), "retry_after": RETRY_AFTER_SECONDS}, status=503)
    elif request.method == "GET":
        response = HttpResponse(render_to_string(template, {"refresh": RETRY_AFTER_SECONDS * 2}), status=503)
    else:
        if back is None:
            back = safe_referer(request) or "/"
        response = HttpResponse(render_to_string(template, {"back": back}), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return never_store(response)


def server_error(request):
    if isinstance(sys.exc_info()[1], DATABASE_UNAVAILABLE):
        return database_unavailable(request)
    # No request context: the context processors read the session and the user, which may be what failed.
    context = {"back": safe_referer(request), "again": request.get_full_path() if request.method == "GET" else ""}
    return never_store(HttpResponse(render_to_string("errors/500.html", context), status=500))
