import argparse
import sys

from . import audit, fingerprint, licences


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m tests.supply_chain", description=__package__ and __doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    audit.add_arguments(commands.add_parser("audit", help="known vulnerabilities in the locked packages"))
    licences.add_arguments(commands.add_parser("third-party", help="write or check THIRD_PARTY.md"))
    fingerprint.add_arguments(commands.add_parser("fingerprint", help="digest of the installed Python packages"))
    args = parser.parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
