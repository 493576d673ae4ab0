"""Production settings plus the test views, and the cache variants the measurements compare."""

import os

from healthcontent.settings import *  # noqa: F403
from healthcontent.settings import CACHES

ROOT_URLCONF = "tests.healthcontent.urls"

_variant = os.environ.get("CACHE_VARIANT", "")
if _variant == "off":
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
elif _variant == "plain-django-redis":
    # django-redis as configured before the circuit breaker: every call meets the failure.
    CACHES["default"]["BACKEND"] = "django_redis.cache.RedisCache"
    CACHES["default"]["OPTIONS"] = {
        "SOCKET_CONNECT_TIMEOUT": 0.2,
        "SOCKET_TIMEOUT": 0.2,
        "IGNORE_EXCEPTIONS": True,
    }
