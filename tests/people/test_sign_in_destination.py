"""Where signing in lands: *My learning*, unless a safe ``next`` on this site says otherwise."""

import pytest
from django.urls import reverse

from .test_sessions import PASSWORD

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def sign_in(client, **extra):
    return client.post(reverse("login"), {"username": "manager_a", "password": PASSWORD, **extra})


def test_signing_in_lands_on_my_learning(client, two_centres):
    response = sign_in(client)
    assert response.status_code == 302
    assert response["Location"] == reverse("learning:my_learning")


def test_a_next_address_on_this_site_wins(client, two_centres):
    response = sign_in(client, next="/certificates/")
    assert response["Location"] == "/certificates/"


@pytest.mark.parametrize("unsafe", ["https://evil.example/", "//evil.example/x", "http://testserver.evil.example/"])
def test_a_next_address_elsewhere_is_ignored(client, two_centres, unsafe):
    response = sign_in(client, next=unsafe)
    assert response["Location"] == reverse("learning:my_learning")
