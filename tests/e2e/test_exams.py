"""Issue 6 in a real browser: the trainee sits the demo English placement test, reloads mid-test and
resumes the same form with the answers kept, submits and sees a CEFR level; the manager sees the result
and the item analysis."""

import re

from playwright.sync_api import expect

from tests.e2e.conftest import SCREENSHOTS, sign_in


def _answer(page, fieldset, index):
    """Give an answer to one question on screen; returns what was chosen or typed."""
    qtype = fieldset.get_attribute("data-qtype")
    if qtype in ("single", "multiple", "truefalse"):
        choice = fieldset.locator("input").nth(index % fieldset.locator("input").count())
        choice.check()
        return choice.get_attribute("value")
    field = fieldset.locator("input")
    field.fill("answer")
    return "answer"


def test_trainee_sits_resumes_and_gets_a_level_manager_sees_analysis(browser, demo_site):
    from lms.exams.models import AttemptItem, ExamAttempt

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    trainee = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    sign_in(trainee, demo_site.url, "trainee")
    trainee.goto(demo_site.url + "/tests/")
    trainee.get_by_role("link", name=re.compile("แบบทดสอบวัดระดับภาษาอังกฤษ")).click()
    trainee.screenshot(path=str(SCREENSHOTS / "exam-detail.png"), full_page=True)
    trainee.locator("main form button[type=submit]").click()
    expect(trainee.locator("fieldset.question")).to_have_count(13)
    attempt = ExamAttempt.objects.get(user__username="trainee")
    order = [q.get_attribute("data-position") for q in trainee.locator("fieldset.question").all()]
    texts = trainee.locator(".question__text").all_inner_texts()

    chosen = {}
    for index in range(6):
        fieldset = trainee.locator("fieldset.question").nth(index)
        chosen[fieldset.get_attribute("data-position")] = _answer(trainee, fieldset, index)
    expect(trainee.locator("#save-status")).to_have_text(re.compile("All answers saved|บันทึกคำตอบทั้งหมดแล้ว"))
    saved = dict(
        AttemptItem.objects.filter(attempt=attempt, response__isnull=False).values_list("position", "response")
    )
    assert len(saved) == 6
    audio = trainee.locator("audio").first
    assert trainee.evaluate("(src) => fetch(src).then(r => r.status)", audio.get_attribute("src")) == 200
    trainee.screenshot(path=str(SCREENSHOTS / "exam-taking.png"), full_page=True)

    # Reload mid-test: the same form, the same order, the answers kept, the clock still running.
    trainee.reload()
    assert [q.get_attribute("data-position") for q in trainee.locator("fieldset.question").all()] == order
    assert trainee.locator(".question__text").all_inner_texts() == texts
    for position, value in chosen.items():
        fieldset = trainee.locator(f"fieldset#q{position}")
        if value == "answer":
            expect(fieldset.locator("input")).to_have_value("answer")
        else:
            expect(fieldset.locator(f"input[value='{value}']")).to_be_checked()
    seconds = int(trainee.locator("#timer").get_attribute("data-seconds"))
    assert 25 * 60 < seconds < 30 * 60
    trainee.screenshot(path=str(SCREENSHOTS / "exam-resumed.png"), full_page=True)

    for index in range(6, 13):
        _answer(trainee, trainee.locator("fieldset.question").nth(index), index)
    trainee.once("dialog", lambda dialog: dialog.accept())
    trainee.click("#submit-exam")
    expect(trainee.locator("#band")).to_have_text(re.compile(r"^(A1|A2|B1|B2|C1|C2)$"))
    attempt.refresh_from_db()
    assert attempt.status == "submitted" and attempt.band == trainee.locator("#band").inner_text()
    trainee.screenshot(path=str(SCREENSHOTS / "exam-result.png"), full_page=True)

    manager = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    sign_in(manager, demo_site.url, "manager")
    manager.goto(demo_site.url + "/tests/manage/")
    manager.screenshot(path=str(SCREENSHOTS / "exam-manage.png"), full_page=True)
    manager.goto(demo_site.url + f"/tests/manage/{attempt.exam_id}/results/")
    expect(manager.locator("main")).to_contain_text("trainee")
    expect(manager.locator("main")).to_contain_text(attempt.band)
    manager.screenshot(path=str(SCREENSHOTS / "exam-results.png"), full_page=True)
    manager.goto(demo_site.url + f"/tests/manage/{attempt.exam_id}/analysis/")
    expect(manager.locator("table.item-analysis tbody tr")).to_have_count(24)
    manager.screenshot(path=str(SCREENSHOTS / "exam-analysis.png"), full_page=True)


def test_autosave_during_a_database_outage_reconnects_calmly_and_submits_when_back(browser, demo_site):
    """The server answers 503 while its database restarts (intercepted here): the page says it is
    reconnecting, keeps the answer on the device, sends it when the server is back, and holds the final
    submit until then."""
    from lms.exams.models import AttemptItem, ExamAttempt

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": 390, "height": 844})
    trainee = context.new_page()
    sign_in(trainee, demo_site.url, "trainee")
    trainee.goto(demo_site.url + "/tests/")
    trainee.get_by_role("link", name=re.compile("แบบทดสอบวัดระดับภาษาอังกฤษ")).click()
    trainee.locator("main form button[type=submit]").click()
    expect(trainee.locator("fieldset.question")).to_have_count(13)
    attempt = ExamAttempt.objects.get(user__username="trainee")
    outage = re.compile(r"/tests/attempt/\d+/save/$")

    def unavailable(route):
        route.fulfill(status=503, content_type="application/json", body='{"error": "Reconnecting", "retry_after": 5}')

    trainee.route(outage, unavailable)
    fieldset = trainee.locator("fieldset.question[data-qtype=single]").first
    position = fieldset.get_attribute("data-position")
    fieldset.locator("input").first.check()
    status = trainee.locator("#save-status")
    expect(status).to_have_text(re.compile("กำลังเชื่อมต่อใหม่|Reconnecting"))
    expect(status).not_to_have_text(re.compile("error|ข้อผิดพลาด|500", re.I))
    kept = trainee.evaluate(f"() => JSON.parse(localStorage.getItem('hcec-exam-pending-{attempt.pk}'))")
    assert position in kept
    trainee.screenshot(path=str(SCREENSHOTS / "exam-reconnecting.png"), full_page=False)
    assert not AttemptItem.objects.filter(attempt=attempt, position=position, response__isnull=False).exists()

    # The server is back: the retry (with backoff) sends the kept answer.
    trainee.unroute(outage)
    expect(status).to_have_text(re.compile("All answers saved|บันทึกคำตอบทั้งหมดแล้ว"), timeout=15000)
    assert AttemptItem.objects.get(attempt=attempt, position=position).response is not None

    # The final submit during an outage waits on the page instead of losing anything.
    trainee.route(outage, unavailable)
    trainee.once("dialog", lambda dialog: dialog.accept())
    trainee.click("#submit-exam")
    expect(status).to_have_text(re.compile("ส่งแบบทดสอบ|submitted as soon as"))
    assert "/result/" not in trainee.url
    attempt.refresh_from_db()
    assert attempt.status == "in_progress"
    trainee.screenshot(path=str(SCREENSHOTS / "exam-waiting-to-submit.png"), full_page=False)
    trainee.unroute(outage)
    expect(trainee.locator("#band")).to_be_visible(timeout=20000)
    attempt.refresh_from_db()
    assert attempt.status == "submitted"
    context.close()
