import pytest
from django.db import connections
from django.test import override_settings

from tests.support import REDIS_URL, redis_is_running
from tests.support import free_port as closed_port

pytestmark = pytest.mark.django_db


def redis_cache(url: str) -> dict:
    return {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": url,
            "OPTIONS": {
                "SOCKET_CONNECT_TIMEOUT": 0.2,
                "SOCKET_TIMEOUT": 0.2,
                "IGNORE_EXCEPTIONS": True,
            },
        }
    }


@pytest.fixture
def unreachable_database():
    """Swaps the default connection for one whose server is not there; call it to restore."""
    original = connections["default"]
    settings_dict = dict(original.settings_dict)
    if original.vendor == "sqlite":
        settings_dict["NAME"] = "/nonexistent-folder/db.sqlite3"
    else:
        settings_dict |= {"HOST": "127.0.0.1", "PORT": closed_port()}
    broken = original.__class__(settings_dict, alias="default")
    connections["default"] = broken

    def restore():
        broken.close()
        connections["default"] = original

    yield restore
    restore()


def test_healthz_answers_without_touching_dependencies(client, unreachable_database):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_readyz_is_ok_when_database_and_cache_answer(client):
    response = client.get("/readyz")

    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "failing": [],
        "checks": {"database": "ok", "cache": "ok"},
    }


def test_readyz_names_the_database_when_it_is_down_and_recovers(client, unreachable_database):
    down = client.get("/readyz")
    unreachable_database()
    back = client.get("/readyz")

    assert down.status_code == 503
    assert down.json()["failing"] == ["database"]
    assert down.json()["checks"] == {"database": "unavailable", "cache": "ok"}
    assert back.status_code == 200


def test_readyz_names_the_cache_when_redis_is_unreachable(client):
    with override_settings(CACHES=redis_cache(f"redis://127.0.0.1:{closed_port()}/0")):
        down = client.get("/readyz")
    back = client.get("/readyz")

    assert down.status_code == 503
    assert down.json()["failing"] == ["cache"]
    assert down.json()["checks"] == {"database": "ok", "cache": "unavailable"}
    assert back.status_code == 200


@pytest.mark.skipif(not redis_is_running(), reason="needs Redis on 127.0.0.1:6379")
def test_readyz_is_ok_with_a_running_redis(client):
    with override_settings(CACHES=redis_cache(REDIS_URL)):
        response = client.get("/readyz")

    assert response.status_code == 200
    assert response.json()["checks"]["cache"] == "ok"


@override_settings(ALLOWED_HOSTS=["health.example.org"], SECURE_SSL_REDIRECT=True)
def test_probes_answer_internal_plain_http_requests(client):
    for path in ("/healthz", "/readyz"):
        response = client.get(path, HTTP_HOST="10.0.0.7:8000")

        assert response.status_code == 200, path


@override_settings(ALLOWED_HOSTS=["health.example.org"], SECURE_SSL_REDIRECT=True)
def test_other_pages_still_check_the_host_and_redirect_to_https(client):
    assert client.get("/admin/login/", HTTP_HOST="10.0.0.7:8000").status_code == 400
    assert client.get("/admin/login/", HTTP_HOST="health.example.org").status_code == 301
