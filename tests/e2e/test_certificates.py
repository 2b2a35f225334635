"""Issue 7 in a real browser: the trainee completes a course and downloads the certificate; the PDF is
read back as a picture, its QR code decodes to the verification address, which says valid; the manager
revokes it and the page then says revoked."""

import shutil
import subprocess

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import SCREENSHOTS, sign_in
from tests.e2e.studied import as_if_studied

pytestmark = pytest.mark.skipif(
    not shutil.which("pdftoppm") or not shutil.which("zbarimg"), reason="needs poppler-utils and zbar-tools"
)


def test_certificate_download_qr_verify_and_revoke(browser, demo_site, settings, tmp_path):
    from lms.certificates.models import Certificate

    settings.SITE_URL = demo_site.url
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    trainee = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True).new_page()
    sign_in(trainee, demo_site.url, "trainee")
    trainee.goto(demo_site.url + "/courses/english-classroom/")
    trainee.click(".enrol-box button[type=submit]")
    as_if_studied("trainee", "english-classroom")
    trainee.click(".enrol-box a.button")
    for _ in range(4):
        expect(trainee.locator("h1")).to_be_visible()
        trainee.click(".lesson-actions button[type=submit]")
    expect(trainee.locator(".enrol-box")).to_contain_text("สำเร็จ")

    trainee.goto(demo_site.url + "/certificates/")
    row = trainee.locator("tbody tr", has_text="ภาษาอังกฤษเพื่อการสื่อสารในชั้นเรียน")
    expect(row).to_have_count(1)
    certificate = Certificate.objects.get(user__username="trainee", kind="course")
    trainee.screenshot(path=str(SCREENSHOTS / "certificates-mine.png"), full_page=True)
    with trainee.expect_download() as download:
        row.get_by_role("link", name="ดาวน์โหลด PDF").click()
    pdf = tmp_path / "certificate.pdf"
    download.value.save_as(pdf)
    assert pdf.read_bytes()[:5] == b"%PDF-"
    subprocess.run(
        ["pdftoppm", "-r", "110", "-png", "-singlefile", str(pdf), str(SCREENSHOTS / "certificate")], check=True
    )
    decoded = subprocess.run(
        ["zbarimg", "--quiet", "--raw", str(SCREENSHOTS / "certificate.png")], capture_output=True, text=True
    ).stdout.strip()
    assert decoded == f"{demo_site.url}/verify/{certificate.code}/"

    visitor = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    visitor.goto(decoded)
    expect(visitor.locator(".verify-status--valid")).to_be_visible()
    expect(visitor.locator("main")).to_contain_text(certificate.recipient_name)
    visitor.screenshot(path=str(SCREENSHOTS / "certificate-valid.png"), full_page=True)

    manager = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    sign_in(manager, demo_site.url, "manager")
    manager.goto(f"{demo_site.url}/certificates/manage/?q={certificate.code}")
    manager.fill("input[name=reason]", "ออกเกียรติบัตรผิดหลักสูตร")
    manager.click(".revoke-form button[type=submit]")
    expect(manager.locator(".messages")).to_contain_text(certificate.code)
    manager.screenshot(path=str(SCREENSHOTS / "certificate-revoke.png"), full_page=True)

    visitor.goto(decoded)
    expect(visitor.locator(".verify-status--revoked")).to_be_visible()
    visitor.screenshot(path=str(SCREENSHOTS / "certificate-revoked.png"), full_page=True)
