"""The site on a teacher's phone (390x844) and on a desktop (1280x900): a short header whose menu items never
break a Thai word, a lesson that starts in the first screen, tables that keep their column names, folded
catalogue filters, keyboard use with a visible focus, and no serious accessibility fault reported by axe-core."""

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from lms.certificates.models import Certificate
from lms.exams.models import ExamAttempt
from plc.models import PLCSpacePage, Post
from tests.e2e.conftest import SCREENSHOTS, sign_in

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
PHONE_HEADER_MAX = 72
DESKTOP_HEADER_MAX = 100
# axe-core is an npm devDependency of the project; AXE_PATH points at another copy of axe.min.js.
AXE = Path(os.environ.get("AXE_PATH") or Path(__file__).resolve().parents[2] / "node_modules/axe-core/axe.min.js")

# How many lines each menu item's visible text takes: one, or it wrapped.
ITEM_LINES = """() => [...document.querySelectorAll(
    '.site-header .brand, .header-action, .menu-button, .site-nav a, .site-nav .link-button, .lang-switch a'
  )].filter((el) => el.getClientRects().length).map((el) => {
    const tops = [];
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (!node.textContent.trim() || node.parentElement.getBoundingClientRect().width <= 1) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      tops.push(...[...range.getClientRects()].map((r) => r.top));
    }
    tops.sort((x, y) => x - y);
    const lines = tops.filter((top, i) => i === 0 || top - tops[i - 1] > 8).length;
    return [el.textContent.trim().replace(/\\s+/g, " "), lines];
  })"""


def browse(browser, viewport, **options):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return browser.new_context(viewport=viewport, **options).new_page()


def enrolled_lesson(page, base, slug="english-classroom"):
    """Enrol through the course page and return the first lesson's address."""
    page.goto(f"{base}/courses/{slug}/")
    enrol = page.locator(".enrol-box form[action$='/enrol/'] button")
    if enrol.count():
        enrol.click()
    page.click(".enrol-box a.button")
    expect(page.locator("article.lesson h1")).to_be_visible()
    return page.url


def header_height(page):
    return page.locator(".site-header").bounding_box()["height"]


def wrapped(page):
    return [item for item in page.evaluate(ITEM_LINES) if item[1] > 1]


def check_phone_header(page, signed_in):
    page.evaluate("document.fonts.ready")
    assert header_height(page) <= PHONE_HEADER_MAX
    button = page.locator(".menu-button")
    expect(button).to_have_attribute("aria-expanded", "false")
    expect(page.locator(".site-nav")).to_be_hidden()
    if signed_in:
        expect(page.locator(".header-notices")).to_be_visible()
        expect(page.locator(".header-notices")).to_have_attribute("href", "/notifications/")
    else:
        expect(page.locator(".header-action")).to_have_text("เข้าสู่ระบบ")
    assert wrapped(page) == []
    button.click()
    expect(button).to_have_attribute("aria-expanded", "true")
    expect(page.locator(".site-nav")).to_be_visible()
    expect(page.locator(".lang-switch a[lang=en]")).to_be_visible()
    assert wrapped(page) == []
    page.keyboard.press("Escape")
    expect(page.locator(".site-nav")).to_be_hidden()
    expect(button).to_be_focused()


