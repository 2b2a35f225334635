"""Issue 5 in a real browser: a teacher joins a PLC, posts a Thai reflection with a picture through the
editor, the facilitator replies, the teacher is notified; a session is logged, confirmed, and both see
the hours."""

import io
from datetime import timedelta

from django.utils import timezone
from PIL import Image, ImageDraw
from playwright.sync_api import expect

from lms.learning.models import HoursEntry, HoursSource
from lms.people.models import User
from lms.records.totals import hours_summary
from plc.models import Attachment, PLCSession, Post
from tests.e2e.conftest import SCREENSHOTS, sign_in

SPACE = "/plc/math-primary-cm/"


def _picture(tmp_path):
    image = Image.new("RGB", (320, 180), "#fdf3d7")
    draw = ImageDraw.Draw(image)
    for n in range(4):
        draw.rectangle(
            [20 + n * 75, 40, 80 + n * 75, 140], outline="#1b3a6b", width=4, fill="#c8961e" if n < 3 else None
        )
    path = tmp_path / "fractions.png"
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    path.write_bytes(buffer.getvalue())
    return path


def test_reflection_reply_notification_and_confirmed_hours(browser, demo_site, tmp_path):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    trainee = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    sign_in(trainee, demo_site.url, "trainee")
    trainee.goto(demo_site.url + "/plc/")
    expect(trainee.locator(".plc-card")).to_have_count(4)  # closed spaces stay hidden
    trainee.screenshot(path=str(SCREENSHOTS / "plc-index.png"), full_page=True)
    trainee.click(f"a[href='{SPACE}']")
    expect(trainee.locator(".plc-main")).to_have_count(0)  # no posts before joining
    trainee.click(".enrol-box button[type=submit]")
    expect(trainee.locator(".messages")).to_contain_text("ยินดีต้อนรับ")

    trainee.click(".post-form-box summary")
    trainee.select_option("#id_stage", "teach")
    editor = trainee.locator(".editor__area")
    editor.click()
    editor.type("วันนี้ทดลองใช้แถบกระดาษเศษส่วน นักเรียนกลุ่มอ่อนตอบถูกมากขึ้น ")
    trainee.click(".editor__button[data-command=bold]")
    editor.type("ขอบคุณครูสุดารัตน์ @trainer")
    with trainee.expect_file_chooser() as chooser:
        trainee.click(".editor__button[data-command=image]")
    chooser.value.set_files(str(_picture(tmp_path)))
    expect(editor.locator("img")).to_have_count(1)
    trainee.click(".post-form button[type=submit]")
    expect(trainee.locator(".messages")).to_contain_text("โพสต์")
    post = Post.objects.get(author__username="trainee")
    assert post.body.startswith("<p>วันนี้") and "<b>ขอบคุณ" in post.body and "<img" in post.body
    assert Attachment.objects.get(post=post).content_type == "image/png"
    image = trainee.locator(f"#post-{post.pk} .post__body img")
    expect(image).to_be_visible()
    assert trainee.evaluate(f"document.querySelector('#post-{post.pk} .post__body img').naturalWidth") == 320
    trainee.screenshot(path=str(SCREENSHOTS / "plc-reflection.png"), full_page=True)

    # The facilitator was mentioned, and replies.
    trainer = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    sign_in(trainer, demo_site.url, "trainer")
    expect(trainer.locator(".header-notices .badge")).to_be_visible()
    trainer.goto(f"{demo_site.url}{SPACE}posts/{post.pk}/")
    trainer.locator(".post-form .editor__area").click()
    trainer.locator(".post-form .editor__area").type("เยี่ยมมากครับ สัปดาห์หน้าขอเข้าไปสังเกตชั้นเรียนด้วย")
    trainer.click(".post-form button[type=submit]")
    expect(trainer.locator(".replies .post")).to_have_count(1)
    trainer.screenshot(path=str(SCREENSHOTS / "plc-thread.png"), full_page=True)

    # The teacher sees the notification and follows it to the reply.
    trainee.goto(demo_site.url + "/")
    expect(trainee.locator(".header-notices .badge")).to_have_text("1")
    trainee.click(".header-notices")
    expect(trainee.locator(".notice--unread")).to_contain_text("ตอบกลับ")
    trainee.screenshot(path=str(SCREENSHOTS / "plc-notifications.png"), full_page=True)
    trainee.click(".notice--unread button")
    expect(trainee.locator(".replies")).to_contain_text("สังเกตชั้นเรียน")

    # The teacher logs yesterday's session with the facilitator; he attended, so the centre manager
    # confirms it; both see the hours.
    trainee.goto(f"{demo_site.url}{SPACE}sessions/")
    trainee.click(".post-form-box summary")
    trainee.fill("#id_date", (timezone.localdate() - timedelta(days=1)).isoformat())
    trainee.fill("#id_start_time", "09:00")
    trainee.fill("#id_hours", "2")
    trainee.fill("#id_activity", "สังเกตชั้นเรียนเรื่องเศษส่วน ป.4")
    trainee.select_option("#id_stage", "teach")
    trainee.check(f"input[name=attendees][value='{post.space.facilitator_id}']")
    trainee.click("form.panel button[type=submit]")
    expect(trainee.locator("table.sessions")).to_contain_text("สังเกตชั้นเรียนเรื่องเศษส่วน")
    session = PLCSession.objects.get(activity="สังเกตชั้นเรียนเรื่องเศษส่วน ป.4")
    trainer.goto(f"{demo_site.url}{SPACE}sessions/")
    row = trainer.locator(f"#session-{session.pk}")
    expect(row).to_contain_text("09:00–11:00")
    expect(row.locator("button.button")).to_have_count(0)
    expect(row).to_contain_text("เจ้าหน้าที่ของศูนย์")
    manager = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    sign_in(manager, demo_site.url, "manager")
    manager.goto(f"{demo_site.url}{SPACE}sessions/")
    manager.screenshot(path=str(SCREENSHOTS / "plc-sessions-phone.png"), full_page=True)
    manager.click(f"#session-{session.pk} button.button")
    expect(manager.locator(".messages")).to_contain_text("ยืนยัน")
    trainer.goto(f"{demo_site.url}{SPACE}sessions/")
    trainer.screenshot(path=str(SCREENSHOTS / "plc-sessions.png"), full_page=True)
    assert HoursEntry.objects.filter(source="plc", user__username="trainee").count() == 1

    trainee.goto(demo_site.url + "/my-learning/")
    expect(trainee.locator(".plc-hours")).to_contain_text("2 จาก 50")
    trainee.screenshot(path=str(SCREENSHOTS / "plc-my-hours.png"), full_page=True)
    trainer.goto(demo_site.url + "/my-learning/")
    expected = hours_summary(User.objects.get(username="trainer"), source=HoursSource.PLC)[0]
    expect(trainer.locator(".plc-hours strong")).to_have_text(f"{expected.normalize():f}")
