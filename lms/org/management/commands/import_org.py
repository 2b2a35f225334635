"""``manage.py import_org {areas,schools,centres} FILE``: the same import as the admin's upload."""

from django.core.management.base import BaseCommand, CommandError, no_translations

from lms.org import csv_import
from lms.org.services import import_csv


class Command(BaseCommand):
    help = "Import service areas, schools or centres from a CSV file (see README for the columns)."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=sorted(csv_import.FORMATS))
        parser.add_argument("file")

    @no_translations  # English output, for scripts and logs
    def handle(self, *args, kind, file, **options):
        try:
            with open(file, "rb") as handle:
                data = handle.read()
        except OSError as exc:
            raise CommandError(f"cannot read {file}: {exc.strerror}") from exc
        tally = import_csv(kind, data)
        for error in tally.errors:
            self.stderr.write(str(error))
        self.stdout.write(tally.summary())
        if tally.failed:
            raise CommandError(f"{tally.failed} row(s) failed", returncode=1)
