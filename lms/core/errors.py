"""How a refusal and a failure reach the person: ``Refused`` for what the rules do not allow, and
what a request gets when it fails outside any view's own handling (Django's ``handler500``).

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
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.defaults import server_error as ordinary_server_error

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
            referer = request.headers.get("Referer", "")
            safe = url_has_allowed_host_and_scheme(referer, {request.get_host()}, request.is_secure())
            back = referer if safe else "/"
        response = HttpResponse(render_to_string(template, {"back": back}), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return never_store(response)


def server_error(request):
    if isinstance(sys.exc_info()[1], DATABASE_UNAVAILABLE):
        return database_unavailable(request)
    return ordinary_server_error(request)
