import pytest
from django.core.management import call_command
from wagtail.models import Site

from courses.models import CourseIndexPage, CoursePage, LessonPage, ModulePage
from fixtures.demo import PEOPLE, counts, load_demo
from fixtures.demo_exams import CANDIDATES
from lms.certificates.models import Certificate
from lms.certificates.services import is_authentic
from lms.people.citizen_id import is_valid
from lms.people.models import Role, User
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


def test_command_prints_the_logins_and_password(capsys, monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "printed-pass-99")
    call_command("load_demo")
    out = capsys.readouterr().out
    assert "printed-pass-99" in out
    for name in ("admin", "trainer", "trainee", "manager", "supervisor"):
        assert f"  {name} " in out
    certificate = Certificate.objects.get(user__username="teacher_cm1")
    assert f"A demo certificate to verify: http://127.0.0.1:8000/verify/{certificate.code}/" in out
    assert certificate.status() == "valid" and is_authentic(certificate)


def test_every_demo_course_module_and_lesson_has_an_english_title():
    load_demo()
    pages = [*CoursePage.objects.all(), *ModulePage.objects.all(), *LessonPage.objects.all()]
    assert pages and [page.title for page in pages if not page.title_en] == []
    assert all(course.summary_en for course in CoursePage.objects.all())
    assert HomePage.objects.get().headline_en and CourseIndexPage.objects.get().title_en
