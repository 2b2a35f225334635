"""Shared school computers: sessions end with the browser and after idle minutes unless kept on purpose."""

import time
from unittest import mock

import pytest
from django.conf import settings
from django.urls import reverse

from lms.people.middleware import LAST_ACTIVITY_KEY

PASSWORD = "pw-for-tests-123"

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def sign_in(client, remember=False, admin=False):
    data = {"username": "manager_a", "password": PASSWORD}
    if remember:
        data["remember"] = "on"
    response = client.post(reverse("wagtailadmin_login") if admin else reverse("login"), data)
    assert response.status_code == 302
    return response


def later(minutes):
    return mock.patch("lms.people.middleware.time.time", return_value=time.time() + minutes * 60)


@pytest.mark.parametrize("admin", [False, True], ids=["site", "wagtail-admin"])
def test_without_remember_me_the_session_ends_with_the_browser_and_after_idle_minutes(client, two_centres, admin):
    response = sign_in(client, admin=admin)
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert not cookie["expires"] and not cookie["max-age"]  # a browser-session cookie
    page = reverse("wagtailadmin_home") if admin else reverse("people:profile")
    with later(settings.SESSION_IDLE_MINUTES - 5):
        assert client.get(page).status_code == 200
    with later(settings.SESSION_IDLE_MINUTES * 2 + 1):
        response = client.get(page)
    assert response.status_code == 302 and "login" in response["Location"]
    assert "_auth_user_id" not in client.session


def test_activity_keeps_the_session_and_the_page_says_why_it_ended(client, two_centres):
    sign_in(client)
    idle = settings.SESSION_IDLE_MINUTES
    for step in range(1, 4):  # a request every idle-2 minutes, well past idle minutes in total
        with later(step * (idle - 2)):
            assert client.get(reverse("people:profile")).status_code == 200
    with later(3 * (idle - 2) + idle + 2):
        response = client.get(reverse("people:profile"), follow=True)
    assert "signed out after" in response.content.decode()


def test_remember_me_keeps_the_session_for_the_cookie_age_and_ignores_idleness(client, two_centres):
    response = sign_in(client, remember=True)
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert int(cookie["max-age"]) == settings.SESSION_COOKIE_AGE
    with later(settings.SESSION_IDLE_MINUTES * 10):
        assert client.get(reverse("people:profile")).status_code == 200


def test_the_last_activity_is_written_at_most_once_a_minute(client, two_centres):
    sign_in(client)
    signed_in_at = client.session[LAST_ACTIVITY_KEY]
    with later(0.5):
        client.get(reverse("people:profile"))
    assert client.session[LAST_ACTIVITY_KEY] == signed_in_at
    with later(2):
        client.get(reverse("people:profile"))
    assert client.session[LAST_ACTIVITY_KEY] > signed_in_at
