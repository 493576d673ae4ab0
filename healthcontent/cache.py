"""A django-redis cache that stops calling Redis for a while once Redis has failed."""

import logging
import time

from django_redis.cache import RedisCache
from django_redis.exceptions import ConnectionInterrupted
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

REDIS_FAILURES = (ConnectionInterrupted, RedisConnectionError, RedisTimeoutError)


class CircuitBreakerRedisCache(RedisCache):
    """django-redis behind a circuit breaker.

    A failed Redis call opens the breaker for CIRCUIT_BREAKER_SECONDS (an OPTIONS key):
    until then every call answers at once as an empty cache that stores nothing (reads
    miss, writes report "not stored", `incr` raises ValueError as for a missing key), so a
    request pays for at most one failed round trip per worker and period instead of one per
    cache call. The first call after the period tries Redis again.
    """

    def __init__(self, server, params):
        options = dict(params.get("OPTIONS", {}))
        self.breaker_seconds = float(options.pop("CIRCUIT_BREAKER_SECONDS", 5))
        options["IGNORE_EXCEPTIONS"] = False
        super().__init__(server, {**params, "OPTIONS": options})
        self._open_until = 0.0

    @property
    def breaker_open(self) -> bool:
        return time.monotonic() < self._open_until

    def _guarded(self, fallback, method, *args, **kwargs):
        if self.breaker_open:
            return fallback
        try:
            return method(*args, **kwargs)
        except REDIS_FAILURES as exc:
            self._open_until = time.monotonic() + self.breaker_seconds
            logger.warning("cache unavailable, skipping it for %ss: %s", self.breaker_seconds, exc)
            return fallback

    def get(self, key, default=None, version=None, client=None):
        return self._guarded(default, super().get, key, default, version=version, client=client)

    def get_many(self, *args, **kwargs):
        return self._guarded({}, super().get_many, *args, **kwargs)

    def has_key(self, *args, **kwargs):
        return self._guarded(False, super().has_key, *args, **kwargs)

    def set(self, *args, **kwargs):
        return self._guarded(False, super().set, *args, **kwargs)

    def add(self, *args, **kwargs):
        return self._guarded(False, super().add, *args, **kwargs)

    def set_many(self, data, *args, **kwargs):
        return self._guarded(list(data), super().set_many, data, *args, **kwargs)

    def touch(self, *args, **kwargs):
        return self._guarded(False, super().touch, *args, **kwargs)

    def delete(self, *args, **kwargs):
        return self._guarded(False, super().delete, *args, **kwargs)

    def delete_many(self, *args, **kwargs):
        return self._guarded(0, super().delete_many, *args, **kwargs)

    def clear(self):
        return self._guarded(None, super().clear)

    def incr(self, key, delta=1, version=None, client=None):
        missing = object()
        value = self._guarded(missing, super().incr, key, delta, version=version, client=client)
        if value is missing:
            raise ValueError(f"Key '{key}' not found (the cache is unavailable).")
        return value

    def decr(self, key, delta=1, version=None, client=None):
        return self.incr(key, -delta, version=version, client=client)
