"""The Thai catalogue is complete: every string the code marks is translated, none fuzzy."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = ROOT / "locale" / "th" / "LC_MESSAGES" / "django.po"
SOURCE_DIRS = ["lms", "theme", "media", "fixtures", "courses", "plc"]


def test_every_entry_is_translated_and_none_is_fuzzy():
    catalogue = polib.pofile(str(CATALOGUE))
    assert [e.msgid for e in catalogue.untranslated_entries()] == []
    assert [e.msgid for e in catalogue.fuzzy_entries()] == []


def test_placeholders_survive_translation():
    catalogue = polib.pofile(str(CATALOGUE))
    placeholder = re.compile(r"%\(\w+\)[sd]|%[sd]")
    for entry in catalogue.translated_entries():
        translated = entry.msgstr or entry.msgstr_plural.get(0, "")
        assert sorted(set(placeholder.findall(entry.msgid))) == sorted(set(placeholder.findall(translated))), (
            entry.msgid
        )


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="GNU gettext (xgettext) is not installed")
def test_catalogue_holds_every_string_the_code_marks(tmp_path):
    for name in SOURCE_DIRS:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    shutil.copy(ROOT / "manage.py", tmp_path)
    (tmp_path / "locale" / "th" / "LC_MESSAGES").mkdir(parents=True)
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "--locale", "th", "--no-obsolete"],
        cwd=tmp_path,
        check=True,
        capture_output=True,
        env={"DJANGO_SETTINGS_MODULE": "lms.settings.test", "PATH": "/usr/bin:/bin", "VAR_DIR": str(tmp_path / "var")},
    )
    extracted = {e.msgid for e in polib.pofile(str(tmp_path / "locale" / "th" / "LC_MESSAGES" / "django.po"))}
    committed = {e.msgid for e in polib.pofile(str(CATALOGUE))}
    assert sorted(extracted - committed) == [], "run `make messages` and translate the new strings"


# Our catalogue comes first in LOCALE_PATHS, so a msgid we share with Wagtail or Django replaces their
# translation everywhere, the admin included. These few shared strings mean the same there.
DELIBERATE_OVERRIDES = {"file", "Home", "Sign in", "Previous", "Reset your password"}
ADMIN_CATALOGUE = ROOT / "locale" / "wagtail" / "th" / "LC_MESSAGES" / "django.po"


def test_catalogue_does_not_change_wagtail_or_django_wording():
    import django
    import wagtail

    theirs = {}
    for package in (Path(wagtail.__file__).parent, Path(django.__file__).parent):
        for path in package.glob("**/locale/th/LC_MESSAGES/django.po"):
            for entry in polib.pofile(str(path)):
                if entry.msgstr and not entry.msgctxt:
                    theirs.setdefault(entry.msgid, set()).add(entry.msgstr)
    # Where our admin catalogue has its own Thai, that is what the admin reads, and the only wording
    # a shared string may have.
    for entry in polib.pofile(str(ADMIN_CATALOGUE)):
        if not entry.msgctxt:
            theirs[entry.msgid] = {entry.msgstr or entry.msgstr_plural.get(0, "")}
    admin = {entry.msgid for entry in polib.pofile(str(ADMIN_CATALOGUE))}
    clashes = [
        (entry.msgid, entry.msgstr, sorted(theirs[entry.msgid]))
        for entry in polib.pofile(str(CATALOGUE))
        if not entry.msgctxt
        and entry.msgid in theirs
        and entry.msgstr not in theirs[entry.msgid]
        and (entry.msgid not in DELIBERATE_OVERRIDES or entry.msgid in admin)
    ]
    assert clashes == [], "give these strings a context (pgettext / {% translate ... context ... %})"
