"""Run every hostile check against a running site: ``python -m tests.audit [--base-url URL] [area …]``.

Prints one line per check (REFUSED, OPEN or SKIPPED) and exits 1 when any attack got through.
"""

import argparse
import importlib
import pkgutil
import sys
import traceback
from pathlib import Path

from .client import Site, Skip


def check_modules(areas):
    names = [module.name for module in pkgutil.iter_modules([str(Path(__file__).parent)])]
    modules = [
        importlib.import_module(f"{__package__}.{name}")
        for name in names
        if name.startswith("check_") and (not areas or name.removeprefix("check_") in areas)
    ]
    # A module may set ORDER (default 50) when its attacks leave traces that others would trip over.
    return sorted(modules, key=lambda module: (getattr(module, "ORDER", 50), module.__name__))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--base-url", default="http://127.0.0.1:8000")
    parser.add_argument("areas", nargs="*", help="only these areas (the part of check_<area>.py)")
    args = parser.parse_args(argv)
    counts = {"REFUSED": 0, "OPEN": 0, "SKIPPED": 0, "ERROR": 0}
    for module in check_modules(args.areas):
        area = module.__name__.rsplit(".", 1)[-1].removeprefix("check_")
        for check in module.CHECKS:
            name = f"{area}.{check.__name__}"
            try:
                refused, detail = check(Site(args.base_url))
                verdict = "REFUSED" if refused else "OPEN"
            except Skip as skip:
                verdict, detail = "SKIPPED", str(skip)
            except Exception as error:  # noqa: BLE001 - one broken check must not hide the others
                verdict, detail = "ERROR", f"{type(error).__name__}: {error}"
                traceback.print_exc(file=sys.stderr)
            counts[verdict] += 1
            print(f"{verdict:8} {name}: {detail}", flush=True)
    print(", ".join(f"{count} {verdict.lower()}" for verdict, count in counts.items()))
    return 1 if counts["OPEN"] or counts["ERROR"] else 0


if __name__ == "__main__":
    sys.exit(main())
