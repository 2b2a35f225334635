"""``manage.py validate_h5p FILE``: run the upload's validation without storing anything."""

from django.core.management.base import BaseCommand, no_translations

from lms.core.errors import Refused
from media.h5p.package import inspect


class Command(BaseCommand):
    help = "Check an .h5p file against H5P's rules. Prints 'ok' (exit 0) or each problem (exit 1)."

    def add_arguments(self, parser):
        parser.add_argument("file")

    @no_translations
    def handle(self, *args, file, **options):
        try:
            with open(file, "rb") as handle:
                package = inspect(handle)
        except OSError as exc:
            self.stderr.write(f"{file}: cannot be read: {exc.strerror}")
            raise SystemExit(1) from exc
        except Refused as refused:
            for problem in refused.problems:
                self.stdout.write(str(problem))
            raise SystemExit(1) from refused
        self.stdout.write(self.style.SUCCESS("ok"))
        self.stdout.write(f"{package.title} ({package.main_library}), {len(package.libraries)} libraries")
