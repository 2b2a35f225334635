"""The platform's one policy for user-written HTML (posts, reflections, profile notes).

Everything that stores or shows HTML a user wrote calls :func:`clean_html`; nothing else in the code
base decides which tags survive. It is built on nh3 (Rust's ammonia), not bleach, whose 6.4.0 release
notes announce the end of security fixes.

The policy: text formatting, lists, quotes, headings, links and pictures. No script, style, iframe,
form or event handler survives (nor ``style`` or ``srcset`` attributes); links may only use http(s) and
mailto, so ``javascript:`` and ``data:`` URLs are dropped; every link gets ``rel="noopener noreferrer
nofollow"``. Pictures come only from the platform's own uploads: an ``img`` whose ``src`` is anything
but a path to an uploaded file on this site (see :data:`PLATFORM_PICTURE`) is removed whole, so a post
cannot carry a tracking pixel or load anything from another site when someone reads it.
"""

import re
from html import unescape

import nh3

ALLOWED_TAGS = frozenset(
    {
        "a",
        "abbr",
        "b",
        "blockquote",
        "br",
        "code",
        "em",
        "h2",
        "h3",
        "h4",
        "hr",
        "i",
        "img",
        "li",
        "ol",
        "p",
        "pre",
        "s",
        "strong",
        "sub",
        "sup",
        "u",
        "ul",
    }
)
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "img": {"src", "alt", "title", "width", "height"},
    "ol": {"start"},
}
LINK_SCHEMES = frozenset({"http", "https", "mailto"})

# A file uploaded to the platform, as the PLC editor inserts it: ``<space path>files/<id>/``, served by
# the view that checks who may read the post. Only a path on this site (one leading slash, never ``//``,
# ``/\\`` or a scheme) and no control characters or spaces, which browsers drop from URLs (a tab in
# ``/\t/evil.example`` would make it protocol-relative). nh3 hands the filter the decoded value, so
# entity-encoded tricks are judged as the browser would read them.
PLATFORM_PICTURE = re.compile(r"/(?:[^/\\\x00-\x20\x7f?#]+/)+files/[0-9]{1,18}/")
# nh3's output escapes quotes and angle brackets inside attribute values, so a tag ends at its first ``>``.
_IMG_WITHOUT_SRC = re.compile(r"<img(?![^>]* src=\")[^>]*>")


def _filter_attribute(element, attribute, value):
    if element == "img" and attribute == "src" and not PLATFORM_PICTURE.fullmatch(value):
        return None
    return value


def clean_html(html):
    """Return ``html`` with everything outside the policy removed. ``None`` becomes ``""``."""
    if not html:
        return ""
    cleaned = nh3.clean(
        str(html),
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(LINK_SCHEMES),
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
        attribute_filter=_filter_attribute,
    )
    # A picture whose source was refused goes whole: an empty frame with its alt text helps nobody.
    return _IMG_WITHOUT_SRC.sub("", cleaned)


def html_to_text(html):
    """Plain text of ``html`` (for search indexes, e-mails and length checks)."""
    if not html:
        return ""
    return unescape(nh3.clean(str(html), tags=set()))
