"""Build small .h5p packages in memory, good ones and crafted bad ones."""

import io
import json
import stat
import zipfile

LIBRARY = {
    "title": "Quick check",
    "machineName": "HCEC.QuickCheck",
    "majorVersion": 1,
    "minorVersion": 0,
    "patchVersion": 2,
    "runnable": 1,
    "preloadedJs": [{"path": "quick-check.js"}],
    "preloadedCss": [{"path": "quick-check.css"}],
}
MANIFEST = {
    "title": "แบบฝึกหัดทดสอบ",
    "language": "th",
    "mainLibrary": "HCEC.QuickCheck",
    "embedTypes": ["div"],
    "preloadedDependencies": [{"machineName": "HCEC.QuickCheck", "majorVersion": 1, "minorVersion": 0}],
}


def good_files():
    return {
        "h5p.json": json.dumps(MANIFEST),
        "content/content.json": json.dumps({"question": "2 + 2 = ?", "answers": ["3", "4"], "correct": 1}),
        "content/images/photo.png": b"\x89PNG fake",
        "HCEC.QuickCheck-1.0/library.json": json.dumps(LIBRARY),
        "HCEC.QuickCheck-1.0/quick-check.js": "H5P.QuickCheck = function () {};",
        "HCEC.QuickCheck-1.0/quick-check.css": ".h5p-quick-check { color: black; }",
    }


def build(files=None, *, symlinks=(), raw_names=()):
    """Zip ``files`` ({name: str or bytes}); ``symlinks`` are (name, target); ``raw_names`` are extra
    (name, bytes) written with the name exactly as given."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in (good_files() if files is None else files).items():
            archive.writestr(name, data)
        for name, target in symlinks:
            info = zipfile.ZipInfo(name)
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
            archive.writestr(info, target)
        for name, data in raw_names:
            archive.writestr(zipfile.ZipInfo(name), data)
    buffer.seek(0)
    return buffer
