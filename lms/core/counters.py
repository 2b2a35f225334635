"""Counting events in a time window in the shared cache (Redis in production), for rate limits.

One counter per key, started at the first event and gone when the window ends: every process and
machine sees the same count.

While the cache cannot be reached, a counter cannot count, and each kind decides what that means by
how its key begins (``OUTAGE_POLICY``; an unlisted kind fails closed):

- ``exams:admit`` (wrong admission codes per seat) fails **closed**: the code is six letters, so
  unlimited tries during an outage could find it; candidates are told to wait, and the proctor can
  still let them in.
- ``certificates:verify`` (look-ups per address per minute) fails **open**: a code has 100 random bits,
  so a short outage gives a guesser nothing, while an employer checking a certificate should not be
  turned away; the limit is there against load, and the database answers each look-up by index.
- ``people:profile-save`` (saves of one's own profile per hour) fails **open**: the form tells nothing
  about other accounts, so the limit only curbs scripted churn, and a teacher correcting their details
  should not be refused because the cache is away.
- ``people:reset`` (password resets per client and per address) fails **closed**: the reset mail goes
  through the broker, which is the same Redis, so nothing could be sent anyway; the person is told to
  try again later rather than to wait for a mail that cannot come.
"""

import math

from django.core.cache import cache

from .cache import CacheUnavailable

OPEN, CLOSED = "open", "closed"
OUTAGE_POLICY = {
    "exams:admit": CLOSED,
    "certificates:verify": OPEN,
    "people:profile-save": OPEN,
    "people:reset": CLOSED,
}


def policy(key):
    """``OPEN`` or ``CLOSED``: what the counter under ``key`` does while the cache is unreachable."""
    kinds = [kind for kind in OUTAGE_POLICY if key == kind or key.startswith(kind + ":")]
    return OUTAGE_POLICY[max(kinds, key=len)] if kinds else CLOSED


def _unavailable(key):
    # Open: no event was counted. Closed: over any limit.
    return 0 if policy(key) == OPEN else math.inf


def count(key, window_seconds):
    """Add one event under ``key``; return how many there have been in the current window."""
    try:
        cache.add(key, 0, timeout=window_seconds)
        try:
            return cache.incr(key)
        except ValueError:  # the window ended between add and incr
            cache.add(key, 1, timeout=window_seconds)
            return 1
    except CacheUnavailable:
        return _unavailable(key)


def current(key):
    """How many events ``key`` has in its window, without adding one."""
    read = getattr(cache, "strict_get", cache.get)
    try:
        return read(key, 0)
    except CacheUnavailable:
        return _unavailable(key)
