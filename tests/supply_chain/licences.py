"""THIRD_PARTY.md: every shipped dependency with its version and licence, checked against the platform's own.

Shipped means what a production install puts on a server or sends to a browser: the pins of requirements.txt
and the packages of package-lock.json that are not dev dependencies. requirements-dev.txt is not shipped (the
test, lint, lock and audit tools run on developer and CI machines only), so it is not listed.

Python licences are read by pip-licenses from the installed distributions and normalised to SPDX here; npm
licences come from each installed package's package.json. Where that is missing, vague, or names several
licences without saying how they combine, OVERRIDES gives the expression read from the package's own files,
with the reason, and the check fails once the package declares something else, so an override never hides a
relicensing.

The policy, against BSD-3-Clause: a permissive licence passes; weak copyleft (LGPL, MPL) passes, with a note on
what it asks; strong copyleft (GPL, AGPL) passes only with a written review in REVIEWED for that exact licence;
a licence the policy does not know fails. The check fails when THIRD_PARTY.md is not what --write produces now,
or when the policy fails, so a lock change that brings in an unreviewed GPL package breaks `make test`.
"""

import json
import re
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[2]
OUTPUT = "THIRD_PARTY.md"
PYTHON_LOCK = "requirements.txt"
NPM_LOCK = "package-lock.json"
MODULE = "tests/supply_chain/licences.py"
# pip-compile writes one `name==version \` line per package, then its hashes and `# via` comments.
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)")
# What pip-licenses prints for a field the metadata does not have.
MISSING = "UNKNOWN"

PERMISSIVE, WEAK, STRONG, UNRECOGNISED = "permissive", "weak copyleft", "strong copyleft", "unknown"
# From least to most demanding: a choice (OR) takes the first of its alternatives here, a combination (AND)
# the last of its parts.
CLASSES = (PERMISSIVE, WEAK, STRONG, UNRECOGNISED)
PERMISSIVE_LICENCES = frozenset(
    {
        "0BSD",
        "Apache-2.0",
        "BSD-2-Clause",
        "BSD-3-Clause",
        "CC0-1.0",
        "HPND",
        "ISC",
        "MIT",
        "MIT-0",
        "MIT-CMU",
        "OFL-1.1",
        "PostgreSQL",
        "PSF-2.0",
        "Python-2.0",
        "Unlicense",
        "Zlib",
    }
)
# Matched by family, so that an older or misspelt GNU or Mozilla identifier still counts as copyleft and
# a GPL package is never waved through as merely unknown-then-overridden.
WEAK_COPYLEFT = re.compile(r"(LGPL|MPL)-\d")
STRONG_COPYLEFT = re.compile(r"A?GPL-\d")

# Licence names found in the metadata and classifiers of the shipped packages, as SPDX identifiers. The
# classifiers "Apache Software License" and "Python Software Foundation License" name no version and are left
# out: a package that declares nothing else needs an override.
BSD_FAMILY = "BSD (variant from the licence file)"
NAMES = {
    "Apache License 2.0": "Apache-2.0",
    "BSD": BSD_FAMILY,
    "BSD License": BSD_FAMILY,
    "ISC License (ISCL)": "ISC",
    "MIT License": "MIT",
    "Mozilla Public License 2.0 (MPL 2.0)": "MPL-2.0",
    "New BSD": "BSD-3-Clause",
}


class Override(NamedTuple):
    licence: str  # the SPDX expression taken
    declared: str  # what the package declared when this was written
    why: str


