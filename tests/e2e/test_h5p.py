"""Issue 4 in a real browser: a trainer uploads an H5P package; a teacher plays it; the result counts."""

import re

from playwright.sync_api import expect

from fixtures import h5p_packages
from tests.e2e.conftest import SCREENSHOTS, sign_in

ACTIVITY = {"title": "ทักทายตอนเช้า", "requirement": "passed", "pass_percent": 100}


def test_trainer_uploads_and_teacher_plays_h5p(browser, demo_site, tmp_path, settings):
    from courses.models import CoursePage, LessonPage
    from media.models import H5PContent

    package = tmp_path / "english-greetings.h5p"
    package.write_bytes(h5p_packages.build("english-greetings").getvalue())

    trainer = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    sign_in(trainer, demo_site.url, "trainer", admin=True)
    trainer.goto(demo_site.url + "/admin/h5p/upload/")
    trainer.set_input_files("#id_file", str(package))
    trainer.click("main button[type=submit]")
    expect(trainer.locator("main")).to_contain_text("แบบฝึก: การทักทายนักเรียน")
    # The demo's library has this exercise already; the trainer's upload is a new item beside it.
    content = H5PContent.objects.filter(title="แบบฝึก: การทักทายนักเรียน").latest("pk")
    assert content.uploaded_by.username == "trainer"

    # The trainer's lesson with the uploaded activity (the StreamField editor is Wagtail's own).
    course = CoursePage.objects.get(slug="english-classroom")
    lesson = course.add_child(
        instance=LessonPage(
            title="กิจกรรม: ทักทายนักเรียน",
            slug="greeting-activity",
            # The activity is the subject here, not the time on the page.
            minimum_minutes=0,
            body=[{"type": "h5p", "value": {**ACTIVITY, "content": content.pk}}],
        )
    )
    lesson.save_revision().publish()

    teacher = browser.new_context(viewport={"width": 1280, "height": 1000}).new_page()
    sign_in(teacher, demo_site.url, "trainee")
    teacher.goto(demo_site.url + "/courses/english-classroom/")
    teacher.click(".enrol-box form button")
    teacher.goto(demo_site.url + lesson.url)
    settings.H5P_MIN_ATTEMPT_SECONDS = 3
    player = teacher.frame_locator("iframe.h5p-frame")
    # Answered the moment the player opens: the server does not count it, and the page says so.
    player.locator(".h5p-quick-check-answer", has_text="Good morning, everyone!").click()
    expect(teacher.locator(".h5p-refused")).to_be_visible()
    teacher.screenshot(path=str(SCREENSHOTS / "h5p-too-soon.png"), full_page=True)
    teacher.wait_for_timeout(3500)
    # A wrong answer counts, but does not pass; the right one does.
    player.locator(".h5p-quick-check-answer", has_text="Good night, class.").click()
    expect(teacher.locator(".h5p-refused")).to_be_hidden()
    teacher.wait_for_timeout(3500)
    player.locator(".h5p-quick-check-answer", has_text="Good morning, everyone!").click()
    expect(player.locator(".h5p-quick-check-feedback")).to_contain_text("ถูกต้อง")
    # Without a reload: the page asks the server for the lesson's status once the result is recorded.
    expect(teacher.locator(".h5p-result")).to_contain_text("1 / 1")
    expect(teacher.locator(".lesson-actions")).to_contain_text("เรียนจบบทเรียนนี้แล้ว")
    expect(teacher.locator(".lesson-needs")).to_have_count(0)
    expect(teacher.locator(".outline__lesson.is-current")).to_have_class(re.compile(r"\bis-done\b"))
    teacher.screenshot(path=str(SCREENSHOTS / "h5p-played-live.png"), full_page=True)
    teacher.reload()
    expect(teacher.locator(".h5p-result")).to_contain_text("1 / 1")
    expect(teacher.locator(".lesson-actions")).to_contain_text("เรียนจบบทเรียนนี้แล้ว")
    teacher.screenshot(path=str(SCREENSHOTS / "h5p-played.png"), full_page=True)
    teacher.goto(demo_site.url + "/my-learning/")
    expect(teacher.locator(".course-progress")).to_contain_text("1 จาก 5")
