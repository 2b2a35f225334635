"""The sandboxed H5P player and the requests it makes, all authorised by the play token in the path."""

import json
import mimetypes
import posixpath

from django.contrib.staticfiles.storage import staticfiles_storage
from django.core import signing
from django.http import Http404, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from lms.core.errors import Refused
from lms.core.storage import serve_file
from lms.people.models import User

from .h5p import results
from .h5p.tokens import read_play_token
from .models import H5PContent

# How each file of a package is served. JSON is read by the frame's scripts with fetch() from its
# opaque origin, and stylesheets refer to fonts by relative address: these (and fonts, which need
# CORS) pass through the application. Scripts and media go to the store by a presigned address.
# Nothing else (xml, txt, pdf, office files...) is ever rendered: it is sent as an attachment, so a
# package cannot bring a page that runs in a browser tab.
THROUGH_APP = (".json", ".css", ".woff", ".woff2", ".ttf", ".otf", ".eot")
INLINE = THROUGH_APP + (
    ".js",
    ".png",
    ".jpg",
    ".jpeg",
    ".gif",
    ".bmp",
    ".webm",
    ".mp4",
    ".ogg",
    ".mp3",
    ".m4a",
    ".wav",
    ".vtt",
    ".webvtt",
)


def _resolve(token):
    try:
        user_id, content_id, lesson_id = read_play_token(token)
    except signing.BadSignature:
        raise Http404 from None
    user = get_object_or_404(User, pk=user_id, is_active=True)
    content = get_object_or_404(H5PContent, pk=content_id)
    return user, content, lesson_id


def _cors(response):
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _preflight():
    # H5P core's jQuery requests carry X-Requested-With, so the browser asks first.
    response = _cors(HttpResponse(status=204))
    response["Access-Control-Allow-Methods"] = "GET, POST, OPTIONS"
    response["Access-Control-Allow-Headers"] = "Content-Type, X-Requested-With"
    response["Access-Control-Max-Age"] = "600"
    return response


@never_cache
@xframe_options_sameorigin
@require_GET
def play(request, token):
    user, content, lesson_id = _resolve(token)
    # Results count only for an attempt the server started here, with its own clock.
    attempt = results.open_attempt(user, content, lesson_id)
    base = request.path.rstrip("/")
    state = results.load_state(user, content)
    options = {
        "h5pJsonPath": f"{base}/files",
        "contentJsonPath": f"{base}/files/content",
        "librariesPath": f"{base}/files/libraries",
        "frameJs": staticfiles_storage.url("h5p-standalone/frame.bundle.js"),
        "frameCss": staticfiles_storage.url("h5p-standalone/styles/h5p.css"),
        "xAPIObjectIRI": results.object_iri(content),
        "user": {"name": f"learner-{user.pk}", "mail": results.actor_mail(user)},
        "saveFreq": 5,
        "ajax": {"contentUserDataUrl": f"{base}/state/:dataType/:subContentId"},
        "contentUserData": [{"state": state}] if state else None,
        "icon": False,
        # Render in this frame itself: a nested frame could not be scripted from an opaque origin.
        "embedType": "div",
    }
    response = TemplateResponse(
        request,
        "media/h5p/player.html",
        {
            "content": content,
            "config": {"options": options, "xapiUrl": f"{base}/xapi/{attempt.pk}"},
        },
    )
    # Even opened on its own, the player page may only run scripts in an opaque origin.
    response["Content-Security-Policy"] = "sandbox allow-scripts"
    return response


@require_GET
def play_file(request, token, path):
    _user, content, _lesson_id = _resolve(token)
    parts = path.split("/")
    if not path or "\x00" in path or any(part in ("", ".", "..") or part.startswith(".") for part in parts):
        raise Http404
    if parts[0] == "libraries" and len(parts) > 2:
        prefix = content.library_prefixes.get(parts[1])
        if not prefix:
            raise Http404
        key = posixpath.join(prefix, *parts[2:])
    elif path == "h5p.json" or parts[0] == "content":
        key = posixpath.join(content.storage_prefix, path)
    else:
        raise Http404
    lower = path.lower()
    inline = lower.endswith(INLINE)
    content_type = (mimetypes.guess_type(key)[0] if inline else None) or "application/octet-stream"
    # Scripts and media go to the store by a presigned address; CSS and fonts come through here.
    return _cors(serve_file(key, content_type=content_type, inline=inline, presign=not lower.endswith(THROUGH_APP)))


@csrf_exempt  # authorised by the unguessable, user-bound token in the path, not by a cookie
@require_http_methods(["POST", "OPTIONS"])
def xapi(request, token, attempt_id=None):
    if request.method == "OPTIONS":
        return _preflight()
    user, content, lesson_id = _resolve(token)
    if len(request.body) > results.MAX_STATEMENT_BYTES:
        return _cors(HttpResponseBadRequest(_("the statement is too large")))
    try:
        statement = json.loads(request.body.decode("utf-8"))
        outcome = results.record_statement(user, content, lesson_id, statement, attempt_id)
    except (UnicodeDecodeError, json.JSONDecodeError):
        return _cors(HttpResponseBadRequest(_("a statement must be a JSON object")))
    except Refused as refused:
        return _cors(HttpResponseBadRequest(str(refused)))
    return _cors(JsonResponse({"result": outcome}))


@csrf_exempt  # as above
@require_http_methods(["GET", "POST", "OPTIONS"])
def state(request, token, data_type, sub_content_id):
    if request.method == "OPTIONS":
        return _preflight()
    user, content, _lesson_id = _resolve(token)
    try:
        results.check_state_key(data_type, sub_content_id)
    except Refused as refused:
        return _cors(HttpResponseBadRequest(str(refused)))
    if request.method == "GET":
        return _cors(
            JsonResponse({"success": True, "data": results.load_state(user, content, data_type, sub_content_id)})
        )
    data = request.POST.get("data")
    if request.POST.get("invalidate") == "1" and data is None:
        data = "0"
    try:
        results.save_state(user, content, data, data_type, sub_content_id)
    except Refused as refused:
        return _cors(HttpResponseBadRequest(str(refused)))
    return _cors(JsonResponse({"success": True}))
