"""Reading and validating an H5P package (a zip file), following H5P's own rules.

:func:`inspect` opens the file, checks every entry and the JSON manifests, and returns a
:class:`Package` describing what would be stored, or raises :class:`Refused` listing every
problem, each naming the file and the reason. It never writes anything.

The rules:
- ``h5p.json`` is present and well-formed: ``title``, ``mainLibrary``, ``preloadedDependencies``
  (each with ``machineName``, ``majorVersion``, ``minorVersion``), the main library among them.
- ``content/content.json`` is present and is a JSON object.
- Top-level folders other than ``content`` are libraries, named ``^[\\w0-9\\-\\.]{1,255}$``, each with a
  ``library.json`` naming it; ``js`` and ``css`` files may only live inside library folders.
- Other files must have an extension on H5P's default allow-list, without ``svg`` (script inside an
  image), ``html`` or ``php``.
- Hidden and underscore-prefixed paths (``.DS_Store``, ``__MACOSX/``) are skipped, as H5P does.
- An entry with ``..``, an absolute path, a drive letter, a backslash or a symlink is hostile: the
  whole package is refused.
- Each file and the whole package have an unpacked-size limit, so a zip bomb is refused before any
  byte of it is inflated.
"""

import json
import re
import stat
import zipfile
from dataclasses import dataclass, field

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from lms.core.errors import Refused

LIBRARY_NAME = re.compile(r"[\w0-9\-\.]{1,255}")  # always used with fullmatch
# H5P core's default allow-list of content files, written as H5P writes it, less svg (script inside an
# image) and swf.
H5P_CONTENT_WHITELIST = (
    "json png jpg jpeg gif bmp tif tiff eot ttf woff woff2 otf webm mp4 ogg mp3 m4a wav txt pdf rtf doc docx "
    "xls xlsx ppt pptx odt ods odp xml csv diff patch md textile vtt webvtt"
)
CONTENT_EXTENSIONS = frozenset(H5P_CONTENT_WHITELIST.split())
LIBRARY_EXTENSIONS = CONTENT_EXTENSIONS | {"js", "css"}
MAX_JSON_BYTES = 5 * 1024 * 1024
# Library files H5P packages commonly carry that are never served: skipped, not refused (an
# icon.svg sits in nearly every content type's folder).
SKIPPED_LIBRARY_EXTENSIONS = frozenset({"svg", "md", "html", "htm"})


@dataclass(frozen=True)
class Problem:
    path: str
    reason: str

    def __str__(self):
        return f"{self.path}: {self.reason}" if self.path else self.reason


@dataclass(frozen=True)
class Library:
    folder: str
    machine_name: str
    major: int
    minor: int
    patch: int
    title: str

    @property
    def key(self):
        return (self.machine_name, self.major, self.minor)

    def __str__(self):
        return f"{self.machine_name} {self.major}.{self.minor}.{self.patch}"


@dataclass
class Package:
    title: str
    main_library: str
    manifest: dict
    dependencies: list  # (machineName, major, minor) from preloadedDependencies
    libraries: list = field(default_factory=list)  # Library objects the package brings
    members: list = field(default_factory=list)  # zip entry names to store
    unpacked_bytes: int = 0

    def new_libraries(self, installed):
        """Libraries the package brings that ``installed`` ({key: patch}) lacks or has at a lower patch."""
        return [lib for lib in self.libraries if installed.get(lib.key, -1) < lib.patch]


def _is_symlink(info):
    return stat.S_ISLNK(info.external_attr >> 16)


def _hostile_reason(info):
    name = info.filename
    if "\\" in name:
        return _("the path contains a backslash")
    if name.startswith("/") or re.match(r"^[A-Za-z]:", name):
        return _("the path is absolute")
    if ".." in name.split("/"):
        return _("the path leads outside the package (..)")
    if _is_symlink(info):
        return _("the entry is a symbolic link")
    return None


def _skipped(parts):
    return any(part.startswith((".", "_")) for part in parts)


def _extension(name):
    base = name.rsplit("/", 1)[-1]
    return base.rsplit(".", 1)[-1].lower() if "." in base else ""


