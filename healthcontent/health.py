"""Liveness (`/healthz`) and readiness (`/readyz`) probes for load balancers and orchestrators."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from functools import partial

from django.core.cache import cache
from django.db import connections
from django.http import JsonResponse

logger = logging.getLogger(__name__)

READINESS_CACHE_KEY = "healthcontent:readyz"


def healthz(request):
    """The process is up and serving; touches no dependency, so it is always fast."""
    return JsonResponse({"status": "ok"})


def check_database(alias: str) -> None:
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def check_cache() -> None:
    # A round trip, because the Redis cache is configured to swallow its connection errors.
    token = uuid.uuid4().hex
    cache.set(READINESS_CACHE_KEY, token, timeout=10)
    if cache.get(READINESS_CACHE_KEY) != token:
        raise ConnectionError("the cache did not return the value just written")


def readiness_checks() -> dict[str, Callable[[], None]]:
    """Each dependency's name with the function that raises when it does not answer."""
    checks: dict[str, Callable[[], None]] = {
        ("database" if alias == "default" else f"database:{alias}"): partial(check_database, alias)
        for alias in connections
    }
    checks["cache"] = check_cache
    return checks


def readyz(request):
    """200 when the database and the cache answer; 503 naming the components that do not."""
    results = {}
    for component, check in readiness_checks().items():
        try:
            check()
        except Exception as error:  # any failure means not ready; the reason goes to the log
            logger.warning("readiness check failed: %s: %r", component, error)
            results[component] = "unavailable"
        else:
            results[component] = "ok"
    failing = [component for component, result in results.items() if result != "ok"]
    return JsonResponse(
        {"status": "unavailable" if failing else "ok", "failing": failing, "checks": results},
        status=503 if failing else 200,
    )


class HealthCheckMiddleware:
    """Answers the probes before host validation and HTTPS redirects.

    Probes reach the app by its internal address over plain HTTP, which ALLOWED_HOSTS
    and SECURE_SSL_REDIRECT would otherwise refuse.
    """

    probes = {"/healthz": healthz, "/readyz": readyz}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        probe = self.probes.get(request.path_info)
        if probe is not None and request.method in ("GET", "HEAD"):
            return probe(request)
        return self.get_response(request)