# Keyed by the package's name as its lock spells it.
OVERRIDES = {
    "defusedxml": Override("PSF-2.0", "PSFL", "Its LICENSE is the 'PYTHON SOFTWARE FOUNDATION LICENSE VERSION 2'."),
    "h5p-standalone": Override(
        "MIT AND GPL-3.0-only",
        "MIT",
        "MIT covers Tunapanda's player code; dist/ also carries H5P's core JavaScript, CSS and icon fonts, "
        "which are GPL-3.0 (see the section on h5p-standalone).",
    ),
    "pillow-heif": Override(
        "BSD-3-Clause AND LGPL-3.0-or-later AND GPL-2.0-or-later",
        "BSD-3-Clause",
        "BSD-3-Clause covers pillow-heif's own source; its binary wheel bundles libheif, libde265 and x265 "
        "(LICENSES_bundled.txt; see the section on pillow-heif).",
    ),
    "pyphen": Override(
        "GPL-2.0-or-later OR LGPL-2.1-or-later OR MPL-1.1",
        "GNU General Public License v2 or later (GPLv2+); GNU Lesser General Public License v2 or later (LGPLv2+); "
        "Mozilla Public License 1.1 (MPL 1.1)",
        "Three classifiers; its LICENSE says 'GPL 2.0+/LGPL 2.1+/MPL 1.1 tri-license', a choice of one.",
    ),
    "python-dateutil": Override(
        "Apache-2.0 AND BSD-3-Clause",
        "Dual License",
        "Its LICENSE puts contributions since 2017-12-01 under Apache-2.0 and adds 'The above BSD License "
        "applies to all code, even that also covered by Apache 2.0': both apply.",
    ),
    "qrcode": Override(
        "BSD-3-Clause AND MIT",
        "BSD",
        "Classifiers say BSD and 'Other/Proprietary'. Its LICENSE is Lincoln Loop's 3-clause BSD plus the MIT "
        "licence of the qrcode.js code it was ported from; the 'proprietary' part is DENSO WAVE's trademark on "
        "the words 'QR Code', not a licence term.",
    ),
}


class Review(NamedTuple):
    licence: str  # the strong-copyleft expression this review accepts; another one needs a new review
    text: str  # a THIRD_PARTY.md section; {version} is the locked version


H5P_REVIEW = """\
### h5p-standalone {version}: the H5P player, with H5P's GPL-3.0 core inside

**What the package carries.** Its `LICENSE` and `package.json` say MIT (Copyright (c) 2015 Tunapanda), and
that covers h5p-standalone's own code. Its `dist/` also carries H5P's core, built in from the copy of
[h5p-php-library](https://github.com/h5p/h5p-php-library) kept in the upstream repository's `vendor/h5p/`:
`src/frame.ts` requires `vendor/h5p/js/h5p.js`, `h5p-event-dispatcher.js`, `h5p-x-api.js`,
`h5p-content-type.js`, `h5p-confirmation-dialog.js`, `h5p-action-bar.js` and H5P's copy of jQuery, and
`webpack.common.js` merges `vendor/h5p/styles/*.css` into `dist/styles/h5p.css` and copies `vendor/h5p/fonts`
and `images`. So `dist/frame.bundle.js`, `dist/styles/h5p.css` and H5P's icon fonts (`dist/fonts/h5p-core-30.woff2`,
`h5p-theme.woff2`, `h5p-hub-publish.woff*`) are H5P core, whose `LICENSE.txt` is the GNU GPL version 3 and whose
`composer.json` says `"license": "GPL-3.0"` (the older SPDX name of GPL-3.0-only). The npm package does not say
so itself: `.npmignore` leaves `vendor/` out, no GPL text or notice ships, the only extracted licence comment is
`dist/main.bundle.js.LICENSE.txt` (regenerator-runtime, MIT), and minifying dropped the MIT header of the jQuery
inside `frame.bundle.js` (`vendor/h5p/js/jquery.js` begins `/*! jQuery v3.5.1 | (c) JS Foundation and other
contributors | jquery.org/license */`). `dist/fonts/inter/LICENSE.txt` and `dist/fonts/open-sans/OFL.txt` put
the Inter and Open Sans fonts under OFL-1.1. Listed above as `MIT AND GPL-3.0-only`.

**How the platform ships it.**

- Pinned at {version} in `package.json` and `package-lock.json`, with the tarball's integrity hash, and installed
  unmodified by `npm ci --ignore-scripts`; nothing is rebuilt or patched.
- `lms/settings/base.py` puts `node_modules/h5p-standalone/dist` in `STATICFILES_DIRS` as `h5p-standalone/`:
  `collectstatic` copies the files and WhiteNoise serves them. The only change on the way is Django's manifest
  storage: hashed file names, the `url(...)` references in `h5p.css` rewritten to them, and compressed copies.
- Only the H5P player page loads it: `media/templates/media/h5p/player.html` loads `main.bundle.js`, and
  `media/views.py` passes `frameJs` and `frameCss`, which h5p-standalone adds to the same page
  (`embedType: "div"`). That page is served with `Content-Security-Policy: sandbox allow-scripts` and shown in an
  iframe of the lesson page, so H5P runs in the viewer's browser, in a frame with an opaque origin of its own.
- The platform talks to it from outside: `media/static/media/h5p-player.js` (ours, BSD-3-Clause) starts the
  player through h5p-standalone's documented API (`new H5PStandalone.H5P(element, options)` and the xAPI events
  of `H5P.externalDispatcher`), posts the statements to the server and tells the lesson page the frame's height
  by `postMessage`; `media/static/media/h5p-sandbox.js` gives H5P an in-memory `localStorage`. The Python code
  never loads or links H5P code; it serves the files and receives JSON.

**What it means for deployers.** Sending the bundle to browsers conveys GPL-3.0 code, in minified (object code)
form, to every viewer, and the deployer's server is what sends it. GPL-3.0, unlike the AGPL, asks nothing for
running it; for conveying it asks:

- **The corresponding source on offer.** It is the h5p-standalone repository at tag `v{version}` (`src/`,
  `vendor/h5p/` and the webpack configuration); the npm tarball holds only the built files. GPL-3.0 section 6(d)
  lets that be a copy on another server, with clear directions to it kept beside the object code; the deployer
  stays answerable for it remaining available, so keeping one's own copy of that tag is the safe way.
- **The licence made known.** The package carries no GPL notice to keep, so the deployer says where viewers
  find the licence and that source, for instance on the site's about or terms page, pointing here.
- **Changes stay GPL-3.0.** Serving a modified `frame.bundle.js`, `h5p.css` or H5P core means conveying a modified
  version, under GPL-3.0 and with its source. Moving to another published version is not a modification.
- **The platform's own code stays BSD-3-Clause**, a separate work: the server never combines with H5P code, and
  the frame's scripts only call h5p-standalone's published API. A deployer who counts `h5p-player.js` and the
  bundle as one work in the browser can convey that script under GPL-3.0 terms with it, BSD-3-Clause being
  GPL-compatible; nothing else changes.
- **H5P content is not in this list.** The content types inside uploaded `.h5p` packages (`H5P.MultiChoice` and
  the like) run in the same frame, carry their own licences in each `library.json`, and are the uploader's.

A deployer who cannot meet these terms can leave H5P out: no page but the H5P player loads the bundle, so placing
no H5P activities in lessons (and not serving `/static/h5p-standalone/`) means it is never conveyed.
"""

