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


def database_unavailable(request):
    """The 503 for a database that cannot be reached, JSON or a page as the request expects."""
    if wants_json(request):
        response = JsonResponse(
            {"error": _("Reconnecting… nothing you saved is lost."), "retry_after": RETRY_AFTER_SECONDS}, status=503
        )
    elif request.method == "GET":
        page = render_to_string("unavailable.html", {"refresh": RETRY_AFTER_SECONDS * 2})
        response = HttpResponse(page, status=503)
    else:
        # A form was sent and not saved: back to the page it came from, so the person sends it again.
        referer = request.headers.get("Referer", "")
        safe = url_has_allowed_host_and_scheme(referer, {request.get_host()}, request.is_secure())
        response = HttpResponse(render_to_string("unavailable.html", {"back": referer if safe else "/"}), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def server_error(request):
    if isinstance(sys.exc_info()[1], DATABASE_UNAVAILABLE):
        return database_unavailable(request)
    return ordinary_server_error(request)
