"""Counting events in a time window in the shared cache (Redis in production), for rate limits.

One counter per key, started at the first event and gone when the window ends: every process and
machine sees the same count.
"""

from django.core.cache import cache


def count(key, window_seconds):
    """Add one event under ``key``; return how many there have been in the current window."""
    cache.add(key, 0, timeout=window_seconds)
    try:
        return cache.incr(key)
    except ValueError:  # the window ended between add and incr
        cache.add(key, 1, timeout=window_seconds)
        return 1


def current(key):
    """How many events ``key`` has in its window, without adding one."""
    return cache.get(key, 0)