PILLOW_HEIF_REVIEW = """\
### pillow-heif {version}: x265, GPL-2.0-or-later, inside the binary wheel

**Why it is here.** Wagtail requires `Willow[heif]`, which brings pillow-heif; Willow imports it whenever it is
installed (`willow/plugins/pillow.py`), so it is loaded wherever Wagtail opens an image, to read HEIC/HEIF
uploads. Its metadata says BSD-3-Clause, the licence of pillow-heif's own source. The wheel pip installs holds
more: `pillow_heif-{version}.dist-info/licenses/LICENSES_bundled.txt` says "License for "pillow-heif" binary
wheels: GPLv2, due to base library licenses", because `pillow_heif.libs/` bundles libheif and libde265
(LGPL-3.0-or-later, by their source headers) and the x265 encoder (GPL-2.0-or-later); that file names each
library's version and source. Listed above as `BSD-3-Clause AND LGPL-3.0-or-later AND GPL-2.0-or-later`.

**What it means.** The project ships the lock (names, versions, hashes), not the wheel: every install downloads
it from PyPI. Running it is not distributing it, and GPL-2.0 has no network clause, so serving pages puts no
obligation on the deployer. The obligations arise for whoever hands an installed copy to others (a container or
VM image, a copied virtualenv, a wheelhouse): the x265, libheif and libde265 binaries in it go with their
licences and their source, or a written offer of it (GPL-2.0 section 3), for the versions `LICENSES_bundled.txt`
names. The platform's own code, loaded in the same process, keeps its BSD-3-Clause licence.
"""

