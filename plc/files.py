"""Files attached to posts: which kinds are accepted, checked by their content, and stored in media storage.

A file's name and the type the browser claims are not trusted. Images must open as images (Pillow);
PDFs and Office files must start the way such files do. Anything else is refused with a message.
"""

import logging
import os

from django.conf import settings
from django.core.files.storage import default_storage
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from lms.core.errors import Refused
from lms.core.storage import STORAGE_ERRORS, STORE_DOWN

from .models import Attachment

logger = logging.getLogger(__name__)

IMAGE_FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "GIF": "image/gif", "WEBP": "image/webp"}
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".gif", ".webp"}
DOCUMENT_TYPES = {
    ".pdf": (b"%PDF-", "application/pdf"),
    ".docx": (b"PK\x03\x04", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ".xlsx": (b"PK\x03\x04", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ".pptx": (b"PK\x03\x04", "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
}


def _image_type(upload):
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            image.verify()
            kind = image.format
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return None
    finally:
        upload.seek(0)
    return IMAGE_FORMATS.get(kind)


def check_upload(upload):
    """Return ``(upload, content type)`` for an accepted file; raise ``Refused`` saying why not."""
    name = os.path.basename(upload.name or "")
    suffix = os.path.splitext(name)[1].lower()
    if upload.size > settings.PLC_ATTACHMENT_MAX_BYTES:
        raise Refused(
            _("%(name)s is larger than %(mb)s MB.")
            % {"name": name, "mb": settings.PLC_ATTACHMENT_MAX_BYTES // (1024 * 1024)}
        )
    if upload.size == 0:
        raise Refused(_("%(name)s is empty.") % {"name": name})
    if suffix in IMAGE_SUFFIXES:
        content_type = _image_type(upload)
        if content_type is None:
            raise Refused(_("%(name)s is not a picture this site can show.") % {"name": name})
        return upload, content_type
    if suffix in DOCUMENT_TYPES:
        magic, content_type = DOCUMENT_TYPES[suffix]
        upload.seek(0)
        head = upload.read(len(magic))
        upload.seek(0)
        if head != magic:
            raise Refused(
                _("%(name)s is damaged or is not really a %(kind)s file.") % {"name": name, "kind": suffix[1:].upper()}
            )
        return upload, content_type
    raise Refused(
        _("%(name)s: this kind of file cannot be attached. Use JPEG, PNG, GIF, WebP, PDF, DOCX, XLSX or PPTX.")
        % {"name": name or _("The file")}
    )


def store(space, user, upload, content_type, post=None):
    """Save an accepted file to media storage and record it; a storage failure leaves no row."""
    attachment = Attachment(
        space=space,
        post=post,
        uploaded_by=user,
        name=os.path.basename(upload.name)[:255],
        content_type=content_type,
        size=upload.size,
    )
    try:
        attachment.file.save(upload.name, upload, save=False)
    except STORAGE_ERRORS:
        raise Refused(STORE_DOWN) from None
    try:
        attachment.save()
    except Exception:
        default_storage.delete(attachment.file.name)
        raise
    return attachment


def delete(attachment):
    name = attachment.file.name
    attachment.delete()
    try:
        default_storage.delete(name)
    except STORAGE_ERRORS as exc:
        # The row is gone, so the file can no longer be reached; a stray object only costs space.
        logger.warning("PLC attachment %s left in storage: %s", name, type(exc).__name__)
