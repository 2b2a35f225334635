"""Every main page under its Content-Security-Policy in a real browser: nothing the site needs is blocked."""

from tests.e2e.conftest import sign_in

# Reported by Chromium for every blocked script, style, frame, image or connection, in any frame.
WATCH = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
});
"""


def watched(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(WATCH)
    page = context.new_page()
    console = []
    page.on("console", lambda msg: console.append(msg.text) if "Content Security Policy" in msg.text else None)
    return page, console


def visit(page, console, url, seen):
    response = page.goto(url)
    page.wait_for_load_state("networkidle")
    assert response.status < 400, (url, response.status)
    header = response.headers.get("content-security-policy", "")
    assert "frame-ancestors" in header and "object-src 'none'" in header, url
    violations = [*page.evaluate("window.__cspViolations"), *console]
    seen[url] = violations
    console.clear()
    return response


def test_main_pages_load_under_the_policy_with_no_violation(browser, demo_site):
    from courses.models import CoursePage, LessonPage
    from fixtures.demo_courses import H5P_LESSON_SLUG
    from lms.exams.models import Exam
    from plc.models import PLCSpacePage

    base = demo_site.url
    seen = {}
    page, console = watched(browser)
    course = CoursePage.objects.live().get(slug="digital-literacy")
    for path in ("/", "/courses/", course.url, "/plc/", "/verify/", "/accounts/login/"):
        response = visit(page, console, base + path, seen)
        assert "'unsafe-inline'" not in response.headers["content-security-policy"]

    sign_in(page, base, "trainee")
    page.goto(base + course.url)
    if page.locator(".enrol-box form button").count():
        page.click(".enrol-box form button")
    lesson = LessonPage.objects.get(slug=H5P_LESSON_SLUG)
    visit(page, console, base + lesson.url, seen)
    page.frame_locator("iframe.h5p-frame").locator(".h5p-content, .h5p-container").first.wait_for()
    page.wait_for_timeout(500)
    seen[base + lesson.url] += [*page.evaluate("window.__cspViolations"), *console]
    space = PLCSpacePage.objects.live().first()
    exam = Exam.objects.first()
    for path in (space.url, "/tests/", f"/tests/{exam.pk}/", "/my-learning/", "/certificates/", "/accounts/profile/"):
        visit(page, console, base + path, seen)

    admin, admin_console = watched(browser)
    sign_in(admin, base, "admin", admin=True)
    for path in ("/admin/", f"/admin/pages/{lesson.pk}/edit/", f"/admin/pages/{course.pk}/edit/", "/admin/h5p/upload/"):
        visit(admin, admin_console, base + path, seen)

    assert {url: found for url, found in seen.items() if found} == {}
    # The watcher does see a violation when there is one.
    page.goto(base + "/")
    page.evaluate("document.body.setAttribute('style', 'color: red')")
    page.wait_for_timeout(200)
    assert page.evaluate("window.__cspViolations")
