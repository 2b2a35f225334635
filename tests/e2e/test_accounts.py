"""Signing in on a shared computer and being locked out after guesses, in a real browser."""

import re

from playwright.sync_api import expect

from tests.e2e.conftest import PASSWORD, sign_in


def test_a_sign_in_without_remember_me_ends_with_the_browser(page, demo_site):
    sign_in(page, demo_site.url, "trainee")
    expect(page).to_have_url(re.compile(r"/my-learning/$"))
    session = next(c for c in page.context.cookies() if c["name"] == "sessionid")
    assert session["expires"] == -1  # a browser-session cookie


def test_remember_me_keeps_the_session(page, demo_site):
    page.goto(demo_site.url + "/accounts/login/")
    page.fill("#id_username", "trainee")
    page.fill("#id_password", PASSWORD)
    page.check("#id_remember")
    page.click("main button[type=submit]")
    expect(page).to_have_url(re.compile(r"/my-learning/$"))
    session = next(c for c in page.context.cookies() if c["name"] == "sessionid")
    assert session["expires"] > 0


def test_guessing_a_password_shows_the_lockout_page_with_the_reset_link(page, demo_site, screenshot):
    page.goto(demo_site.url + "/accounts/login/")
    for n in range(5):
        page.fill("#id_username", "teacher_bkk1")
        page.fill("#id_password", f"wrong-{n}")
        page.click("main button[type=submit]")
    expect(page.locator("h1")).to_have_text("ระงับการเข้าสู่ระบบชั่วคราว")
    screenshot("lockout-th")
    page.click("main a.button")
    expect(page).to_have_url(re.compile(r"/accounts/password_reset/$"))
