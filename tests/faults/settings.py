"""Production settings plus the test views, and the cache variants the measurements compare."""

import os

from healthcontent.settings import *  # noqa: F403

ROOT_URLCONF = "tests.healthcontent.urls"

_variant = os.environ.get("CACHE_VARIANT", "")
if _variant == "off":
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
elif _variant == "plain-django-redis":
    # django-redis as configured before the circuit breaker: every call meets the failure.
    CACHES["default"]["BACKEND"] = "django_redis.cache.RedisCache"  # noqa: F405
    CACHES["default"]["OPTIONS"] = {  # noqa: F405
        "SOCKET_CONNECT_TIMEOUT": 0.2,
        "SOCKET_TIMEOUT": 0.2,
        "IGNORE_EXCEPTIONS": True,
    }