# Strong copyleft accepted after reading how the package is shipped; keyed like OVERRIDES.
REVIEWED = {
    "h5p-standalone": Review("MIT AND GPL-3.0-only", H5P_REVIEW),
    "pillow-heif": Review("BSD-3-Clause AND LGPL-3.0-or-later AND GPL-2.0-or-later", PILLOW_HEIF_REVIEW),
}

# What a weak-copyleft licence, or a package's bundled files, ask of whoever conveys an install.
NOTES = {
    "@fontsource/sarabun": (
        "The Thai web font, served from `/static/vendor/sarabun/` (`lms/settings/base.py`), never from a CDN. "
        "OFL-1.1 lets fonts be used, embedded and redistributed with any software; the copyright notice and "
        "licence travel with them (the package's `LICENSE`), a modified font stays under the OFL, and the "
        "fonts may not be sold on their own."
    ),
    "certifi": (
        "MPL-2.0: Mozilla's bundle of trusted CA certificates. MPL-2.0 is per file: only changes to certifi's own "
        "files would have to be published under it, and it is used unmodified."
    ),
    "pillow": (
        "MIT-CMU. The wheel bundles libjpeg, libpng, libtiff, libwebp, FreeType, HarfBuzz, lcms2, OpenJPEG, "
        "libavif, zstd, liblzma, brotli, libXau and libxcb (`pillow.libs/`), each with its licence in the "
        "wheel's `LICENSE`, all permissive. FreeType is offered under the FreeType Licence or GPL-2.0 and is "
        "taken under the FreeType Licence, which asks for this credit: Portions of this software are copyright "
        "© The FreeType Project (www.freetype.org). All rights reserved."
    ),
    "psycopg": (
        "LGPL-3.0-only. Django's PostgreSQL backend imports it as an unmodified library, installed on its own from "
        "PyPI. The LGPL binds changes to psycopg itself, not the code that uses it; whoever conveys a copy passes "
        "on its licence and source (its sdist on PyPI) and leaves it replaceable, as a separately installed "
        "package already is."
    ),
    "psycopg-binary": (
        "LGPL-3.0-only, as psycopg, whose compiled core it is. The wheel also bundles libpq and the libraries "
        "libpq links to (`psycopg_binary.libs/`: OpenSSL 3, Kerberos, OpenLDAP, Cyrus SASL, keyutils, libcrypt, "
        "com_err), each under its own licence: the PostgreSQL Licence for libpq, Apache-2.0 for OpenSSL 3, "
        "permissive or LGPL for the others. Whoever conveys an installed copy passes those on too."
    ),
    "pyphen": (
        "Offered under GPL-2.0-or-later, LGPL-2.1-or-later or MPL-1.1; the platform takes MPL-1.1, the least "
        "demanding of the three, a per-file copyleft that binds only changes to pyphen's own files, and uses it "
        "unmodified (WeasyPrint hyphenates with it). Its hyphenation dictionaries come from LibreOffice, each under "
        "the licence its `pyphen/dictionaries/README_hyph_*.txt` states (the Thai one LPPL 1.3+, a few GPL only, "
        "such as Galician and Portuguese); they are data read at run time and ship unmodified, with those READMEs, "
        "inside pyphen's wheel."
    ),
}
WEAK_COPYLEFT_NOTE = (
    "Weak copyleft, used unmodified as a separately installed library: whoever conveys a copy passes on its "
    "licence and source, and changes to its own files would be shared under it."
)

HEADER = """\
# Third-party software

Generated by `make third-party` (`python -m tests.supply_chain third-party --write`) from `requirements.txt`,
`package-lock.json` and the installed packages' own metadata: do not edit it by hand. `make test` fails when it
is out of date or when a licence breaks the policy below.

The platform is BSD-3-Clause (`LICENSE`). This lists what a production install ships: every Python package pinned
in `requirements.txt` and every npm package of `package-lock.json` that is not a dev dependency, at its locked
version. Licences are SPDX expressions.
"""

