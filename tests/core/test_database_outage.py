"""A database that cannot be reached, wherever a request meets it, is a calm 503 and never the 500 page."""

import pytest
from django.db import OperationalError, connection

from tests import factories as f


def outage(execute, sql, params, many, context):
    # What the driver raises while PostgreSQL restarts, at every query Django runs.
    raise OperationalError("server closed the connection unexpectedly")


@pytest.fixture
def signed_in(client, db):
    client.force_login(f.person("outage_teacher"))
    client.raise_request_exception = False  # what a real server sends, not the test client's re-raise
    return client


def test_a_page_during_an_outage_says_to_wait_and_tries_again(signed_in):
    with connection.execute_wrapper(outage):
        response = signed_in.get("/my-learning/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 503
    assert response["Retry-After"] and response["Cache-Control"] == "no-store"
    page = response.content.decode()
    assert 'http-equiv="refresh"' in page and "Internal Server Error" not in page


def test_a_script_during_an_outage_gets_json(signed_in):
    with connection.execute_wrapper(outage):
        response = signed_in.post("/notifications/read/", "{}", content_type="application/json")
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json" and response.json()["retry_after"]


def test_a_form_sent_during_an_outage_leads_back_to_its_page(signed_in):
    with connection.execute_wrapper(outage):
        response = signed_in.post(
            "/accounts/profile/edit/", {"first_name_th": "x"}, HTTP_REFERER="http://testserver/accounts/profile/edit/"
        )
    assert response.status_code == 503
    assert 'href="http://testserver/accounts/profile/edit/"' in response.content.decode()


def test_a_form_with_a_foreign_referer_leads_home(signed_in):
    with connection.execute_wrapper(outage):
        response = signed_in.post("/accounts/profile/edit/", {}, HTTP_REFERER="https://evil.example/")
    assert response.status_code == 503 and "evil.example" not in response.content.decode()
