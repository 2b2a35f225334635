"""What a request gets when it fails outside any view's own handling (Django's ``handler500``).

A database that cannot be reached (a PostgreSQL restart, a failover) is not a fault of the page, and it
can surface anywhere: in a view, in a middleware that reads the session or the user before the view
runs, or in the session write on the way out. Whichever it was, the answer is a calm 503 with
``Retry-After`` that says to wait and tries again: JSON for scripts (autosave, heartbeats), a page that
needs no database for people. Every other error gets the ordinary 500 page.
"""

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.defaults import server_error as ordinary_server_error

logger = logging.getLogger(__name__)
RETRY_AFTER_SECONDS = 5
# The DB-API's errors of the database's operation (a lost connection, a server shutting down); an error
# in a query itself (ProgrammingError, IntegrityError) is a bug and stays a 500.
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)


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
    response["Cache-Control"] = "no-store"
    return response


def server_error(request):
    if isinstance(sys.exc_info()[1], DATABASE_UNAVAILABLE):
        return database_unavailable(request)
    return ordinary_server_error(request)
