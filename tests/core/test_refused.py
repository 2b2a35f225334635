"""The one refusal error: its reason reaches the person as a message, or as JSON for a script."""

import json

import pytest
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.test import RequestFactory

from lms.core.errors import RateLimited, Refused, refused_response


def _request(**headers):
    request = RequestFactory().post("/plc/space/posts/", **headers)
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return request


def test_a_refusal_is_a_message_on_the_page_it_returns_to():
    request = _request()
    response = refused_response(request, Refused("ปิดรับสมัครแล้ว", "closed"), "/courses/english/")
    assert response.status_code == 302 and response["Location"] == "/courses/english/"
    assert [str(m) for m in get_messages(request)] == ["ปิดรับสมัครแล้ว"]


@pytest.mark.parametrize(("refused", "status"), [(Refused("no"), 400), (RateLimited("wait"), 429)])
def test_a_script_gets_the_reason_as_json_with_the_refusals_status(refused, status):
    response = refused_response(_request(HTTP_ACCEPT="application/json"), refused, "/")
    assert response.status_code == status
    assert json.loads(response.content) == {"error": str(refused)}


def test_several_problems_read_as_one_reason_and_stay_listed():
    refused = Refused(problems=["h5p.json is missing", "too many files"])
    assert str(refused) == "h5p.json is missing; too many files"
    assert refused.problems == ["h5p.json is missing", "too many files"]
    assert Refused("closed", "enrolment-closed").code == "enrolment-closed"
