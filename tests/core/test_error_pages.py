"""The error pages, through the site's own handlers with DEBUG off: Thai first, English when chosen, the
site's layout (the 500 page without the database), a way on, and never a stack trace."""

import json

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.template.loader import render_to_string

from lms.core import errors
from lms.core.errors import error_page
from lms.urls import handler400, handler403, handler404, handler500
from tests import factories as f

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.core.error_urls")]

# path, status, Thai heading, English heading
PAGES = [
    ("/fail/400/", 400, "ไม่สามารถอ่านคำขอนี้ได้", "The request could not be read"),
    ("/fail/403/", 403, "คุณไม่มีสิทธิ์เข้าถึงหน้านี้", "You do not have access to this page"),
    ("/no-such-page/", 404, "ไม่พบหน้าที่ต้องการ", "Page not found"),
    ("/fail/500/", 500, "ขออภัย ระบบขัดข้อง", "Something went wrong"),
]


@pytest.fixture
def visitor(client, settings):
    settings.DEBUG = False
    client.raise_request_exception = False  # what a real server sends, not the test client's re-raise
    return client


def test_the_site_names_its_own_handlers():
    assert (handler400, handler403, handler404, handler500) == (
        "lms.core.errors.bad_request",
        "lms.core.errors.permission_denied",
        "lms.core.errors.page_not_found",
        "lms.core.errors.server_error",
    )


@pytest.mark.parametrize(("url", "status", "thai", "english"), PAGES)
def test_an_error_page_is_in_thai_with_the_sites_look_and_a_way_home(visitor, url, status, thai, english):
    response = visitor.get(url, HTTP_ACCEPT_LANGUAGE="en")  # the browser's English does not count
    page = response.content.decode()
    assert response.status_code == status
    assert f'<h1 id="error-heading">{thai}</h1>' in page and english not in page
    assert '<html lang="th">' in page and 'class="site-header"' in page and "theme/css/site.css" in page
    assert 'href="/"' in page
    assert "Traceback" not in page and "secret detail" not in page and "internal reason" not in page


@pytest.mark.parametrize(("url", "status", "thai", "english"), PAGES)
def test_an_error_page_is_in_english_once_the_reader_chose_it(visitor, url, status, thai, english):
    visitor.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    response = visitor.get(url)
    page = response.content.decode()
    assert response.status_code == status
    assert english in page and thai not in page and '<html lang="en">' in page


@pytest.fixture
def database_watched_while_rendering_500(monkeypatch):
    """Any query run while the 500 page is rendered fails the test."""
    rendering = []

    def refuse_while_rendering(execute, sql, params, many, context):
        assert not rendering, f"the 500 page read the database: {sql}"
        return execute(sql, params, many, context)

    def watched(template, context=None, *args, **kwargs):
        rendering.append(template)
        try:
            return render_to_string(template, context, *args, **kwargs)
        finally:
            rendering.clear()

    monkeypatch.setattr(errors, "render_to_string", watched)
    with connection.execute_wrapper(refuse_while_rendering):
        yield


def test_pages_with_the_layout_have_the_menu_and_the_500_page_does_not_read_the_database(
    visitor, database_watched_while_rendering_500
):
    assert "/plc/" in visitor.get("/no-such-page/").content.decode()
    visitor.force_login(f.person("error_teacher"))
    response = visitor.get("/fail/500/", HTTP_REFERER="http://testserver/courses/")
    page = response.content.decode()
    assert response.status_code == 500 and response["Cache-Control"] == "no-store"
    assert 'href="http://testserver/courses/"' in page and 'href="/fail/500/"' in page  # back, try again
    assert "/plc/" not in page  # no menu: it would need the user


def test_a_403_offers_sign_in_to_someone_not_signed_in_and_not_to_a_teacher(visitor):
    assert 'href="/accounts/login/?next=/fail/403/"' in visitor.get("/fail/403/").content.decode()
    visitor.force_login(f.person("error_teacher"))
    page = visitor.get("/fail/403/", HTTP_REFERER="http://testserver/courses/").content.decode()
    assert "/accounts/login/?next" not in page and 'href="http://testserver/courses/"' in page


def test_a_foreign_referer_is_no_way_back(visitor):
    assert "evil.example" not in visitor.get("/no-such-page/", HTTP_REFERER="https://evil.example/").content.decode()


def test_a_form_with_a_stale_token_gets_the_themed_403_that_says_to_reload(client, settings):
    settings.DEBUG = False
    client.handler.enforce_csrf_checks = True
    response = client.post("/accounts/login/", {"username": "x", "password": "y"})
    page = response.content.decode()
    assert response.status_code == 403 and 'class="site-header"' in page
    assert "โหลดหน้าใหม่" in page


def test_a_script_gets_json_from_the_same_helper(rf):
    request = rf.get("/x/", HTTP_ACCEPT="application/json")
    response = error_page(request, 429, "ช้าลงหน่อย", retry_after=60)
    assert response.status_code == 429 and response["Retry-After"] == "60"
    assert json.loads(response.content) == {"error": "ช้าลงหน่อย"}
