"""Issue 3 in a real browser: a teacher learns a course; a trainer authors a lesson; a manager approves it."""


from playwright.sync_api import expect

from tests.e2e.conftest import SCREENSHOTS, sign_in
from tests.e2e.studied import as_if_studied


def test_catalogue_search_finds_thai_words_inside_titles(page, demo_site, screenshot):
    page.goto(demo_site.url + "/courses/")
    expect(page.locator(".course-card")).to_have_count(4)
    page.fill("#id_q", "อังกฤษ")
    page.click(".catalogue-filters button[type=submit]")
    expect(page.locator(".course-card")).to_have_count(1)
    expect(page.locator(".course-card__title")).to_contain_text("ภาษาอังกฤษ")
    screenshot("catalogue-search")


def test_trainee_enrols_completes_and_sees_hours(page, demo_site, screenshot):
    sign_in(page, demo_site.url, "trainee")
    page.goto(demo_site.url + "/courses/english-classroom/")
    page.click(".enrol-box button[type=submit]")
    expect(page.locator(".messages")).to_contain_text("ลงทะเบียน")
    page.click(".enrol-box a.button")
    # Clicking straight through is refused, with what is missing.
    page.click(".lesson-actions button[type=submit]")
    expect(page.locator(".message--error")).to_contain_text("ศึกษาบทเรียนนี้อีกประมาณ 90 นาที")
    expect(page.locator(".lesson-needs")).to_contain_text("เวลาในบทเรียนนี้")
    screenshot("lesson-not-yet")
    as_if_studied("trainee", "english-classroom")
    page.reload()
    expect(page.locator(".lesson-needs")).to_contain_text("90 จาก 90 นาที")
    for _ in range(4):
        expect(page.locator("h1")).to_be_visible()
        page.click(".lesson-actions button[type=submit]")
    expect(page.locator(".enrol-box")).to_contain_text("สำเร็จ")
    screenshot("course-completed")
    page.goto(demo_site.url + "/my-learning/")
    expect(page.locator(".stat__value").first).to_have_text("12")
    expect(page.locator("main")).to_contain_text("ภาษาอังกฤษเพื่อการสื่อสารในชั้นเรียน")
    screenshot("my-learning")


def test_trainer_submits_a_lesson_and_the_centre_manager_approves_it(browser, demo_site):
    from courses.models import CoursePage, LessonPage

    course = CoursePage.objects.get(slug="english-classroom")
    trainer = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    sign_in(trainer, demo_site.url, "trainer", admin=True)
    trainer.goto(f"{demo_site.url}/admin/pages/add/courses/lessonpage/{course.pk}/")
    trainer.fill("#id_title", "บทเรียนใหม่จากวิทยากร")
    trainer.locator("#id_title").press("Tab")
    trainer.get_by_role("button", name="คำสั่งเพิ่มเติม").click()
    with trainer.expect_navigation():
        trainer.click("button[name=action-submit]")
    lesson = LessonPage.objects.get(title="บทเรียนใหม่จากวิทยากร")
    assert not lesson.live and lesson.current_workflow_state is not None

    # Another centre's manager has nothing to review; Chiang Mai's manager approves.
    other = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    sign_in(other, demo_site.url, "manager_kk", admin=True)
    other.goto(demo_site.url + "/admin/")
    expect(other.locator("main")).not_to_contain_text("บทเรียนใหม่จากวิทยากร")

    manager = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    sign_in(manager, demo_site.url, "manager", admin=True)
    manager.goto(demo_site.url + "/admin/")
    expect(manager.locator("main")).to_contain_text("บทเรียนใหม่จากวิทยากร")
    manager.screenshot(path=str(SCREENSHOTS / "manager-review.png"))
    manager.goto(f"{demo_site.url}/admin/pages/{lesson.pk}/edit/")
    manager.get_by_role("button", name="คำสั่งเพิ่มเติม").click()
    with manager.expect_navigation():
        manager.get_by_role("button", name="อนุมัติ และเผยแพร่", exact=True).click()
    lesson.refresh_from_db()
    assert lesson.live
