"""Verification codes: 100 random bits, written as 20 characters in groups of five.

The alphabet is Crockford's base 32 (no I, L, O or U), so a code read aloud or typed from paper is not
misread; input is forgiving (lower case, spaces, O for 0, I and L for 1). Codes come from the operating
system's random source and from nothing else: no sequence, no date, no user id.
"""

import re
import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
LENGTH = 20
GROUP = 5
BITS = LENGTH * 5
_TYPED = str.maketrans({"O": "0", "I": "1", "L": "1"})


def new_code():
    raw = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    return "-".join(raw[i : i + GROUP] for i in range(0, LENGTH, GROUP))


def normalise(typed):
    """The canonical form of a typed code, or ``None`` if it cannot be one."""
    raw = re.sub(r"[\s-]", "", typed or "").upper().translate(_TYPED)
    if len(raw) != LENGTH or any(c not in ALPHABET for c in raw):
        return None
    return "-".join(raw[i : i + GROUP] for i in range(0, LENGTH, GROUP))