def test_on_the_phone(browser, demo_site):
    """One demo load for every phone check: the header, the folded filters, a lesson, a table."""
    visitor = browse(browser, PHONE)
    visitor.goto(demo_site.url + "/courses/")
    check_phone_header(visitor, signed_in=False)
    filters = visitor.locator(".catalogue-filters__more")
    expect(filters).not_to_have_attribute("open", "")
    assert visitor.locator(".course-card").first.bounding_box()["y"] < PHONE["height"]
    filters.locator("summary").click()
    visitor.select_option("#id_track", "english")
    visitor.click(".catalogue-filters button[type=submit]")
    expect(visitor.locator(".course-card")).to_have_count(1)
    expect(filters).to_have_attribute("open", "")
    expect(filters.locator("summary")).to_contain_text("1")
    expect(visitor.locator("#id_track")).to_have_value("english")

    scriptless = browse(browser, PHONE, java_script_enabled=False)
    scriptless.goto(demo_site.url + "/")
    expect(scriptless.locator(".menu-button")).to_be_hidden()
    expect(scriptless.locator(".site-nav a[href='/courses/']")).to_be_visible()
    assert wrapped(scriptless) == []

    manager = browse(browser, PHONE)
    sign_in(manager, demo_site.url, "manager")
    manager.goto(demo_site.url + "/people/")
    check_phone_header(manager, signed_in=True)
    manager.click(".menu-button")
    manager.screenshot(path=str(SCREENSHOTS / "phone-menu-manager.png"), full_page=True)

    page = browse(browser, PHONE)
    sign_in(page, demo_site.url, "trainee")
    enrolled_lesson(page, demo_site.url)
    check_phone_header(page, signed_in=True)
    first_block = page.locator("article.lesson .prose > *").first.bounding_box()
    assert first_block["y"] + 40 <= PHONE["height"], first_block
    page.screenshot(path=str(SCREENSHOTS / "phone-lesson.png"))

    page.goto(demo_site.url + "/evidence/")
    table = page.locator("#standing table")
    headers = table.locator("thead th").all_inner_texts()
    first_row = table.locator("tbody tr").first.locator("td")
    assert first_row.count() == len(headers) == 4
    for index, header in enumerate(headers):
        cell = first_row.nth(index)
        expect(cell).to_be_visible()
        assert cell.evaluate("(td) => getComputedStyle(td, '::before').content") == f'"{header.strip()}"'
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    # The column names stay in the table for screen readers.
    assert table.locator("thead th[scope=col]").count() == 4


def test_on_the_desktop(browser, demo_site):
    page = browse(browser, DESKTOP)
    sign_in(page, demo_site.url, "manager")
    page.goto(demo_site.url + "/courses/")
    page.evaluate("document.fonts.ready")
    expect(page.locator(".menu-button")).to_be_hidden()
    assert header_height(page) <= DESKTOP_HEADER_MAX
    links = page.locator(".site-nav__main a")
    assert len({round(links.nth(i).bounding_box()["y"]) for i in range(links.count())}) == 1
    assert wrapped(page) == []
    expect(page.locator("#id_level")).to_be_visible()
    enrolled_lesson(page, demo_site.url)
    first_block = page.locator("article.lesson .prose > *").first.bounding_box()
    assert first_block["y"] + 40 <= DESKTOP["height"], first_block
    page.screenshot(path=str(SCREENSHOTS / "desktop-lesson.png"))


FOCUS_OUTLINE = """() => { const s = getComputedStyle(document.activeElement);
    return [s.outlineStyle, parseFloat(s.outlineWidth)]; }"""


