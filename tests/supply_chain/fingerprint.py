"""A digest of the installed Python packages, to show that two installs from the locks are byte-identical.

Each distribution contributes its name, its version and the hashes pip recorded for every file it wrote
(the dist-info RECORD). Console scripts are left out: pip writes them at install time with the virtualenv's
own interpreter path in their first line, so they differ between two checkouts by design.
"""

import hashlib
import importlib.metadata

from packaging.utils import canonicalize_name

GENERATED_AT_INSTALL = ("../../../bin/",)


def installed():
    packages = {}
    for dist in importlib.metadata.distributions():
        files = sorted(
            f"{entry},{entry.hash.value}"
            for entry in dist.files or ()
            if entry.hash and not str(entry).startswith(GENERATED_AT_INSTALL)
        )
        packages[canonicalize_name(dist.metadata["Name"])] = (
            dist.version,
            hashlib.sha256("\n".join(files).encode()).hexdigest(),
        )
    return dict(sorted(packages.items()))


def run(args):
    packages = installed()
    whole = hashlib.sha256()
    for name, (version, digest) in packages.items():
        whole.update(f"{name}=={version} {digest}\n".encode())
        if args.list:
            print(f"{name}=={version} {digest}")
    print(f"{len(packages)} packages, digest {whole.hexdigest()}")
    return 0


def add_arguments(parser):
    parser.add_argument("--list", action="store_true", help="one line per package")
    parser.set_defaults(run=run)
