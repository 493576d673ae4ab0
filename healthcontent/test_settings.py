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
