"""The shared cache (Redis), failing open: while Redis cannot be reached, reads miss and writes are dropped.

Pages keep answering through a Redis outage: Wagtail keeps site root paths in the cache, and a miss
only means it reads them from the database again. After a connection error the backend stops trying
for ``RETRY_SECONDS``, so a page with many cache calls does not wait on a dead server once per call,
and it logs the outage once per ``LOG_SECONDS``, not once per call.

Two operations do not pretend: ``incr`` (a count that was not kept is not a number) and ``strict_get``
raise :class:`CacheUnavailable`, so ``lms.core.counters`` can decide per counter whether an outage
lets the event through or refuses it.
"""

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

OUTAGE_ERRORS = (RedisConnectionError, RedisTimeoutError, OSError)


class CacheUnavailable(Exception):
    """The cache could not be reached, so the operation has no trustworthy answer."""


class ResilientRedisCache(RedisCache):
    RETRY_SECONDS = 5
    LOG_SECONDS = 60
    # Shared by every thread's instance for the same servers: one outage, one log line.
    _outages = {}

    def _state(self):
        return self._outages.setdefault(tuple(self._servers), {"down_until": 0.0, "logged_at": float("-inf")})

    def _call(self, operation, *args):
        """Run ``operation``; raise CacheUnavailable while Redis is known down or on a connection error."""
        state = self._state()
        now = time.monotonic()
        if now < state["down_until"]:
            raise CacheUnavailable
        try:
            return operation(*args)
        except OUTAGE_ERRORS as error:
            state["down_until"] = now + self.RETRY_SECONDS
            if now - state["logged_at"] >= self.LOG_SECONDS:
                state["logged_at"] = now
                logger.warning("Cache unreachable (%s); pages go on without it.", type(error).__name__)
            raise CacheUnavailable from error

    def _open(self, miss, operation, *args):
        try:
            return self._call(operation, *args)
        except CacheUnavailable:
            return miss

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._open(False, super().add, key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._open(default, super().get, key, default, version)

    def strict_get(self, key, default=None, version=None):
        """``get`` that raises :class:`CacheUnavailable` instead of missing during an outage."""
        return self._call(super().get, key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self._open(None, super().set, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._open(False, super().touch, key, timeout, version)

    def delete(self, key, version=None):
        return self._open(False, super().delete, key, version)

    def get_many(self, keys, version=None):
        return self._open({}, super().get_many, keys, version)

    def has_key(self, key, version=None):
        return self._open(False, super().has_key, key, version)

    def incr(self, key, delta=1, version=None):
        return self._call(super().incr, key, delta, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._open(list(data), super().set_many, data, timeout, version)

    def delete_many(self, keys, version=None):
        self._open(None, super().delete_many, keys, version)
