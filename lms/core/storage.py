"""The platform's file store (local folder or S3-compatible): the questions the apps may ask of it, and
the one way a stored file reaches its reader."""

import os
from urllib.parse import quote

from botocore.exceptions import BotoCoreError, ClientError
from django import forms
from django.core.files.storage import FileSystemStorage, default_storage
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy

from .caching import never_store, private_for

PROBE_NAME = "healthz/.probe"

# What a person is told when a write to the store failed (imports, H5P uploads, post attachments).
STORE_DOWN = gettext_lazy("The file store is not answering, so nothing was saved. Please try again later.")
# What a reader is told when a stored file cannot be fetched (certificates, recordings, attachments).
FILE_UNAVAILABLE = gettext_lazy("The file cannot be loaded right now. Try again in a moment.")

# What a storage backend raises when it cannot store or fetch: a full disk, a refused connection,
# an object store that answers with an error. Views catch these and say so, instead of a 500.
STORAGE_ERRORS = (OSError, BotoCoreError, ClientError)


def check_storage(storage=None):
    """Raise if the media storage cannot be used; return a short description of it otherwise.

    A local folder must exist (it is created) and be writable. An object store is asked for a key's
    metadata, which proves the endpoint answers and the credentials and bucket are good without
    writing anything or listing a bucket that may hold millions of objects.
    """
    storage = storage or default_storage
    if isinstance(storage, FileSystemStorage):
        location = storage.location
        os.makedirs(location, exist_ok=True)
        if not os.access(location, os.W_OK):
            raise PermissionError(f"media folder is not writable: {location}")
        return "local"
    storage.exists(PROBE_NAME)
    return storage.__class__.__name__


def check_upload_size(upload, limit):
    """Refuse an upload over ``limit`` bytes, saying both sizes the way people read them."""
    if upload.size > limit:
        raise forms.ValidationError(
            gettext_lazy("The file is %(size)s; the limit is %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)}
        )
    return upload


SANDBOX_CSP = "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:"


def serve_stored(key, *, content_type, inline, filename=None, presign=True):
    """A response that delivers the stored file ``key`` to a reader the caller has already authorised.

    On an object store it is a redirect to a short-lived presigned address, so the file never passes
    through the application (unless ``presign`` is false). Locally it is streamed, ``nosniff`` and
    under a sandbox CSP, so even an HTML or SVG file opened directly cannot run script on our origin.
    Raises ``FileNotFoundError`` when the key is missing and one of ``STORAGE_ERRORS`` when the store
    fails.
    """
    if presign and not isinstance(default_storage, FileSystemStorage):
        disposition = "inline" if inline else "attachment"
        if filename:
            disposition += f"; filename*=UTF-8''{quote(filename)}"
        parameters = {"ResponseContentDisposition": disposition}
        if content_type:
            parameters["ResponseContentType"] = content_type
        return HttpResponseRedirect(default_storage.url(key, parameters=parameters))
    try:
        handle = default_storage.open(key, "rb")
    except (IsADirectoryError, ValueError):
        raise FileNotFoundError(key) from None
    response = FileResponse(
        handle, content_type=content_type or "application/octet-stream", as_attachment=not inline, filename=filename
    )
    private_for(response, 300)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = SANDBOX_CSP
    return response


def file_unavailable():
    """The 503 of a store that failed while fetching: the reader may simply try again."""
    return never_store(HttpResponse(FILE_UNAVAILABLE, status=503, content_type="text/plain; charset=utf-8"))


def serve_file(key, *, content_type, inline, filename=None, presign=True, missing=None):
    """Deliver the stored file ``key`` to a reader the view has authorised, with the answers every view
    gives: a file that is not there is a 404 (or what ``missing()`` returns, for a file that can be made
    again), a store that fails is a 503 saying to try again. See ``serve_stored`` for how it travels.
    """
    try:
        return serve_stored(key, content_type=content_type, inline=inline, filename=filename, presign=presign)
    except FileNotFoundError:
        if missing is None:
            raise Http404 from None
        return missing()
    except STORAGE_ERRORS:
        return file_unavailable()
