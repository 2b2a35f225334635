"""How much of the Wagtail admin reads Thai: Wagtail's msgids, and those with Thai from us or Wagtail."""

from pathlib import Path

import polib
from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand

DOMAINS = ("django", "djangojs")


def translated_keys(path):
    """(msgctxt, msgid) of every translated, non-fuzzy entry of the catalogue at ``path`` (none if absent)."""
    if not path.is_file():
        return set()
    return {(entry.msgctxt, entry.msgid) for entry in polib.pofile(str(path)).translated_entries()}


def coverage():
    """One row per installed Wagtail app and domain: (app, domain, msgids, Wagtail's Thai, Thai, missing).

    Wagtail's English catalogues list every string an app marks; a string has Thai when our catalogue
    (settings.ADMIN_LOCALE_PATH) or Wagtail's own translates it.
    """
    ours = {
        domain: translated_keys(Path(settings.ADMIN_LOCALE_PATH) / "th" / "LC_MESSAGES" / f"{domain}.po")
        for domain in DOMAINS
    }
    rows = []
    for app in apps.get_app_configs():
        if not app.name.startswith("wagtail"):
            continue
        for domain in DOMAINS:
            english = Path(app.path) / "locale" / "en" / "LC_MESSAGES" / f"{domain}.po"
            if not english.is_file():
                continue
            keys = {(entry.msgctxt, entry.msgid) for entry in polib.pofile(str(english)) if not entry.obsolete}
            wagtails = keys & translated_keys(Path(app.path) / "locale" / "th" / "LC_MESSAGES" / f"{domain}.po")
            missing = sorted(keys - wagtails - ours[domain], key=lambda key: (key[0] or "", key[1]))
            rows.append((app.name, domain, len(keys), len(wagtails), len(keys) - len(missing), missing))
    return rows


def share(part, whole):
    return f"{100 * part / whole:.0f}%" if whole else "-"


class Command(BaseCommand):
    help = "Print, per Wagtail admin app and domain, how many strings exist and how many have Thai."

    def add_arguments(self, parser):
        parser.add_argument("--missing", action="store_true", help="also list the strings without Thai")

    def handle(self, *args, **options):
        rows = coverage()
        line = "{:<28} {:<9} {:>7} {:>14} {:>7} {:>6}"
        self.stdout.write(line.format("app", "domain", "msgids", "Wagtail's Thai", "Thai", "share"))
        for app, domain, total, wagtails, thai, _missing in rows:
            self.stdout.write(line.format(app, domain, total, wagtails, thai, share(thai, total)))
        for domain in DOMAINS:
            total, wagtails, thai = (sum(row[i] for row in rows if row[1] == domain) for i in (2, 3, 4))
            self.stdout.write(line.format("total", domain, total, wagtails, thai, share(thai, total)))
        total, wagtails, thai = (sum(row[i] for row in rows) for i in (2, 3, 4))
        self.stdout.write(line.format("total", "", total, wagtails, thai, share(thai, total)))
        self.stdout.write(f"before (Wagtail's own Thai): {share(wagtails, total)}, now: {share(thai, total)}")
        if options["missing"]:
            for app, domain, *_counts, missing in rows:
                for context, msgid in missing:
                    self.stdout.write(f"{app}\t{domain}\t{context or ''}\t{msgid}")
