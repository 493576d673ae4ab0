import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support import PRODUCTION_SECRET

PROJECT = Path(__file__).resolve().parents[2]
READ_SETTINGS = """
import json
from healthcontent import settings as s
print(json.dumps({name: getattr(s, name, None) for name in %r}, default=str))
"""


# Production has a shared quota store; importing the settings does not connect to it.
SHARED_CACHE = "redis://cache:6379/0"


def settings_under(env: dict, *names: str) -> subprocess.CompletedProcess:
    """Imports the real settings in a fresh interpreter with exactly this environment."""
    clean = {key: value for key, value in os.environ.items() if key not in env}
    clean = {
        key: value
        for key, value in clean.items()
        if not key.startswith(
            ("DEBUG", "SECURE_", "SESSION_", "CSRF_", "LOG_", "DATABASE", "REDIS", "CONN_")
            + ("ALLOW_PER_PROCESS_QUOTAS", "API_NUM_PROXIES", "ADMIN_SESSION_HOURS")
        )
    }
    return subprocess.run(
        [sys.executable, "-c", READ_SETTINGS % (names,)],
        cwd=PROJECT,
        env=clean | {"SECRET_KEY": PRODUCTION_SECRET, "REDIS_URL": SHARED_CACHE} | env,
        capture_output=True,
        text=True,
        timeout=30,
    )


def read(env: dict, *names: str) -> dict:
    result = settings_under(env, *names)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


SECURITY = (
    "SECURE_SSL_REDIRECT",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
)


def test_production_is_secure_by_default():
    values = read({"DEBUG": "false"}, *SECURITY, "LOG_FORMAT")

    assert values == {
        "SECURE_SSL_REDIRECT": True,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SECURE_HSTS_SECONDS": 31_536_000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_HSTS_PRELOAD": True,
        "LOG_FORMAT": "json",
    }


def test_development_relaxes_https_and_logs_text():
    values = read({"DEBUG": "true"}, *SECURITY, "LOG_FORMAT")

    assert values["LOG_FORMAT"] == "text"
    assert values["SECURE_HSTS_SECONDS"] == 0
    assert not any(values[name] for name in SECURITY)


def test_security_settings_follow_the_environment():
    values = read(
        {"DEBUG": "false", "SECURE_SSL_REDIRECT": "false", "SECURE_HSTS_SECONDS": "3600"},
        "SECURE_SSL_REDIRECT",
        "SECURE_HSTS_SECONDS",
    )

    assert values == {"SECURE_SSL_REDIRECT": False, "SECURE_HSTS_SECONDS": 3600}


def test_proxy_ssl_header_is_read_as_header_and_value():
    values = read(
        {"SECURE_PROXY_SSL_HEADER": "HTTP_X_FORWARDED_PROTO,https"}, "SECURE_PROXY_SSL_HEADER"
    )

    assert values["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("SECURE_PROXY_SSL_HEADER", "HTTP_X_FORWARDED_PROTO", "SECURE_PROXY_SSL_HEADER must be"),
        ("LOG_FORMAT", "xml", "LOG_FORMAT must be 'json' or 'text'"),
        ("API_NUM_PROXIES", "-1", "API_NUM_PROXIES must be 0"),
        ("ADMIN_SESSION_HOURS", "0", "ADMIN_SESSION_HOURS must be"),
        ("API_ANON_RATE", "60/fortnight", "API_ANON_RATE: '60/fortnight' is not a rate"),
        ("API_KEY_RATE", "lots", "API_KEY_RATE: 'lots' is not a rate"),
        ("API_INVALID_KEY_RATE", "0/min", "API_INVALID_KEY_RATE: '0/min' is not a rate"),
    ],
)
def test_bad_values_stop_start_up_with_a_clear_error(name, value, message):
    result = settings_under({name: value})

    assert result.returncode != 0
    assert message in result.stderr


def test_replicas_come_from_database_replica_urls():
    values = read(
        {
            "DATABASE_URL": "postgres://app@primary:5432/content",
            "DATABASE_REPLICA_URLS": "postgres://app@replica-a:5432/content,"
            "postgres://app@replica-b:5432/content",
            "CONN_MAX_AGE": "120",
        },
        "DATABASES",
    )

    databases = values["DATABASES"]
    assert list(databases) == ["default", "replica_1", "replica_2"]
    assert [db["HOST"] for db in databases.values()] == ["primary", "replica-a", "replica-b"]
    assert all(db["CONN_MAX_AGE"] == 120 and db["CONN_HEALTH_CHECKS"] for db in databases.values())
    assert databases["replica_1"]["TEST"] == {"MIRROR": "default"}


def test_sessions_are_shared_through_redis_when_it_is_configured():
    values = read({"REDIS_URL": "redis://cache:6379/0"}, "SESSION_ENGINE", "CACHES")

    assert values["SESSION_ENGINE"] == "django.contrib.sessions.backends.cached_db"
    assert values["CACHES"]["default"]["LOCATION"] == "redis://cache:6379/0"


def test_production_refuses_to_start_with_quotas_counted_per_process():
    result = settings_under({"DEBUG": "false", "REDIS_URL": ""})

    assert result.returncode != 0
    assert "ImproperlyConfigured: REDIS_URL is not set" in result.stderr
    assert "ALLOW_PER_PROCESS_QUOTAS=true" in result.stderr


def test_per_process_quotas_are_accepted_when_allowed_explicitly():
    values = read({"DEBUG": "false", "REDIS_URL": "", "ALLOW_PER_PROCESS_QUOTAS": "true"}, "CACHES")

    assert values["CACHES"]["default"]["BACKEND"].endswith("LocMemCache")


def test_development_needs_no_shared_quota_store():
    values = read({"DEBUG": "true", "REDIS_URL": ""}, "CACHES")

    assert values["CACHES"]["default"]["BACKEND"].endswith("LocMemCache")


def test_admin_sessions_last_12_hours_by_default():
    assert read({"DEBUG": "false"}, "SESSION_COOKIE_AGE") == {"SESSION_COOKIE_AGE": 12 * 3600}


def test_admin_session_length_follows_the_environment():
    values = read({"ADMIN_SESSION_HOURS": "1.5"}, "SESSION_COOKIE_AGE")

    assert values == {"SESSION_COOKIE_AGE": 5400}


def test_the_client_address_is_the_connections_unless_proxies_are_declared():
    values = read({}, "API_NUM_PROXIES", "AXES_CLIENT_IP_CALLABLE")

    assert values == {
        "API_NUM_PROXIES": 0,
        "AXES_CLIENT_IP_CALLABLE": "healthcontent.clients.client_address",
    }
