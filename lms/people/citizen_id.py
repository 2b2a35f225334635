"""Thai citizen ID (เลขประจำตัวประชาชน): normalising, checking and masking.

People type the number with spaces or dashes, in Thai digits (๐-๙) or full-width digits from some
input methods; it is stored as 13 ASCII digits. The last digit is a check digit: the sum of
``digit[i] * (13 - i)`` for ``i`` in 0..11, then ``(11 - sum % 11) % 10``.
"""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015\u2212.]+")


def normalise(raw):
    """Digits only, in ASCII: ``"๑-๑๐๑๗-๐๐๐๐๑-๓๑-๔"`` -> ``"1101700001314"``. No validation."""
    text = _SEPARATORS.sub("", str(raw or ""))
    # unicodedata.digit maps Thai (U+0E50-0E59), full-width and other decimal digits to their value.
    return "".join(str(unicodedata.digit(ch)) if ch.isdecimal() else ch for ch in text)


def looks_like(text):
    """The 13 ASCII digits if ``text`` is typed like a citizen ID, else ``None``.

    For lookups: the check digit is not verified, a mistyped number simply finds nobody.
    """
    digits = normalise(text)
    return digits if digits.isdigit() and digits.isascii() and len(digits) == 13 else None


def check_digit(first_twelve):
    total = sum(int(d) * (13 - i) for i, d in enumerate(first_twelve))
    return (11 - total % 11) % 10


def clean(raw):
    """Return the normalised 13-digit ID or raise ``ValidationError`` saying what is wrong."""
    digits = normalise(raw)
    if not digits.isdigit() or not digits.isascii():
        raise ValidationError(_("A citizen ID may contain only digits, spaces and dashes."), code="invalid")
    if len(digits) != 13:
        raise ValidationError(
            _("A citizen ID has 13 digits; this one has %(count)d."),
            code="length",
            params={"count": len(digits)},
        )
    if check_digit(digits[:12]) != int(digits[12]):
        raise ValidationError(
            _("This citizen ID is not valid: its last digit does not match. Please check the number."),
            code="checksum",
        )
    return digits


def is_valid(raw):
    try:
        clean(raw)
    except ValidationError:
        return False
    return True


def validate(value):
    """Model-field validator."""
    clean(value)


def format_id(digits):
    """The printed form ``1-2345-67890-12-3``."""
    if not digits or len(digits) != 13:
        return digits or ""
    return f"{digits[0]}-{digits[1:5]}-{digits[5:10]}-{digits[10:12]}-{digits[12]}"


def mask(digits):
    """What everyone else sees (PDPA): only the last four digits, ``x-xxxx-xxxxx-12-3``."""
    if not digits:
        return ""
    return f"x-xxxx-xxxxx-{digits[10:12]}-{digits[12]}" if len(digits) == 13 else "x" * len(digits)
