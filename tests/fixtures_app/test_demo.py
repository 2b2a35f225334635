import re
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from wagtail.models import Site

from courses.models import CourseIndexPage, CoursePage, LessonPage, ModulePage
from fixtures.demo import PEOPLE, counts, load_demo
from fixtures.demo_exams import CANDIDATES
from lms.certificates.models import Certificate
from lms.certificates.services import is_authentic
from lms.people.citizen_id import is_valid
from lms.people.models import Role, User
from media.models import H5PContent
from theme.models import HomePage

pytestmark = pytest.mark.django_db


def test_loading_twice_changes_no_counts_and_keeps_logins_working(client):
    load_demo("first-password-1")
    first = counts()
    load_demo("second-password-2")
    assert counts() == first
    assert first["provinces"] == 77 and first["centres"] == 4
    assert client.login(username="trainee", password="second-password-2")


def test_the_printed_logins_exist_with_their_roles():
    load_demo()
    assert {"admin", "trainer", "trainee", "manager", "supervisor"} <= set(
        User.objects.values_list("username", flat=True)
    )
    assert User.objects.get(username="admin").is_superuser
    assert User.objects.get(username="manager").role_assignments.get().role == Role.CENTRE_MANAGER
    assert User.objects.get(username="supervisor").role_assignments.get().province.code == "50"
    assert not User.objects.get(username="trainee").role_assignments.exists()
    assert all(is_valid(u.citizen_id) for u in User.objects.all())
    assert len(PEOPLE) + CANDIDATES == User.objects.count()


def test_home_page_is_the_default_site_root():
    load_demo()
    site = Site.objects.get(is_default_site=True)
    assert isinstance(site.root_page.specific, HomePage)
    assert HomePage.objects.count() == 1


def test_command_prints_every_login_with_its_role_and_the_served_address(capsys, monkeypatch, settings, tmp_path):
    monkeypatch.setenv("DEMO_PASSWORD", "printed-pass-99")
    settings.SITE_URL = "http://127.0.0.1:8200"
    settings.VAR_DIR = tmp_path
    call_command("load_demo")
    out = capsys.readouterr().out
    assert "printed-pass-99" in out
    for name in ("admin", "trainer", "trainee", "manager", "clerk", "supervisor", "manager_kk"):
        assert re.search(rf"^  {name} +\S", out, re.MULTILINE), name
    assert "centre staff (clerk), HCEC Chiang Mai" in out
    certificate = Certificate.objects.get(user__username="teacher_cm1")
    assert "Demo data is ready at http://127.0.0.1:8200/" in out
    assert "Wagtail admin: http://127.0.0.1:8200/admin/" in out
    assert f"A demo certificate to verify: http://127.0.0.1:8200/verify/{certificate.code}/" in out
    assert ":8000" not in out
    built = sorted(path.name for path in (tmp_path / "h5p").iterdir())
    assert built == ["digital-safety.h5p", "english-greetings.h5p"]
    assert f"H5P packages to upload: {tmp_path / 'h5p' / 'digital-safety.h5p'}" in out
    assert certificate.status() == "valid" and is_authentic(certificate)


def test_every_demo_course_module_and_lesson_has_an_english_title():
    load_demo()
    pages = [*CoursePage.objects.all(), *ModulePage.objects.all(), *LessonPage.objects.all()]
    assert pages and [page.title for page in pages if not page.title_en] == []
    assert all(course.summary_en for course in CoursePage.objects.all())
    assert HomePage.objects.get().headline_en and CourseIndexPage.objects.get().title_en


def test_make_demo_serves_and_links_to_the_address_it_is_given():
    root = Path(__file__).resolve().parents[2]
    dry_run = subprocess.run(
        ["make", "-n", "demo", "HOST=127.0.0.1", "PORT=8200"], cwd=root, capture_output=True, text=True, check=True
    ).stdout
    commands = [line for line in dry_run.splitlines() if "manage.py load_demo" in line or "runserver" in line]
    assert len(commands) == 2
    for command in commands:
        assert "SITE_URL=http://127.0.0.1:8200 " in command
        assert "WAGTAILADMIN_BASE_URL=http://127.0.0.1:8200 " in command
    assert commands[1].endswith("127.0.0.1:8200")


def test_the_chiang_mai_trainer_finds_an_item_of_their_centre_in_the_h5p_chooser(client):
    load_demo()
    load_demo()
    trainer = User.objects.get(username="trainer")
    mine = H5PContent.objects.visible_to(trainer).filter(centre__code="HCEC-50")
    assert list(mine.values_list("title", flat=True)) == ["แบบฝึก: การทักทายนักเรียน"]
    assert H5PContent.objects.filter(centre__code="HCEC-40").count() == 1
    client.force_login(trainer)
    chooser = client.get(reverse(H5PContent.snippet_viewset.chooser_viewset.get_url_name("choose")))
    assert chooser.status_code == 200
    assert "แบบฝึก: การทักทายนักเรียน" in chooser.json()["html"]