POLICY = """\
## Licence policy

Checked against the platform's BSD-3-Clause by `tests/supply_chain/licences.py` on every `make test`:

- **Permissive** (MIT, BSD, Apache-2.0, ISC, PSF-2.0, MIT-CMU, HPND, OFL-1.1 for fonts, ...): allowed.
- **Weak copyleft** (LGPL, MPL): allowed, used as unmodified separate libraries; the notes below say what each asks.
- **Strong copyleft** (GPL, AGPL): allowed only with a written review of how the package is shipped and what that
  means for deployers, for that exact licence; the reviews follow.
- **Anything else**, or no licence at all: the check fails until someone reads the licence.

A choice of licences (`OR`) counts as its least demanding alternative, a combination (`AND`) as its most
demanding part.
"""

NOT_SHIPPED = """\
## Not shipped

- **Development tools**: `requirements-dev.txt` (pytest, ruff, Playwright, pip-tools, pip-audit, pip-licenses
  and what they need) is installed on developer and CI machines only; production installs `requirements.txt`
  alone, so none of it is listed or conveyed.
- **npm dev dependencies**: packages the lock marks `dev` are skipped (there are none today).
- **The system underneath**: Python, PostgreSQL, Redis and the Pango libraries WeasyPrint draws PDFs with come
  from the deployer's operating system, under their own licences.
"""


@dataclass(frozen=True)
class Package:
    ecosystem: str  # "Python" or "npm"
    name: str
    version: str
    licence: str  # an SPDX expression, or what the package declared when it could not be read as one
    home: str
    declared: str = ""  # what the package declares, before any override
    from_licence_file: bool = False  # a bare "BSD" told apart by the licence text


class ReportError(Exception):
    """The report cannot be made from this checkout: the installed packages do not match the locks."""


def classify(expression):
    """The class an SPDX expression puts on the platform; anything malformed is unknown."""
    tokens = re.findall(r"[()]|[^\s()]+", expression)
    try:
        kind, rest = _either(tokens)
    except (IndexError, ValueError):
        return UNRECOGNISED
    return UNRECOGNISED if rest else kind


def _joined(tokens, operator, operand, pick):
    kind, tokens = operand(tokens)
    while tokens[:1] == [operator]:
        other, tokens = operand(tokens[1:])
        kind = pick(kind, other, key=CLASSES.index)
    return kind, tokens


def _either(tokens):
    return _joined(tokens, "OR", _both, min)


def _both(tokens):
    return _joined(tokens, "AND", _term, max)


def _term(tokens):
    if tokens[0] == "(":
        kind, tokens = _either(tokens[1:])
        if tokens[:1] != [")"]:
            raise ValueError("unbalanced parenthesis")
        return kind, tokens[1:]
    if tokens[0] in ("AND", "OR", "WITH", ")"):
        raise ValueError(f"{tokens[0]} where a licence was expected")
    identifier, tokens = tokens[0], tokens[1:]
    if tokens[:1] == ["WITH"]:
        # An exception only grants more; the licence it amends decides the class.
        if len(tokens) < 2:
            raise ValueError("WITH names no exception")
        tokens = tokens[2:]
    if identifier in PERMISSIVE_LICENCES:
        return PERMISSIVE, tokens
    if WEAK_COPYLEFT.match(identifier):
        return WEAK, tokens
    if STRONG_COPYLEFT.match(identifier):
        return STRONG, tokens
    return UNRECOGNISED, tokens


def problems(packages, overrides=OVERRIDES, reviews=REVIEWED):
    """What stops these packages shipping, one sentence each; empty when the policy passes."""
    found = []
    for package in packages:
        kind = classify(package.licence)
        where = f"{package.ecosystem} package {package.name} {package.version}"
        review = reviews.get(package.name)
        if kind == UNRECOGNISED:
            found.append(
                f"{where}: licence {package.licence or '(none declared)'!r} is not one the policy knows; read the "
                f"package's licence, then add its SPDX identifier to a class or an override with the reason in {MODULE}"
            )
        elif kind == STRONG and review is None:
            found.append(
                f"{where}: {package.licence} is strong copyleft and has no review in REVIEWED ({MODULE}); "
                "write how it is shipped and what that means for deployers before it ships"
            )
        if review and review.licence != package.licence:
            found.append(
                f"{where}: its review in REVIEWED accepts {review.licence}, but it is {package.licence} now; "
                f"review it again in {MODULE}"
            )
        override = overrides.get(package.name)
        if override and package.declared != override.declared:
            found.append(
                f"{where} now declares {package.declared!r}, not {override.declared!r} as when its override was "
                f"written; read its licence files again and update OVERRIDES in {MODULE}"
            )
    for name in sorted((overrides.keys() | reviews.keys()) - {package.name for package in packages}):
        found.append(f"{name} has an override or review in {MODULE} but is no longer shipped; remove it")
    return found


