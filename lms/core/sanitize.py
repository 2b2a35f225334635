"""The platform's one policy for user-written HTML (posts, reflections, profile notes).

Everything that stores or shows HTML a user wrote calls :func:`clean_html`; nothing else in the code
base decides which tags survive. It is built on nh3 (Rust's ammonia), not bleach, whose 6.4.0 release
notes announce the end of security fixes.

The policy: text formatting, lists, quotes, headings, links and images. No script, style, iframe,
form or event handler survives; links and images may only use http(s) and mailto (links), so
``javascript:`` and ``data:`` URLs are dropped; every link gets ``rel="noopener noreferrer nofollow"``.
"""

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
IMAGE_SCHEMES = frozenset({"http", "https"})


def _filter_attribute(element, attribute, value):
    # nh3's url_schemes applies to every URL attribute; images get the narrower list here.
    if element == "img" and attribute == "src":
        scheme, sep, _rest = value.partition(":")
        if sep and "/" not in scheme and scheme.lower() not in IMAGE_SCHEMES:
            return None
    return value


def clean_html(html):
    """Return ``html`` with everything outside the policy removed. ``None`` becomes ``""``."""
    if not html:
        return ""
    return nh3.clean(
        str(html),
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(LINK_SCHEMES),
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
        attribute_filter=_filter_attribute,
    )


def html_to_text(html):
    """Plain text of ``html`` (for search indexes, e-mails and length checks)."""
    if not html:
        return ""
    return unescape(nh3.clean(str(html), tags=set()))
