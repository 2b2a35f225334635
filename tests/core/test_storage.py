"""One way a stored file reaches its reader (lms.core.storage.serve_file), whatever app serves it."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import Http404

from lms.core.storage import FILE_UNAVAILABLE, serve_file

pytestmark = pytest.mark.django_db


def test_a_stored_file_is_streamed_privately_and_sandboxed(tmp_path, settings):
    key = default_storage.save("tests/handout.pdf", ContentFile(b"%PDF-1.4"))
    response = serve_file(key, content_type="application/pdf", inline=False, filename="เอกสาร.pdf")
    assert b"".join(response.streaming_content) == b"%PDF-1.4"
    assert response["Cache-Control"] == "private, max-age=300"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"].startswith("sandbox")
    assert "attachment" in response["Content-Disposition"]


def test_a_missing_file_is_not_found_unless_the_view_can_make_it_again():
    with pytest.raises(Http404):
        serve_file("tests/never-stored.pdf", content_type="application/pdf", inline=False)
    made = serve_file("tests/never-stored.pdf", content_type="application/pdf", inline=False, missing=lambda: "again")
    assert made == "again"


def test_a_store_that_fails_is_a_503_saying_to_try_again(s3_down):
    response = serve_file("tests/handout.pdf", content_type="application/pdf", inline=False, presign=False)
    assert response.status_code == 503
    assert response.content.decode() == str(FILE_UNAVAILABLE)
    assert "no-store" in response["Cache-Control"]


def test_on_an_object_store_the_reader_is_sent_to_a_short_lived_address(s3_storage):
    key = s3_storage.save("tests/handout.pdf", ContentFile(b"%PDF-1.4"))
    response = serve_file(key, content_type="application/pdf", inline=True, filename="handout.pdf")
    assert response.status_code == 302
    assert "X-Amz-Signature" in response["Location"] and "inline" in response["Location"]
