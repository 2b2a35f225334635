"""Accounts: guessing passwords, asking the profile form whose e-mail address is whose, spraying resets.

The lockout checks use two demo logins no other check signs in as (``supervisor`` on the site's login,
``manager_kk`` on the Wagtail admin's), and this area runs last, so the rest of the audit keeps its logins.
They stay locked for LOGIN_LOCKOUT_MINUTES (15); to lift it at once: ``manage.py axes_reset_username
supervisor manager_kk`` (or ``manage.py axes_reset`` for every lockout). Each run leaves ten failures on
the audit's own address (tries made while locked are not counted): run it more than three times within
15 minutes and the address's own limit (40) holds every login from it until the lockout ends.
"""

import re
import secrets
from html.parser import HTMLParser

from .client import DEMO_PASSWORD, Skip

LOCKED = ("เข้าสู่ระบบผิดหลายครั้ง", "Too many failed sign-ins")
GUESSES = 25
# Locked-out logins would hold the other areas' sign-ins, so this area runs after them.
ORDER = 90


def _guess_then_sign_in(site, path, username):
    _page, token = site.form_token(path)
    for n in range(GUESSES):
        site.post(path, {"username": username, "password": f"wrong-{n}", "csrfmiddlewaretoken": token or ""})
    response = site.post(path, {"username": username, "password": DEMO_PASSWORD, "csrfmiddlewaretoken": token or ""})
    locked = any(text in response.text for text in LOCKED) and "/accounts/password_reset/" in response.text
    refused = response.status != 302 and locked
    return refused, (
        f"after {GUESSES} wrong passwords the right one got HTTP {response.status}"
        + (", the lockout page with the reset link" if locked else " without the lockout page")
    )


def login_guessing_on_the_site(site):
    return _guess_then_sign_in(site, "/accounts/login/", "supervisor")


def login_guessing_on_the_wagtail_admin(site):
    return _guess_then_sign_in(site, "/admin/login/", "manager_kk")


class _FormFields(HTMLParser):
    """The values a form would send as it stands: inputs, selected options and textareas."""

    def __init__(self):
        super().__init__()
        self.fields, self._select, self._textarea = {}, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in {"submit", "checkbox", "radio"}:
            self.fields[name] = attrs.get("value", "")
        elif tag == "input" and name and "checked" in attrs:
            self.fields[name] = attrs.get("value", "on")
        elif tag == "select" and name:
            self._select = name
            self.fields.setdefault(name, "")
        elif tag == "option" and self._select and "selected" in attrs:
            self.fields[self._select] = attrs.get("value", "")
        elif tag == "textarea" and name:
            self._textarea = name
            self.fields[name] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.fields[self._textarea] += data


def _profile_fields(site):
    parser = _FormFields()
    parser.feed(site.get("/accounts/profile/edit/").text)
    if "person-email" not in parser.fields:
        raise Skip("the profile form has no e-mail field")
    return parser.fields


def _answer_to(site, email):
    fields = _profile_fields(site)
    response = site.post("/accounts/profile/edit/", {**fields, "person-email": email})
    shown = site.get(response.headers.get("Location", "/accounts/profile/")) if response.status == 302 else response
    messages = re.findall(r'<li class="message[^"]*">(.*?)</li>', shown.text, re.S)
    return response.status, [re.sub(r"[\w.+-]+@[\w.-]+", "ADDRESS", m).strip() for m in messages]


def profile_email_oracle(site):
    site.login("teacher_cm2")
    before = _profile_fields(site)["person-email"]
    taken = _answer_to(site, "manager@hcec.example")
    free = _answer_to(site, f"audit-{secrets.token_hex(4)}@hcec.example")
    unchanged = _profile_fields(site)["person-email"] == before
    refused = taken == free and unchanged
    return refused, (
        f"another person's address answered {taken}, a free one {free}; "
        + (
            "the account keeps its address until the link is opened"
            if unchanged
            else "the address was replaced at once"
        )
    )


def password_reset_spraying(site):
    _page, token = site.form_token("/accounts/password_reset/")
    statuses = []
    for n in range(15):
        response = site.post(
            "/accounts/password_reset/", {"email": f"audit-{n}@example.invalid", "csrfmiddlewaretoken": token or ""}
        )
        statuses.append(response.status)
    throttled = statuses.count(429)
    return throttled > 0, f"15 resets for different addresses from one client: {throttled} answered 429"


CHECKS = [
    login_guessing_on_the_site,
    login_guessing_on_the_wagtail_admin,
    profile_email_oracle,
    password_reset_spraying,
]
