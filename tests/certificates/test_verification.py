"""The public checks: the verification page and its JSON, the public keys, and the rate limit on look-ups."""

import base64
import json
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from django.core.cache import cache
from django.urls import reverse

from lms.certificates import codes, services, signing
from lms.certificates.models import Certificate
from tests.certificates.test_certificates import english, give, verify_page

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_cache():
    """The verification rate limit counts in the cache: every test starts from zero."""
    cache.clear()
    yield
    cache.clear()


def test_the_public_page_shows_a_valid_certificate_without_the_citizen_id(client, two_centres):
    teacher = two_centres.teacher_a
    certificate = give(teacher)
    page = verify_page(client, certificate.code).content.decode()
    assert "Valid" in page and certificate.recipient_name in page and "ภาษาอังกฤษเพื่อการสื่อสาร" in page
    dated = give(teacher, "k:2", on=date(2026, 11, 20))
    assert (
        "20 พฤศจิกายน 2569"
        in client.get(reverse("certificates:verify", args=[dated.code]), HTTP_COOKIE="").content.decode()
    )
    data = client.get(reverse("certificates:verify_json", args=[certificate.code])).content.decode()
    for leak in (teacher.citizen_id, teacher.email):
        assert leak not in page and leak not in data
    assert teacher.citizen_id[:5] not in page.replace(certificate.code, "")


def test_an_unknown_code_is_a_plain_not_found(client):
    response = verify_page(client, "00000-00000-00000-00000")
    assert response.status_code == 404 and "No certificate has this code." in response.content.decode()
    assert client.get(reverse("certificates:verify_json", args=["nonsense"])).json() == {"status": "not_found"}


def test_guessing_codes_is_rate_limited(client, settings):
    from django.core.cache import cache

    cache.clear()
    settings.CERTIFICATE_VERIFY_PER_MINUTE = 5
    statuses = [verify_page(client, codes.new_code()).status_code for _ in range(7)]
    assert statuses == [404] * 5 + [429] * 2
    cache.clear()


def test_anyone_can_check_the_signature_from_the_json_alone(client, two_centres):
    certificate = give(two_centres.teacher_a)
    data = client.get(reverse("certificates:verify_json", args=[certificate.code])).json()
    assert data["status"] == "valid"
    signed = json.dumps(data["certificate"], sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    key = Ed25519PublicKey.from_public_bytes(base64.b64decode(data["signature"]["public_key"]))
    key.verify(base64.b64decode(data["signature"]["value"]), signed)
    keys = client.get(reverse("certificates:keys")).json()["keys"]
    assert keys[data["signature"]["key_id"]] == data["signature"]["public_key"]


def test_a_tampered_record_is_detected(client, two_centres):
    certificate = give(two_centres.teacher_a)
    Certificate.objects.filter(pk=certificate.pk).update(achievement="หลักสูตรที่ไม่เคยเรียน")
    certificate.refresh_from_db()
    assert not services.is_authentic(certificate)
    assert "does not match its signature" in verify_page(client, certificate.code).content.decode()
    forged = certificate.content() | {"name": "คนอื่น"}
    assert not signing.verify(forged, certificate.signature, certificate.key_id)
    assert not signing.verify(certificate.content(), certificate.signature[:-4] + "AAA=", certificate.key_id)
    assert not signing.verify(certificate.content(), certificate.signature, "unknown-key")


def test_json_status_is_invalid_for_a_record_edited_after_signing(client, two_centres):
    certificate = give(two_centres.teacher_a)
    Certificate.objects.filter(pk=certificate.pk).update(achievement="หลักสูตรที่ไม่เคยเรียน")
    response = client.get(reverse("certificates:verify_json", args=[certificate.code]))
    assert response.status_code == 200 and response.json()["status"] == "invalid"
    page = english(client).get(reverse("certificates:verify", args=[certificate.code])).content.decode()
    assert "does not match its signature" in page


def test_json_revocation_date_is_the_local_bangkok_date(client, two_centres):
    certificate = give(two_centres.teacher_a)
    # Revoked at 03:00 in Bangkok on 21 November 2026, which is 20:00 UTC on the 20th.
    revoked = datetime(2026, 11, 21, 3, 0, tzinfo=ZoneInfo("Asia/Bangkok"))
    Certificate.objects.filter(pk=certificate.pk).update(revoked_at=revoked, revoked_reason="x")
    data = client.get(reverse("certificates:verify_json", args=[certificate.code])).json()
    assert (data["status"], data["revoked_on"]) == ("revoked", "2026-11-21")
    page = client.get(reverse("certificates:verify", args=[certificate.code])).content.decode()
    assert "21 พฤศจิกายน 2569" in page


def test_rate_limit_counts_each_visitor_behind_the_proxy_by_the_configured_header(client, settings, two_centres):
    settings.CERTIFICATE_VERIFY_PER_MINUTE = 3
    settings.CERTIFICATE_CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    url = reverse("certificates:verify", args=[give(two_centres.teacher_a).code])
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    first = [client.get(url, HTTP_X_REAL_IP="203.0.113.7", **proxy).status_code for _ in range(4)]
    assert first == [200, 200, 200, 429]
    assert client.get(url, HTTP_X_REAL_IP="198.51.100.9", **proxy).status_code == 200
    # Only the first of a comma-separated list counts.
    assert client.get(url, HTTP_X_REAL_IP="203.0.113.7, 198.51.100.9", **proxy).status_code == 429
    assert client.get(url, HTTP_X_REAL_IP=" 198.51.100.9 , 203.0.113.7", **proxy).status_code == 200
    # Without the header, REMOTE_ADDR counts (the proxy's own, unused until now).
    assert client.get(url, **proxy).status_code == 200


def test_without_the_setting_a_client_cannot_dodge_the_rate_limit_with_the_header(client, settings, two_centres):
    settings.CERTIFICATE_VERIFY_PER_MINUTE = 3
    settings.CERTIFICATE_CLIENT_IP_HEADER = ""
    url = reverse("certificates:verify", args=[give(two_centres.teacher_a).code])
    statuses = [
        client.get(
            url, REMOTE_ADDR="192.0.2.5", HTTP_X_REAL_IP=f"203.0.113.{n}", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}"
        )
        for n in range(5)
    ]
    assert [response.status_code for response in statuses] == [200, 200, 200, 429, 429]
    assert statuses[-1]["Retry-After"] == "60"
    assert client.get(url, REMOTE_ADDR="192.0.2.6").status_code == 200


@pytest.mark.parametrize("code", ["ก" * 30, "X" * 5000, "7KQ2M-9XG4T-B3NDP-W8RZ\u0131", "\U0001f600"])
def test_odd_codes_are_a_plain_not_found(client, code):
    assert client.get(f"/verify/{code}/").status_code == 404
    response = client.get(f"/verify/{code}.json")
    assert response.status_code == 404 and response.json() == {"status": "not_found"}


def test_verify_responses_are_never_cached(client, two_centres):
    certificate = give(two_centres.teacher_a)
    for name in ("certificates:verify", "certificates:verify_json"):
        cache_control = client.get(reverse(name, args=[certificate.code]))["Cache-Control"]
        assert "no-store" in cache_control and "private" in cache_control