def tab_to(page, selector, limit=80):
    """Press Tab until the focus is on ``selector``; every stop on the way must show where the focus is."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.matches('a, button, input, select, textarea, summary')"):
            style, width = page.evaluate(FOCUS_OUTLINE)
            assert style != "none" and width >= 2, (page.evaluate("document.activeElement.outerHTML"), style)
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def test_keyboard_alone_enrols_and_opens_a_lesson_with_a_visible_focus(browser, demo_site):
    page = browse(browser, DESKTOP)
    sign_in(page, demo_site.url, "trainee")
    page.goto(demo_site.url + "/courses/digital-literacy/")
    tab_to(page, ".enrol-box form button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator(".messages")).to_contain_text("ลงทะเบียน")
    tab_to(page, ".enrol-box a.button")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator("article.lesson h1")).to_be_visible()


def test_keyboard_alone_sits_a_test(browser, demo_site):
    page = browse(browser, PHONE)
    sign_in(page, demo_site.url, "trainee")
    page.goto(demo_site.url + "/tests/")
    placement = page.get_by_role("link", name=re.compile("แบบทดสอบวัดระดับภาษาอังกฤษ")).first.get_attribute("href")
    tab_to(page, f"main a[href='{placement}']")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    tab_to(page, "main form button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    questions = page.locator("fieldset.question").count()
    answered = set()
    for _ in range(questions * 8):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "() => { const el = document.activeElement; const q = el.closest('fieldset.question');"
            " return [el.id, el.type || '', q ? q.id : '']; }"
        )
        if focused[0] == "submit-exam":
            break
        if focused[2] and focused[2] not in answered:
            if focused[1] in ("radio", "checkbox"):
                page.keyboard.press("Space")
            elif focused[1] in ("text", "number"):
                page.keyboard.type("answer")
            else:
                continue
            answered.add(focused[2])
    assert len(answered) == questions
    page.once("dialog", lambda dialog: dialog.accept())
    page.keyboard.press("Enter")
    expect(page.locator("#band")).to_have_text(re.compile(r"^(A1|A2|B1|B2|C1|C2)$"))
    assert ExamAttempt.objects.get(user__username="trainee").status == "submitted"


def test_keyboard_alone_joins_a_community_and_posts_a_reflection(browser, demo_site):
    page = browse(browser, PHONE)
    sign_in(page, demo_site.url, "trainee")
    page.goto(demo_site.url + "/plc/math-primary-cm/")
    tab_to(page, ".enrol-box button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    tab_to(page, ".post-form-box summary")
    page.keyboard.press("Enter")
    tab_to(page, ".editor__area")
    page.keyboard.type("สะท้อนคิดด้วยแป้นพิมพ์อย่างเดียว นักเรียนตอบคำถามปลายเปิดได้ดีขึ้น")
    tab_to(page, ".post-form button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator(".messages")).to_contain_text("โพสต์")
    assert "แป้นพิมพ์" in Post.objects.get(author__username="trainee").body


def axe_problems(page):
    page.add_script_tag(path=str(AXE))
    found = page.evaluate(
        """async () => (await axe.run(document, {resultTypes: ['violations']})).violations
             .filter((v) => v.impact === 'serious' || v.impact === 'critical')
             .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)"""
    )
    return found


@pytest.mark.skipif(not AXE.exists(), reason=f"axe-core is not installed ({AXE}); npm ci installs it")
def test_public_and_learner_pages_have_no_serious_accessibility_fault(browser, demo_site):
    certificate = Certificate.objects.first()
    public = ["/", "/courses/", "/courses/english-classroom/", "/accounts/login/", "/verify/"]
    if certificate:
        public.append(f"/verify/{certificate.code}/")
    space = PLCSpacePage.objects.live().first()
    learner = ["/my-learning/", "/notifications/", "/accounts/profile/", "/tests/", "/certificates/", space.url]
    faults = {}
    for viewport in (PHONE, DESKTOP):
        # The test injects axe itself; the site's policy rightly refuses scripts it did not serve.
        page = browse(browser, viewport, bypass_csp=True)
        for path in public:
            page.goto(demo_site.url + path)
            faults[viewport["width"], path] = axe_problems(page)
        sign_in(page, demo_site.url, "trainee")
        lesson = enrolled_lesson(page, demo_site.url)
        faults[viewport["width"], lesson] = axe_problems(page)
        for path in learner:
            page.goto(demo_site.url + path)
            faults[viewport["width"], path] = axe_problems(page)
        if viewport is PHONE:
            page.click(".menu-button")
            faults[viewport["width"], "menu"] = axe_problems(page)
    assert {where: found for where, found in faults.items() if found} == {}


def test_error_pages_have_the_site_layout_and_a_way_on_at_both_sizes(browser, demo_site):
    for viewport, header_max in ((PHONE, PHONE_HEADER_MAX), (DESKTOP, DESKTOP_HEADER_MAX)):
        page = browse(browser, viewport, bypass_csp=True)
        missing = page.goto(demo_site.url + "/courses/no-such-course/")
        assert missing.status == 404
        assert header_height(page) <= header_max
        expect(page.locator(".error-panel__code")).to_have_text("ข้อผิดพลาด 404")
        expect(page.locator(".error-panel a[href='/courses/']")).to_be_visible()
        page.screenshot(path=SCREENSHOTS / f"error-404-{viewport['width']}.png")
        if AXE.exists():
            assert axe_problems(page) == []
        sign_in(page, demo_site.url, "trainee")
        refused = page.goto(demo_site.url + "/tests/manage/")
        assert refused.status == 403
        expect(page.locator(".error-panel h1")).to_be_visible()
        expect(page.locator(".error-panel a[href='/']")).to_be_visible()
        page.screenshot(path=SCREENSHOTS / f"error-403-{viewport['width']}.png")
