"""Sign-in throttling: guessing one password, guessing from many addresses, spraying many accounts."""

import pytest
from django.urls import reverse

PASSWORD = "pw-for-tests-123"
LOCKED = "Too many failed sign-ins"

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def sign_in(client, username, password, address="10.0.0.1", admin=False):
    url = reverse("wagtailadmin_login") if admin else reverse("login")
    return client.post(
        url, {"username": username, "password": password}, REMOTE_ADDR=address, HTTP_ACCEPT_LANGUAGE="en"
    )


def signed_in(client):
    return "_auth_user_id" in client.session


@pytest.mark.parametrize("admin", [False, True], ids=["site", "wagtail-admin"])
def test_25_wrong_passwords_then_the_right_one_is_refused_with_the_reset_link(client, two_centres, admin):
    username = "manager_a"  # holds admin access, so the right password would open /admin/
    for _ in range(25):
        sign_in(client, username, "wrong-guess", admin=admin)
    response = sign_in(client, username, PASSWORD, admin=admin)
    assert response.status_code == 429
    body = response.content.decode()
    assert LOCKED in body and reverse("password_reset") in body
    assert not signed_in(client)


def test_the_lockout_page_is_in_thai_first(client, two_centres):
    for _ in range(5):
        sign_in(client, "teacher_a", "x")
    client.cookies["django_language"] = "th"
    response = sign_in(client, "teacher_a", PASSWORD)
    assert response.status_code == 429
    assert "เข้าสู่ระบบผิดหลายครั้ง" in response.content.decode()


def test_tries_while_locked_do_not_stretch_the_lockout(client, two_centres):
    from axes.models import AccessAttempt

    for _ in range(25):
        sign_in(client, "teacher_a", "wrong-guess")
    assert sum(AccessAttempt.objects.values_list("failures_since_start", flat=True)) == 5


def test_a_guesser_elsewhere_does_not_lock_the_teacher_out_at_the_first_limit(client, two_centres):
    for _ in range(5):
        sign_in(client, "teacher_a", "wrong-guess", address="203.0.113.9")
    assert sign_in(client, "teacher_a", PASSWORD, address="203.0.113.9").status_code == 429
    response = sign_in(client, "teacher_a", PASSWORD, address="10.0.0.1")
    assert response.status_code == 302 and signed_in(client)


def test_guessing_one_account_from_many_addresses_locks_it_until_a_password_reset(client, two_centres, settings):
    from axes.models import AccessAttempt

    for n in range(settings.LOGIN_FAILURES_PER_ACCOUNT):
        sign_in(client, "teacher_a", "wrong-guess", address=f"198.51.100.{n}")
    assert sign_in(client, "teacher_a", PASSWORD, address="10.0.0.1").status_code == 429
    # The teacher resets the password by the e-mailed link: the account's failures are cleared.
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    teacher = two_centres.teacher_a
    uid = urlsafe_base64_encode(force_bytes(teacher.pk))
    token = default_token_generator.make_token(teacher)
    confirm = client.get(reverse("password_reset_confirm", args=[uid, token]))
    new = "a-new-long-password-2569"
    response = client.post(confirm["Location"], {"new_password1": new, "new_password2": new})
    assert response.status_code == 302
    assert not AccessAttempt.objects.filter(username="teacher_a").exists()
    assert sign_in(client, "teacher_a", new, address="10.0.0.1").status_code == 302


def test_spraying_many_accounts_from_one_address_is_stopped(client, two_centres, settings):
    settings.LOGIN_FAILURES_PER_ADDRESS = 8
    for n in range(8):
        sign_in(client, f"guess{n}", "Password1", address="192.0.2.7")
    assert sign_in(client, "teacher_b", PASSWORD, address="192.0.2.7").status_code == 429
    assert sign_in(client, "teacher_b", PASSWORD, address="192.0.2.8").status_code == 302


def test_signing_in_to_ones_own_account_does_not_clear_the_addresss_failures(client, two_centres, settings):
    settings.LOGIN_FAILURES_PER_ADDRESS = 8
    for n in range(7):
        sign_in(client, f"guess{n}", "Password1", address="192.0.2.7")
    assert sign_in(client, "teacher_b", PASSWORD, address="192.0.2.7").status_code == 302
    client.logout()
    sign_in(client, "guess7", "Password1", address="192.0.2.7")
    assert sign_in(client, "teacher_a", PASSWORD, address="192.0.2.7").status_code == 429


def test_the_right_password_clears_the_accounts_earlier_failures(client, two_centres):
    for _ in range(4):
        sign_in(client, "teacher_a", "wrong-guess")
    assert sign_in(client, "teacher_a", PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        sign_in(client, "teacher_a", "wrong-guess")
    assert sign_in(client, "teacher_a", PASSWORD).status_code == 302


def test_behind_a_proxy_each_client_address_counts_and_a_forged_value_falls_back(client, two_centres, settings):
    settings.CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    for _ in range(5):
        client.post(reverse("login"), {"username": "teacher_a", "password": "x"}, HTTP_X_REAL_IP="203.0.113.5")
    locked = client.post(
        reverse("login"), {"username": "teacher_a", "password": PASSWORD}, HTTP_X_REAL_IP="203.0.113.5"
    )
    assert locked.status_code == 429
    other = client.post(reverse("login"), {"username": "teacher_a", "password": PASSWORD}, HTTP_X_REAL_IP="203.0.113.6")
    assert other.status_code == 302

    from lms.people.throttle import client_ip

    class Request:
        META = {"HTTP_X_REAL_IP": "not-an-address", "REMOTE_ADDR": "10.9.9.9"}

    assert client_ip(Request()) == "10.9.9.9"
