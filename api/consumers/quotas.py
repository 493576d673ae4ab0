"""Quotas: API_ANON_RATE per client address, API_KEY_RATE (or the key's own rate) per key,
and API_INVALID_KEY_RATE for requests with a key that is not valid, per client address.

Counters live in the cache (Redis when REDIS_URL is set), so the limits hold across app
servers; each is a fixed window incremented atomically. The client address is the one the
admin's login lockouts count too (healthcontent.clients). An address over its invalid-key
limit is refused before any key it sends is looked up: guessing keys costs the guesser, not
the server.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from rest_framework import status
from rest_framework.exceptions import APIException
from rest_framework.throttling import BaseThrottle

from api.consumers.rates import parse_rate
from api.models import ApiKey
from healthcontent.clients import client_address

KEYWORD = "api-key"


class InvalidApiKey(APIException):
    status_code = status.HTTP_401_UNAUTHORIZED
    default_code = "invalid_api_key"
    default_detail = "The API key is unknown, revoked or expired. Send a valid key, or none."


def presented_key(request) -> str | None:
    """The key from `X-API-Key`, or from `Authorization: Api-Key <key>`."""
    header = request.META.get("HTTP_X_API_KEY", "").strip()
    if header:
        return header
    keyword, _, key = request.META.get("HTTP_AUTHORIZATION", "").partition(" ")
    if keyword.lower() != KEYWORD:
        return None
    return key.strip() or None


def request_api_key(request) -> ApiKey | None:
    """The valid key the request presents, None without one; a bad key is refused."""
    if not hasattr(request, "_api_key"):
        raw = presented_key(request)
        key = None
        if raw:
            try:
                key = ApiKey.objects.get_from_key(raw)
            except ApiKey.DoesNotExist:
                key = None
            if key is None or key.has_expired:
                raise InvalidApiKey()
        request._api_key = key
    return request._api_key


class ClientRateThrottle(BaseThrottle):
    """One limit per API key, or per client address for anonymous requests."""

    # A plain function, not a method: called without the throttle.
    timer: Callable[[], float] = time.time
    message = "Request was throttled."

    def allow_request(self, request, view) -> bool:
        address = f"addr:{client_address(request)}"
        invalid_keys = parse_rate(settings.API_INVALID_KEY_RATE)
        if (
            invalid_keys
            and presented_key(request)
            and self._over(f"badkey:{address}", invalid_keys)
        ):
            self.message = "Too many requests with an invalid API key from this address."
            return False
        try:
            key = request_api_key(request)
        except InvalidApiKey:
            if invalid_keys:
                self._count(f"badkey:{address}", invalid_keys)
            raise
        if key is not None:
            ident, rate = f"key:{key.pk}", key.rate or settings.API_KEY_RATE
        else:
            ident, rate = address, settings.API_ANON_RATE
        limit = parse_rate(rate)
        return limit is None or not self._count(ident, limit)

    def _counter(self, ident: str, limit: tuple[int, int]) -> str:
        """The counter of the current window; sets how long until the next one."""
        seconds = limit[1]
        now = self.timer()
        window = int(now // seconds)
        self._wait = (window + 1) * seconds - now
        return f"ratelimit:{ident}:{seconds}:{window}"

    def _over(self, ident: str, limit: tuple[int, int]) -> bool:
        """Already at the limit in this window (nothing counted)."""
        return (cache.get(self._counter(ident, limit)) or 0) >= limit[0]

    def _count(self, ident: str, limit: tuple[int, int]) -> bool:
        """Counts one request; True when it is over the limit."""
        counter = self._counter(ident, limit)
        cache.add(counter, 0, timeout=limit[1] + 1)
        try:
            count = cache.incr(counter)
        except ValueError:  # the counter expired between add and incr: a new window
            count = 1
        return count is not None and count > limit[0]

    def wait(self) -> float:
        return self._wait
