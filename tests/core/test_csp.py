"""Every page carries the Content-Security-Policy; the admin has its own; H5P frames keep their sandbox."""

import re
from pathlib import Path

import pytest

from tests import factories as f

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
PROJECT_TEMPLATES = [
    path
    for folder in ("courses", "plc", "lms", "theme", "media")
    for path in (ROOT / folder).rglob("templates/**/*.html")
    # Rendered to PDF by WeasyPrint, never served as a page.
    if not path.name.endswith("pdf.html")
]


def policy(response):
    return dict(
        (part.split(" ", 1) + [""])[:2] for part in (p.strip() for p in response["Content-Security-Policy"].split(";"))
    )


def assert_strict(response):
    directives = policy(response)
    assert directives["script-src"] == "'self'" and directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'" and directives["object-src"] == "'none'"
    assert directives["base-uri"] == "'self'" and directives["form-action"] == "'self'"


def test_every_page_type_carries_the_strict_policy(client, two_centres):
    course = f.course_tree(two_centres.centre_a)
    space = f.plc_space(two_centres.centre_a, two_centres.trainer_a, members=[two_centres.teacher_a])
    anonymous = ["/", "/courses/", course.url, "/plc/", "/verify/", "/accounts/login/", "/people/?q=%00"]
    for path in anonymous:
        assert_strict(client.get(path))
    client.force_login(two_centres.teacher_a)
    client.post(course.url + "enrol/")
    for path in (course.lessons[0].url, space.url, "/tests/", "/my-learning/", "/certificates/", "/notifications/"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert_strict(response)


def test_the_admin_has_its_scoped_policy(client, two_centres):
    client.force_login(two_centres.obec)
    directives = policy(client.get("/admin/login/"))
    assert "'unsafe-inline'" in directives["script-src"] and directives["frame-ancestors"] == "'self'"
    assert directives["object-src"] == "'none'" and directives["form-action"] == "'self'"


def test_h5p_frames_keep_their_own_sandbox_policy(client, two_centres):
    from media.h5p.tokens import play_token
    from media.models import H5PContent

    content = H5PContent.objects.create(title="x", main_library="H5P.X 1.0", storage_prefix="h5p/content/x")
    token = play_token(two_centres.teacher_a, content, 1)
    response = client.get(f"/h5p/play/{token}/")
    assert response["Content-Security-Policy"] == "sandbox allow-scripts"


def test_project_templates_have_no_inline_script_or_style():
    assert PROJECT_TEMPLATES
    for path in PROJECT_TEMPLATES:
        text = path.read_text()
        assert not re.search(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", text), path
        assert not re.search(r"\sstyle=|<style|\son[a-z]+=", text), path