def python_pins(root=ROOT):
    pins = {}
    for line in (root / PYTHON_LOCK).read_text().splitlines():
        if match := PIN.match(line):
            pins[match[1]] = match[2]
    return pins


def npm_pins(root=ROOT):
    lock = json.loads((root / NPM_LOCK).read_text())
    # The entry under "" is the project itself.
    return {
        path.rpartition("node_modules/")[2]: (path, entry)
        for path, entry in lock["packages"].items()
        if path and not entry.get("dev")
    }


def _pip_licenses(names):
    command = [
        sys.executable,
        "-m",
        "piplicenses",
        "--format=json",
        "--with-urls",
        "--with-license-file",
        "--no-license-path",
        # All three sources, so that this module, not pip-licenses' "mixed" rule (classifiers first), chooses.
        "--from=all",
        # pip-licenses leaves out its own dependencies unless asked, and wcwidth is also one of ours.
        "--with-system",
        "--packages",
        *names,
    ]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode:
        raise ReportError(f"pip-licenses failed: {result.stderr.strip() or result.returncode}")
    return json.loads(result.stdout)


def _declared(record):
    for field in ("License-Expression", "License-Metadata", "License-Classifier"):
        if record[field] != MISSING:
            return record[field]
    return ""


def _bsd_variant(text):
    # "BSD License" covers the 2-, 3- and 4-clause licences; their clauses tell them apart.
    text = " ".join(text.lower().split())
    if "redistributions in binary form" not in text:
        return None
    if "advertising materials" in text:
        return "BSD-4-Clause"
    return "BSD-3-Clause" if "endorse or promote" in text else "BSD-2-Clause"


def _spdx(declared, licence_text):
    spdx = NAMES.get(declared, declared)
    if spdx == BSD_FAMILY:
        return _bsd_variant(licence_text)
    return spdx if classify(spdx) != UNRECOGNISED else None


def _python_package(name, version, record):
    text = record["LicenseText"]
    candidates = [record["License-Expression"], record["License-Metadata"]]
    classifiers = set(record["License-Classifier"].split("; ")) - {MISSING}
    # Several classifiers do not say whether they are a choice or a combination; that takes an override.
    if len(classifiers) == 1:
        candidates += classifiers
    licence, from_file = None, False
    for candidate in candidates:
        if licence := _spdx(candidate, text):
            from_file = NAMES.get(candidate) == BSD_FAMILY
            break
    home = record["URL"] if record["URL"] != MISSING else f"https://pypi.org/project/{name}/"
    declared = _declared(record)
    return Package("Python", name, version, licence or declared, home, declared, from_file)


def python_packages(root=ROOT):
    pins = python_pins(root)
    records = {canonicalize_name(record["Name"]): record for record in _pip_licenses(sorted(pins))}
    packages, mismatched = [], []
    for name, version in pins.items():
        record = records.get(canonicalize_name(name))
        if record is None or Version(record["Version"]) != Version(version):
            mismatched.append(f"{name}=={version} (installed: {record['Version'] if record else 'nothing'})")
        else:
            packages.append(_python_package(name, version, record))
    if mismatched:
        # Licences are read from what is installed, so they would describe other files than the lock names.
        raise ReportError(f"the virtualenv does not match {PYTHON_LOCK} (run `make setup`): {', '.join(mismatched)}")
    return packages


def npm_packages(root=ROOT):
    packages, mismatched = [], []
    for name, (path, entry) in npm_pins(root).items():
        manifest_path = root / path / "package.json"
        manifest = json.loads(manifest_path.read_text()) if manifest_path.exists() else {}
        if manifest.get("version") != entry["version"]:
            mismatched.append(f"{name}@{entry['version']} (installed: {manifest.get('version', 'nothing')})")
            continue
        declared = manifest.get("license") or entry.get("license", "")
        home = manifest.get("homepage") or f"https://www.npmjs.com/package/{name}"
        packages.append(Package("npm", name, entry["version"], declared, home, declared))
    if mismatched:
        raise ReportError(f"node_modules does not match {NPM_LOCK} (run `make setup`): {', '.join(mismatched)}")
    return packages


