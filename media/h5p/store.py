"""Putting a validated H5P package into the file store (``default_storage``), and finding its files again.

Layout in the storage (S3 bucket or ``var/media``)::

    h5p/content/<uuid>/h5p.json, content/...            one folder per uploaded item
    h5p/libraries/<machineName>-<major>.<minor>.<patch>/  library code, shared, never overwritten

A library is written only when the platform lacks it or has an older patch; every patch version has
its own folder, so content already using a library never sees its files change underneath it.
"""

import contextlib
import io
import uuid
import zipfile

from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.translation import gettext as _

from lms.core.errors import Refused
from lms.core.storage import STORAGE_ERRORS
from media.models import H5PContent, H5PLibrary

from .package import Package, Problem, inspect
from .scores import package_max_score


class StorageUnavailable(Exception):
    """The file store failed while the package was being written; nothing of it was kept."""


class _Bounded(io.RawIOBase):
    """A zip member read as a stream of at most ``limit`` bytes: a header that under-states a size
    stops here, and nothing is held in memory whole."""

    def __init__(self, raw, limit):
        super().__init__()
        self.raw, self.left, self.size = raw, limit, limit

    def readable(self):
        return True

    def readinto(self, buffer):
        data = self.raw.read(min(len(buffer), self.left + 1))
        self.left -= len(data)
        if self.left < 0:
            raise zipfile.BadZipFile("member is larger than its header says")
        buffer[: len(data)] = data
        return len(data)


def installed_libraries():
    """``{(machineName, major, minor): patch}`` of every library on the platform."""
    return {
        (lib.machine_name, lib.major_version, lib.minor_version): lib.patch_version for lib in H5PLibrary.objects.all()
    }


def library_prefix(library):
    return f"h5p/libraries/{library.machine_name}-{library.major}.{library.minor}.{library.patch}"


def check_upload(uploaded_file, user):
    """Validate an upload for ``user``: the package rules, and the right to bring new library code."""
    installed = installed_libraries()
    package = inspect(uploaded_file, installed=installed)
    new = package.new_libraries(installed)
    if new and not user.has_perm("media.install_h5p_library"):
        raise Refused(
            [
                Problem(
                    "",
                    _(
                        "This package brings library code the platform does not have yet (%(libraries)s). "
                        "Only staff allowed to install H5P libraries may upload it; ask your centre's ICT officer."
                    )
                    % {"libraries": ", ".join(str(lib) for lib in new)},
                )
            ]
        )
    return package, new


def store_package(uploaded_file, *, user, centre=None, title=""):
    """Validate and store an uploaded package; return the new :class:`H5PContent`.

    Raises ``Refused`` (nothing written) or ``StorageUnavailable`` (whatever was written is
    removed again and no row remains).
    """
    package, new_libraries = check_upload(uploaded_file, user)
    uploaded_file.seek(0)
    written = []
    try:
        with zipfile.ZipFile(uploaded_file) as archive, transaction.atomic():
            content = H5PContent.objects.create(
                title=(title or package.title)[:255],
                main_library=package.main_library,
                storage_prefix=f"h5p/content/{uuid.uuid4().hex}",
                unpacked_bytes=package.unpacked_bytes,
                max_score=package_max_score(package.main_library),
                centre=centre,
                uploaded_by=user,
            )
            _write_members(archive, package, new_libraries, content, written)
            for library in new_libraries:
                H5PLibrary.objects.update_or_create(
                    machine_name=library.machine_name,
                    major_version=library.major,
                    minor_version=library.minor,
                    defaults={
                        "patch_version": library.patch,
                        "title": library.title[:255],
                        "storage_prefix": library_prefix(library),
                    },
                )
            used = {(lib.machine_name, lib.major, lib.minor) for lib in package.libraries} | set(package.dependencies)
            libraries = [
                lib
                for lib in H5PLibrary.objects.all()
                if (lib.machine_name, lib.major_version, lib.minor_version) in used
            ]
            content.libraries.set(libraries)
            content.library_prefixes = {lib.folder: lib.storage_prefix for lib in libraries}
            content.save(update_fields=["library_prefixes"])
    except Exception as exc:
        for name in written:
            # Best effort: the store may be the very thing that failed.
            with contextlib.suppress(*STORAGE_ERRORS):
                default_storage.delete(name)
        if isinstance(exc, STORAGE_ERRORS):
            raise StorageUnavailable(str(exc)) from exc
        if isinstance(exc, zipfile.BadZipFile):
            raise Refused(problems=[Problem("", _("The zip file is damaged: %(error)s") % {"error": exc})]) from exc
        raise
    return content


def _write_members(archive, package: Package, new_libraries, content, written):
    new_folders = {lib.folder: lib for lib in new_libraries}
    for member in package.members:
        top, _sep, rest = member.partition("/")
        if member == "h5p.json" or top == "content":
            key = f"{content.storage_prefix}/{member}"
        elif top in new_folders:
            key = f"{library_prefix(new_folders[top])}/{rest}"
            if default_storage.exists(key):
                # Left by an attempt that failed before it was recorded: the same version, replaced.
                default_storage.delete(key)
        else:
            continue
        info = archive.getinfo(member)
        with archive.open(info) as raw:
            saved = default_storage.save(key, File(_Bounded(raw, info.file_size), name=key))
        written.append(saved)
