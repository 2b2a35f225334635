import pytest

from lms.core.sanitize import clean_html, html_to_text


@pytest.mark.parametrize(
    "dirty,forbidden",
    [
        ("<p>hi<script>alert(1)</script></p>", "<script"),
        ('<img src="x.png" onerror="alert(1)">', "onerror"),
        ('<a href="javascript:alert(1)">x</a>', "javascript:"),
        ('<a href="JaVaScRiPt:alert(1)">x</a>', "alert"),
        ('<img src="data:image/svg+xml;base64,PHN2Zz4=">', "data:"),
        ('<a href="data:text/html,<script>alert(1)</script>">x</a>', "data:"),
        ('<p style="background:url(javascript:alert(1))">x</p>', "style"),
        ("<style>body{display:none}</style><p>x</p>", "<style"),
        ('<iframe src="https://evil.example"></iframe>', "<iframe"),
        ('<form action="/x"><input name="a"></form>', "<form"),
        ("<svg><script>alert(1)</script></svg>", "<svg"),
        ('<p onclick="steal()">x</p>', "onclick"),
    ],
)
def test_dangerous_markup_does_not_survive(dirty, forbidden):
    assert forbidden.lower() not in clean_html(dirty).lower()


def test_allowed_formatting_survives_and_links_get_safe_rel():
    html = (
        "<p><strong>ตัวหนา</strong> <em>เอียง</em></p><ul><li>หนึ่ง</li></ul><blockquote>อ้าง</blockquote>"
        '<a href="https://obec.go.th">สพฐ.</a><img src="https://example.org/a.png" alt="ภาพ">'
    )
    cleaned = clean_html(html)
    for kept in ("<strong>ตัวหนา</strong>", "<em>เอียง</em>", "<li>หนึ่ง</li>", "<blockquote>", 'alt="ภาพ"'):
        assert kept in cleaned
    assert 'rel="noopener noreferrer nofollow"' in cleaned


def test_empty_input_gives_empty_string():
    assert clean_html(None) == "" and clean_html("") == ""


def test_html_to_text_keeps_only_text():
    assert html_to_text("<p>ครู &amp; นักเรียน<script>x()</script></p>") == "ครู & นักเรียน"