def apply_overrides(packages):
    return [
        Package(p.ecosystem, p.name, p.version, OVERRIDES[p.name].licence, p.home, p.declared)
        if p.name in OVERRIDES
        else p
        for p in packages
    ]


def shipped(root=ROOT):
    """Every shipped package, sorted by ecosystem then name, with overrides applied."""
    packages = apply_overrides(python_packages(root) + npm_packages(root))
    return sorted(packages, key=lambda p: (p.ecosystem != "Python", canonicalize_name(p.name)))


def _table(packages):
    rows = ["| Package | Version | Licence | Home page |", "| ------- | ------- | ------- | --------- |"]
    rows += [f"| {p.name} | {p.version} | {p.licence} | <{p.home}> |" for p in packages]
    return "\n".join(rows) + "\n"


def _counts(counter, quote=""):
    ranked = sorted(counter.items(), key=lambda item: (-item[1], item[0]))
    return ", ".join(f"{quote}{key}{quote} {count}" for key, count in ranked)


def render(packages):
    python = [p for p in packages if p.ecosystem == "Python"]
    npm = [p for p in packages if p.ecosystem == "npm"]
    kinds = {p.name: classify(p.licence) for p in packages}
    bsd_read = [p.name for p in packages if p.from_licence_file]
    parts = [
        HEADER,
        "## Summary\n\n"
        f"{len(packages)} packages: {len(python)} Python, {len(npm)} npm.\n\n"
        f"By licence: {_counts(Counter(p.licence for p in packages), quote='`')}.\n\n"
        f"By class: {_counts(Counter(kinds.values()))}.\n",
        f"## Python packages ({PYTHON_LOCK})\n\n{_table(python)}",
        f"## npm packages ({NPM_LOCK})\n\n{_table(npm)}",
        POLICY,
        "## Strong copyleft, reviewed\n",
        # An unreviewed one is left to problems(), which names it.
        *(REVIEWED[p.name].text.format(version=p.version) for p in packages if p.name in REVIEWED),
        "## Notes on particular packages\n\n"
        + "".join(
            f"- **{p.name}**: {NOTES.get(p.name, WEAK_COPYLEFT_NOTE)}\n"
            for p in packages
            if p.name in NOTES or kinds[p.name] == WEAK
        ),
        "## Where the metadata was not enough\n\n"
        "| Package | Declared | Taken as | Why |\n| ------- | -------- | -------- | --- |\n"
        + "".join(
            f"| {p.name} | {OVERRIDES[p.name].declared} | {p.licence} | {OVERRIDES[p.name].why} |\n"
            for p in packages
            if p.name in OVERRIDES
        )
        + (
            f"\nDeclared only as BSD, and read as the variant their licence file states: {', '.join(bsd_read)}.\n"
            if bsd_read
            else ""
        ),
        NOT_SHIPPED,
    ]
    return "\n".join(parts)


def run(args):
    try:
        packages = shipped()
    except ReportError as error:
        print(f"third-party: {error}", file=sys.stderr)
        return 1
    text = render(packages)
    path = ROOT / OUTPUT
    failures = problems(packages)
    if args.write:
        path.write_text(text)
        print(f"wrote {OUTPUT}: {len(packages)} packages")
    elif not path.exists() or path.read_text() != text:
        failures.insert(0, f"{OUTPUT} is not what the locks and installed packages give now; run `make third-party`")
    for failure in failures:
        print(f"third-party: FAIL: {failure}", file=sys.stderr)
    if not failures and not args.write:
        print(f"{OUTPUT} is up to date; {len(packages)} packages pass the licence policy")
    return 1 if failures else 0


def add_arguments(parser):
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--write", action="store_true", help=f"regenerate {OUTPUT} (and still fail on a policy breach)")
    mode.add_argument(
        "--check", action="store_true", help=f"fail if {OUTPUT} is stale or a licence breaks the policy (the default)"
    )
    parser.set_defaults(run=run)
