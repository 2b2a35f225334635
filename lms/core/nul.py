"""Refuse requests that carry a NUL character, before any view sees them.

PostgreSQL cannot store or compare a string with NUL (``\\x00``) in it, so a NUL that reaches a query
or a save is a server error however harmless the page. No person types one: it only ever comes from
a tool probing the site. One check here, on the path, every query parameter, every form field
(names and values; not uploaded file contents) and JSON bodies, answers 400 for all of them, so no
search, filter or form needs its own guard. Django's form fields already refuse NUL too
(``ProhibitNullCharactersValidator``); this covers the views that read ``request.GET`` or
``request.POST`` directly.
"""

import re

from django.utils.translation import gettext as _

from .errors import error_page

# A JSON string escape \u0000 that is not itself an escaped backslash followed by "u0000".
JSON_NUL = re.compile(rb"(?<!\\)(?:\\\\)*\\u0000")
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _in_query_dict(query_dict):
    return any("\x00" in key or any("\x00" in value for value in values) for key, values in query_dict.lists())


def has_nul(request):
    """True when the path, the query, the form fields or a JSON body of ``request`` hold a NUL."""
    if "\x00" in request.path or _in_query_dict(request.GET):
        return True
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return False
    if request.content_type in FORM_TYPES:
        return _in_query_dict(request.POST)
    if request.content_type == "application/json":
        return bool(JSON_NUL.search(request.body))
    return False


class RefuseNulMiddleware:
    """Answer 400, with a short page in the reader's language, to any request with a NUL in it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if has_nul(request):
            return bad_request(request)
        return self.get_response(request)


def bad_request(request):
    return error_page(
        request,
        400,
        _("The address or the form contains a character that is not allowed. Check what you typed and try again."),
    )
