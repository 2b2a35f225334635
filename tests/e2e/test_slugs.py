"""Issue 15 in a real browser: the admin's slug field keeps Thai marks, and a save pressed while a new
lesson is being autosaved makes one lesson, not a slug error (lms/core/static/core/js/admin_slugs.js)."""

from playwright.sync_api import expect

from courses.models import LessonPage, ModulePage
from tests.e2e.conftest import sign_in

TITLE = "การใช้คำถามปลายเปิดในชั้นเรียน"


def test_a_save_pressed_while_autosaving_makes_one_lesson_with_the_marks(page, demo_site, screenshot):
    module = ModulePage.objects.get(slug="ระหว่างเรียน")
    sign_in(page, demo_site.url, "trainer")
    # The autosave (a JSON request to the add view) is held until "Save" has been pressed; form posts to
    # the add view are counted.
    held, posted = [], []

    def hold_autosave(route):
        if route.request.method == "POST" and route.request.headers.get("accept") == "application/json":
            held.append(route)
            return
        if route.request.method == "POST":
            posted.append(route.request.url)
        route.continue_()

    page.route("**/admin/pages/add/**", hold_autosave)
    page.goto(f"{demo_site.url}/admin/pages/add/courses/lessonpage/{module.pk}/")
    # Wagtail takes the form's first state two seconds after it loads; edits before then are not seen.
    page.wait_for_timeout(2500)
    page.click("#id_title")
    page.keyboard.type(TITLE)
    page.keyboard.press("Tab")
    expect(page.locator("#id_slug")).to_have_value(TITLE)
    for _ in range(40):
        if held:
            break
        page.wait_for_timeout(250)
    assert held, "no autosave was sent"
    page.locator("button.action-save").first.click()
    page.wait_for_timeout(1000)
    # Held back by admin_slugs.js: without it the add form went a second time.
    assert posted == []
    held[0].continue_()
    # The save went to the edit view the autosave gave: "… updated", no slug error.
    expect(page.locator(".messages")).to_contain_text(TITLE)
    expect(page.locator(".messages")).not_to_contain_text("slug")
    assert page.url.endswith("/edit/")
    lessons = LessonPage.objects.child_of(module).filter(title=TITLE)
    assert [lesson.slug for lesson in lessons] == [TITLE]
    screenshot("lesson-saved-while-autosaving")
