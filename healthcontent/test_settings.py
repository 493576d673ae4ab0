"""Test settings: the real settings, with a test secret and faster password hashing."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz")
# The test client speaks plain HTTP; production redirects to HTTPS (tested in tests/deploy).
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
# The suite runs without Redis; quotas are tested against the local-memory cache.
os.environ.setdefault("ALLOW_PER_PROCESS_QUOTAS", "true")

from healthcontent.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Pages render without a collectstatic run; tests/deploy checks the production storage.
STORAGES = STORAGES | {  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
}
WHITENOISE_AUTOREFRESH = True

# Quotas are tested where they are the subject (tests/api/test_throttling.py); elsewhere a
# test making many requests must not run into them.
API_ANON_RATE = "none"
API_KEY_RATE = "none"
API_INVALID_KEY_RATE = "none"

# Every request reads the content version, so a test sees its own change at once; the
# staleness bound itself is tested with CONTENT_VERSION_TTL set (tests/api/test_representation*).
CONTENT_VERSION_TTL = 0
