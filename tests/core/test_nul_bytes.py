"""A NUL character anywhere in a request is answered 400, never 500 (PostgreSQL refuses NUL in text)."""

import pytest

from tests import factories as f

pytestmark = pytest.mark.django_db

# Every list, search and filter page, with each of the parameters it reads.
SEARCHES = [
    ("/people/", "q"),
    ("/people/", "centre"),
    ("/people/", "page"),
    ("/certificates/manage/", "q"),
    ("/certificates/manage/", "page"),
    ("/courses/", "q"),
    ("/courses/", "track"),
    ("/courses/", "page"),
    ("/plc/", "subject"),
    ("/plc/", "access"),
    ("/plc/space/", "stage"),
    ("/plc/space/", "page"),
    ("/tests/", "page"),
    ("/tests/manage/", "page"),
    ("/notifications/", "page"),
    ("/verify/", "code"),
    ("/evidence/", "years"),
    ("/evidence/", "format"),
    ("/my-learning/", "page"),
    ("/language/en/", "next"),
    ("/admin/pages/search/", "q"),
    ("/admin/users/", "q"),
]


@pytest.fixture
def site(two_centres):
    f.course_tree(two_centres.centre_a)
    f.plc_space(two_centres.centre_a, two_centres.trainer_a)
    return two_centres


@pytest.mark.parametrize(("path", "name"), SEARCHES)
@pytest.mark.parametrize("value", ["a\x00b", "\x00"])
def test_a_nul_in_any_search_or_filter_is_a_400(client, site, path, name, value):
    client.force_login(site.obec)
    response = client.get(path, {name: value})
    assert response.status_code == 400
    assert "อักขระที่ไม่อนุญาต" in response.content.decode()


def test_a_nul_in_a_parameter_name_or_the_path_is_a_400(client, site):
    client.force_login(site.obec)
    assert client.get("/people/?a%00=1").status_code == 400
    assert client.get("/people/%00/").status_code == 400
    assert client.get("/verify/AAAA%00/").status_code == 400


def test_a_nul_in_a_form_field_is_a_400(client, site):
    client.force_login(site.teacher_a)
    response = client.post("/accounts/profile/edit/", {"first_name": "ครู\x00"})
    assert response.status_code == 400
    response = client.post("/accounts/login/", {"username": "teacher_a\x00", "password": "x"})
    assert response.status_code == 400


def test_a_nul_in_a_json_body_is_a_400_and_an_escaped_backslash_is_not(client, site):
    client.force_login(site.teacher_a)
    refused = client.post("/notifications/read/", '{"text": "a\\u0000"}', content_type="application/json")
    assert refused.status_code == 400 and "error" in refused.json()
    passed = client.post("/notifications/read/", '{"text": "a\\\\u0000"}', content_type="application/json")
    assert passed.status_code != 400


def test_english_readers_get_the_page_in_english(client, site):
    client.cookies["django_language"] = "en"
    response = client.get("/courses/", {"q": "\x00"})
    assert response.status_code == 400
    assert "not allowed" in response.content.decode()


def test_ordinary_searches_still_work(client, site):
    client.force_login(site.obec)
    assert client.get("/people/", {"q": "ครู"}).status_code == 200
    assert client.get("/courses/", {"q": "หลักสูตร"}).status_code == 200