def _read_json(archive, name, problems):
    info = archive.getinfo(name)
    if info.file_size > MAX_JSON_BYTES:
        problems.append(Problem(name, _("the file is too large to be a manifest")))
        return None
    try:
        return json.loads(archive.read(info).decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        problems.append(Problem(name, _("is not valid JSON (%(error)s)") % {"error": exc}))
    except (zipfile.BadZipFile, OSError, EOFError):
        problems.append(Problem(name, _("cannot be read from the zip file")))
    return None


def _dependency(entry):
    if not isinstance(entry, dict):
        return None
    name, major, minor = entry.get("machineName"), entry.get("majorVersion"), entry.get("minorVersion")
    if not (isinstance(name, str) and LIBRARY_NAME.fullmatch(name)):
        return None
    if not (isinstance(major, int) and isinstance(minor, int)) or isinstance(major, bool) or isinstance(minor, bool):
        return None
    return (name, major, minor)


def _check_manifest(manifest, problems):
    if not isinstance(manifest, dict):
        problems.append(Problem("h5p.json", _("must be a JSON object")))
        return None
    title = manifest.get("title")
    if not isinstance(title, str) or not title.strip():
        problems.append(Problem("h5p.json", _("has no title")))
    main = manifest.get("mainLibrary")
    if not isinstance(main, str) or not LIBRARY_NAME.fullmatch(main):
        problems.append(Problem("h5p.json", _("has no valid mainLibrary")))
    raw = manifest.get("preloadedDependencies")
    if not isinstance(raw, list) or not raw:
        problems.append(Problem("h5p.json", _("has no preloadedDependencies list")))
        return None
    dependencies = []
    for position, entry in enumerate(raw, start=1):
        dependency = _dependency(entry)
        if dependency is None:
            problems.append(
                Problem(
                    "h5p.json",
                    _("preloadedDependencies entry %(n)d needs machineName, majorVersion and minorVersion")
                    % {"n": position},
                )
            )
        else:
            dependencies.append(dependency)
    if isinstance(main, str) and dependencies and main not in {d[0] for d in dependencies}:
        problems.append(
            Problem("h5p.json", _("the mainLibrary %(name)s is not among preloadedDependencies") % {"name": main})
        )
    return dependencies


def _check_library(archive, folder, problems):
    name = f"{folder}/library.json"
    if name not in archive.namelist():
        problems.append(Problem(f"{folder}/", _("library folder has no library.json")))
        return None
    data = _read_json(archive, name, problems)
    if data is None:
        return None
    try:
        versions = [data["majorVersion"], data["minorVersion"], data["patchVersion"]]
        if not all(isinstance(v, int) and not isinstance(v, bool) and v >= 0 for v in versions):
            raise ValueError
        library = Library(
            folder=folder,
            machine_name=data["machineName"],
            major=versions[0],
            minor=versions[1],
            patch=versions[2],
            title=str(data.get("title", data["machineName"])),
        )
    except (KeyError, TypeError, ValueError):
        problems.append(Problem(name, _("needs machineName, majorVersion, minorVersion and patchVersion")))
        return None
    if not (isinstance(library.machine_name, str) and LIBRARY_NAME.fullmatch(library.machine_name)):
        problems.append(Problem(name, _("machineName is not a valid library name")))
        return None
    if folder not in (library.machine_name, f"{library.machine_name}-{library.major}.{library.minor}"):
        problems.append(
            Problem(
                f"{folder}/",
                _("folder name must be %(expected)s")
                % {"expected": f"{library.machine_name}-{library.major}.{library.minor}"},
            )
        )
    for key in ("preloadedJs", "preloadedCss"):
        for item in data.get(key, []) or []:
            path = item.get("path") if isinstance(item, dict) else None
            if not isinstance(path, str) or f"{folder}/{path}" not in archive.namelist():
                problems.append(Problem(name, _("lists %(path)s, which is not in the package") % {"path": path}))
    return library


def inspect(fileobj, *, installed=None):
    """Validate the H5P package in ``fileobj`` (a path or a seekable binary file).

    ``installed`` maps ``(machineName, major, minor)`` to the patch version of libraries the platform
    already has; a dependency the package does not bring must be among them.
    """
    installed = installed or {}
    try:
        archive = zipfile.ZipFile(fileobj)
    except (zipfile.BadZipFile, OSError, EOFError):
        raise Refused(problems=[Problem("", _("This is not an H5P package: it is not a zip file."))]) from None
    with archive:
        return _inspect_archive(archive, installed)


def _inspect_archive(archive, installed):
    problems, hostile = [], []
    members, library_folders, total = [], set(), 0
    file_limit, total_limit = settings.H5P_MAX_FILE_BYTES, settings.H5P_MAX_TOTAL_BYTES
    entries = archive.infolist()
    if len(entries) > settings.H5P_MAX_FILES:
        raise Refused(
            problems=[
                Problem(
                    "",
                    _("The package holds %(count)d files; the limit is %(limit)d.")
                    % {"count": len(entries), "limit": settings.H5P_MAX_FILES},
                )
            ]
        )
    for info in entries:
        reason = _hostile_reason(info)
        if reason:
            hostile.append(Problem(info.filename, reason))
            continue
        parts = [p for p in info.filename.split("/") if p]
        if not parts or info.is_dir() or _skipped(parts):
            continue
        name = info.filename
        if len(parts) == 1:
            if name != "h5p.json":
                continue  # a README or licence beside h5p.json: not part of the content, not stored
        elif parts[0] == "content":
            if _extension(name) not in CONTENT_EXTENSIONS:
                problems.append(
                    Problem(name, _("files of type .%(ext)s are not allowed in content") % {"ext": _extension(name)})
                )
                continue
        else:
            folder = parts[0]
            if not LIBRARY_NAME.fullmatch(folder):
                problems.append(Problem(name, _("%(folder)s is not a valid library folder name") % {"folder": folder}))
                continue
            library_folders.add(folder)
            if _extension(name) in SKIPPED_LIBRARY_EXTENSIONS:
                continue
            if _extension(name) not in LIBRARY_EXTENSIONS:
                problems.append(
                    Problem(name, _("files of type .%(ext)s are not allowed in libraries") % {"ext": _extension(name)})
                )
                continue
        if info.file_size > file_limit:
            problems.append(
                Problem(
                    name,
                    _("unpacks to %(size)s; the limit for one file is %(limit)s")
                    % {"size": filesizeformat(info.file_size), "limit": filesizeformat(file_limit)},
                )
            )
            continue
        total += info.file_size
        members.append(name)
    if hostile:
        # A package that tries to write outside its folder is refused whole, whatever else it holds.
        raise Refused(problems=hostile)
    if total > total_limit:
        problems.append(
            Problem(
                "",
                _("The package unpacks to %(size)s; the limit is %(limit)s.")
                % {"size": filesizeformat(total), "limit": filesizeformat(total_limit)},
            )
        )
    names = set(members)
    manifest, dependencies = None, []
    if "h5p.json" not in names:
        problems.append(Problem("h5p.json", _("is missing")))
    else:
        manifest = _read_json(archive, "h5p.json", problems)
        if manifest is not None:
            dependencies = _check_manifest(manifest, problems) or []
    if "content/content.json" not in names:
        problems.append(Problem("content/content.json", _("is missing")))
    else:
        content = _read_json(archive, "content/content.json", problems)
        if content is not None and not isinstance(content, dict):
            problems.append(Problem("content/content.json", _("must be a JSON object")))
    libraries = [lib for folder in sorted(library_folders) if (lib := _check_library(archive, folder, problems))]
    provided = {lib.key for lib in libraries}
    for dependency in dependencies:
        if dependency not in provided and dependency not in installed:
            problems.append(
                Problem(
                    "h5p.json",
                    _("needs the library %(name)s %(major)d.%(minor)d, which is neither in the package nor installed")
                    % {"name": dependency[0], "major": dependency[1], "minor": dependency[2]},
                )
            )
    if problems:
        raise Refused(problems=problems)
    return Package(
        title=manifest["title"].strip(),
        main_library=manifest["mainLibrary"],
        manifest=manifest,
        dependencies=dependencies,
        libraries=libraries,
        members=members,
        unpacked_bytes=total,
    )
