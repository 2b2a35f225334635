"""The home page in Thai, signing in and the profile, and the language switch, in a real browser."""

import re

from playwright.sync_api import expect

from tests.e2e.conftest import sign_in


def test_home_page_renders_in_thai_with_the_served_thai_font(page, demo_site, screenshot):
    # The browser asks for English; the platform is Thai until the person switches.
    page.goto(demo_site.url + "/")
    expect(page.locator("html")).to_have_attribute("lang", "th")
    expect(page.locator("h1")).to_contain_text("ยินดีต้อนรับ")
    expect(page.locator(".site-header")).to_contain_text("เข้าสู่ระบบ")
    expect(page.locator(".centre-list")).to_contain_text("จังหวัดเชียงใหม่")
    expect(page.locator("a.skip-link")).to_have_attribute("href", "#main")
    page.evaluate("document.fonts.ready")
    assert page.evaluate("document.fonts.check('16px Sarabun', 'ครู')")
    screenshot("home-th")


def test_teacher_signs_in_and_sees_their_profile(page, demo_site, screenshot):
    from lms.people.models import User

    sign_in(page, demo_site.url, "trainee")
    expect(page).to_have_url(re.compile(r"/my-learning/$"))
    page.goto(demo_site.url + "/accounts/profile/")
    expect(page.locator("h1")).to_have_text("ข้อมูลของฉัน")
    trainee = User.objects.get(username="trainee")
    expect(page.locator("main")).to_contain_text("สมชาย")
    expect(page.locator("main")).to_contain_text(trainee.citizen_id_display)
    screenshot("profile-th")


def test_teacher_corrects_their_details_and_a_bad_id_is_explained(page, demo_site):
    sign_in(page, demo_site.url, "trainee")
    page.goto(demo_site.url + "/accounts/profile/edit/")
    page.fill("#id_person-citizen_id", "1-2345-67890-12-0")
    page.fill("#id_profile-licence_number", "64009999")
    page.click("main button[type=submit]")
    expect(page.locator(".field--error")).to_contain_text("เลขประจำตัวประชาชน")
    expect(page.locator("#id_profile-licence_number")).to_have_value("64009999")


def test_language_switch_changes_the_interface_and_back(page, demo_site, screenshot):
    sign_in(page, demo_site.url, "trainee")
    page.goto(demo_site.url + "/accounts/profile/")
    page.click(".lang-switch a[lang=en]")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("h1")).to_have_text("My profile")
    expect(page.locator(".site-nav")).to_contain_text("Sign out")
    screenshot("profile-en")
    page.click(".lang-switch a[lang=th]")
    expect(page.locator("html")).to_have_attribute("lang", "th")
    expect(page.locator(".site-nav")).to_contain_text("ออกจากระบบ")


def test_language_switch_names_each_language_in_itself(page, demo_site):
    page.goto(demo_site.url + "/")
    expect(page.locator(".lang-switch a[lang=en]")).to_have_text("English")
    expect(page.locator(".lang-switch a[lang=th]")).to_have_text("ไทย")
