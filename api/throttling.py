"""Quotas: API_ANON_RATE per client address, API_KEY_RATE (or the key's own rate) per key.

Counters live in the cache (Redis when REDIS_URL is set), so the limits hold across app
servers; each is a fixed window incremented atomically. The client address is the one the
admin's login lockouts count too (healthcontent.clients).
"""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache
from rest_framework import status
from rest_framework.exceptions import APIException
from rest_framework.throttling import BaseThrottle

from api.models import ApiKey
from api.rates import parse_rate
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

    timer = time.time

    def allow_request(self, request, view) -> bool:
        key = request_api_key(request)
        if key is not None:
            ident, rate = f"key:{key.pk}", key.rate or settings.API_KEY_RATE
        else:
            ident, rate = f"addr:{client_address(request)}", settings.API_ANON_RATE
        limit = parse_rate(rate)
        if limit is None:
            return True
        requests, seconds = limit
        now = self.timer()
        window = int(now // seconds)
        counter = f"ratelimit:{ident}:{seconds}:{window}"
        cache.add(counter, 0, timeout=seconds + 1)
        try:
            count = cache.incr(counter)
        except ValueError:  # the counter expired between add and incr: a new window
            count = 1
        if count is None or count <= requests:
            return True
        self._wait = (window + 1) * seconds - now
        return False

    def wait(self) -> float:
        return self._wait
