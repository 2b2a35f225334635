"""``manage.py import_questions FILE --category NAME``: load a Moodle XML or GIFT file into the bank.

The category is created (national, unless ``--centre`` names a centre's code) when it does not exist.
Each item that cannot be read is reported with its position and reason; the last line is always
``imported N, unchanged M, failed K``. The exit status is 0 even when some items failed, because the
good ones are in: scripts read the last line.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from lms.exams.models import Level, Skill, Subject
from lms.exams.services.bank import category_named, import_questions, summary
from lms.org.models import Centre


class Command(BaseCommand):
    help = "Import questions from a Moodle XML or GIFT file into a category of the question bank."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--category", required=True, help="name of the category (created when missing)")
        parser.add_argument("--subject", choices=Subject.values, default=None, help="subject of a new category")
        parser.add_argument("--centre", default=None, help="code of the centre that owns a new category")
        parser.add_argument("--skill", choices=Skill.values, default="", help="skill tag of every item")
        parser.add_argument("--level", choices=Level.values, default="", help="level tag of every item")

    def handle(self, file, category, subject, centre, skill, level, **options):
        if not file.is_file():
            raise CommandError(f"{file}: no such file")
        owner = None
        if centre:
            owner = Centre.objects.filter(code=centre).first()
            if owner is None:
                raise CommandError(f"no centre has the code {centre}")
        target = category_named(category, centre=owner, subject=subject)
        report = import_questions(target, file.name, file.read_bytes(), skill=skill, level=level)
        for error in report.errors:
            where = f"item {error['position']}" if error["position"] else "file"
            if error["line"]:
                where += f" (line {error['line']})"
            self.stderr.write(f"{where}: {error['reason']}")
        self.stdout.write(summary(report))
