import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support import PRODUCTION_SECRET, REDIS_URL

PROJECT = Path(__file__).resolve().parents[2]


def production_env(**overrides: str) -> dict:
    """This machine's environment with production settings: DEBUG off, a real secret, HTTPS.

    REDIS_URL names the shared quota store production requires; the commands run here do
    not need it to answer.
    """
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DEBUG", "SECURE_", "SESSION_", "CSRF_", "LOG_", "DJANGO_"))
        and key not in ("REDIS_URL", "ALLOW_PER_PROCESS_QUOTAS", "API_NUM_PROXIES")
    }
    return env | {
        "DJANGO_SETTINGS_MODULE": "healthcontent.settings",
        "DEBUG": "false",
        "SECRET_KEY": PRODUCTION_SECRET,
        "ALLOWED_HOSTS": "health.example.org,127.0.0.1",
        "CSRF_TRUSTED_ORIGINS": "https://health.example.org",
        "SECURE_PROXY_SSL_HEADER": "HTTP_X_FORWARDED_PROTO,https",
        "REDIS_URL": REDIS_URL,
        **overrides,
    }


def manage(*args: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture(scope="session")
def collected_static(tmp_path_factory) -> Path:
    """Static files collected as the image collects them at build time."""
    root = tmp_path_factory.mktemp("staticfiles")
    result = manage("collectstatic", "--noinput", env=production_env(STATIC_ROOT=str(root)))
    assert result.returncode == 0, result.stderr
    return root
