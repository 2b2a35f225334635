"""The Wagtail admin in Thai: our catalogue (locale/wagtail/) over Wagtail's, and Buddhist-Era years."""

import datetime
import json
import re
from io import StringIO
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.timesince import timesince
from django.utils.translation import gettext as translated  # makemessages skips it: Wagtail's strings
from wagtail.users.models import UserProfile

from lms.people.models import User
from tests import factories as f

ROOT = Path(__file__).resolve().parents[2]
PROJECT = ROOT / "locale" / "th" / "LC_MESSAGES" / "django.po"
ADMIN = ROOT / "locale" / "wagtail" / "th" / "LC_MESSAGES"


def entries(path):
    return [entry for entry in polib.pofile(str(path)) if not entry.obsolete]


def thai(entry):
    return entry.msgstr or entry.msgstr_plural.get(0, "")


@pytest.fixture
def admin_client(client, db):
    user = User.objects.create_superuser("root", "root@example.com", "pw-for-tests-123")
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "th"
    return client


def test_admin_catalogue_comes_after_the_projects_and_before_wagtails():
    assert [Path(p) for p in settings.LOCALE_PATHS] == [ROOT / "locale", ROOT / "locale" / "wagtail"]
    assert Path(settings.ADMIN_LOCALE_PATH) == ADMIN.parents[1]


def test_our_thai_replaces_wagtails_and_djangos_broken_or_missing_strings():
    with translation.override("th"):
        assert timesince(timezone.now() - datetime.timedelta(minutes=7)) == "7\xa0นาที"  # Django: "7 minutes"
        assert translated("Title") == "ชื่อเรื่อง"  # Wagtail: "หัวข้อ,หัวเรื่อง"
        assert translated("Saving…") == "กำลังบันทึก…"
        assert translated("Show in Explorer") == "แสดงในตัวสำรวจหน้า"
        assert translated("Site") == "เว็บไซต์"  # Wagtail: "เว็บไซด์"
        # The moderation button is "<task action> and publish": Wagtail's Thai said it twice.
        assert translated("%(label)s and Publish") % {"label": translated("Approve")} == "อนุมัติ และเผยแพร่"


def test_every_admin_string_reads_ours_unless_the_project_has_its_own():
    project = {(e.msgctxt, e.msgid): thai(e) for e in entries(PROJECT) if thai(e)}
    with translation.override("th"):
        for entry in entries(ADMIN / "django.po"):
            expected = project.get((entry.msgctxt, entry.msgid), thai(entry))
            if entry.msgid_plural and entry.msgctxt:
                got = translation.npgettext(entry.msgctxt, entry.msgid, entry.msgid_plural, 2)
            elif entry.msgid_plural:
                got = translation.ngettext(entry.msgid, entry.msgid_plural, 2)
            else:
                got = translation.pgettext(entry.msgctxt, entry.msgid) if entry.msgctxt else translated(entry.msgid)
            assert got == expected, entry.msgid


def test_admin_catalogue_is_complete_and_keeps_placeholders_and_tags():
    placeholder = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}|</?[a-zA-Z][^>]*>")
    for domain in ("django", "djangojs"):
        catalogue = polib.pofile(str(ADMIN / f"{domain}.po"))
        assert catalogue.metadata["Plural-Forms"] == "nplurals=1; plural=0;"
        assert catalogue.untranslated_entries() == [] and catalogue.fuzzy_entries() == []
        for entry in catalogue:
            # One Thai form stands for both English ones, so it takes the plural's placeholders.
            source = entry.msgid_plural or entry.msgid
            if entry.msgid.startswith("Deleting this page will also delete %(translation_count)s translation of"):
                source = entry.msgid  # Wagtail's plural adds an unrelated sentence
            assert sorted(placeholder.findall(source)) == sorted(placeholder.findall(thai(entry))), entry.msgid


def test_coverage_command_counts_every_wagtail_admin_app(db):
    out = StringIO()
    call_command("admin_translation_coverage", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0].split() == ["app", "domain", "msgids", "Wagtail's", "Thai", "Thai", "share"]
    admin = next(line.split() for line in lines if line.startswith("wagtail.admin ") and " django " in line)
    assert int(admin[2]) > 800 and int(admin[3]) < int(admin[2]) * 0.4 and admin[4] == admin[2]
    assert any(line.split()[:2] == ["wagtail.admin", "djangojs"] for line in lines)
    assert lines[-1].startswith("before (Wagtail's own Thai): 4") and lines[-1].endswith("now: 100%")


def test_the_admins_javascript_strings_are_ours(client, db):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "th"
    response = client.get(reverse("wagtailadmin_javascript_catalog"))
    text = response.content.decode()
    assert response.status_code == 200
    # The catalogue is JSON with \\u escapes; Wagtail's own Thai for these is "กำลังบันทึก..." and none.
    assert json.dumps("กำลังบันทึกอัตโนมัติ…") in text and json.dumps("ตัวสำรวจหน้า") in text


def test_h5p_chooser_with_nothing_to_choose_reads_thai(admin_client):
    html = admin_client.get(reverse("wagtailsnippetchoosers_media_h5pcontent:choose")).json()["html"]
    message = re.search(r'id="search-results"[^>]*>\s*<p>(.*?)</p>', html, re.S).group(1)
    assert "คุณยังไม่ได้สร้างเนื้อหา H5P" in message
    assert not re.search(r"[A-Za-z]{3,}", re.sub(r"<[^>]+>|H5P", "", message)), message


def test_thai_admin_page_listing_shows_buddhist_era_years_english_shows_ce(admin_client, two_centres):
    course = f.course_tree(two_centres.centre_a, lessons=1)
    when = timezone.make_aware(datetime.datetime(2026, 11, 20, 10, 0))
    type(course).objects.filter(pk=course.pk).update(latest_revision_created_at=when)
    url = reverse("wagtailadmin_explore", args=[course.get_parent().pk])
    thai_page = admin_client.get(url).content.decode()
    assert "20 พฤศจิกายน 2569" in thai_page and "2026" not in re.sub(r'datetime="[^"]*"', "", thai_page)
    # The admin speaks the language of the user's Wagtail profile.
    UserProfile.objects.update_or_create(user=User.objects.get(username="root"), defaults={"preferred_language": "en"})
    english_page = admin_client.get(url).content.decode()
    assert "Nov. 20, 2026" in english_page and "2569" not in english_page


def test_machine_readable_dates_stay_in_ce():
    when = datetime.datetime(2026, 11, 20, 10, 0, tzinfo=datetime.UTC)
    with translation.override("th"):
        from django.utils.dateformat import format as date_format

        assert date_format(when, "Y y") == "2569 69"
        assert date_format(when, "c").startswith("2026-11-20")
        assert date_format(when, "r").endswith("2026 10:00:00 +0000")
        assert when.strftime("%Y-%m-%d") == "2026-11-20"
