from unittest import mock

import pytest
from django_redis.client import DefaultClient

from healthcontent.cache import CircuitBreakerRedisCache
from tests.support import free_port, redis_is_running


def redis_cache(url: str, breaker_seconds: float = 5) -> CircuitBreakerRedisCache:
    return CircuitBreakerRedisCache(
        url,
        {
            "OPTIONS": {
                "SOCKET_CONNECT_TIMEOUT": 0.1,
                "SOCKET_TIMEOUT": 0.1,
                "CIRCUIT_BREAKER_SECONDS": breaker_seconds,
            }
        },
    )


@pytest.fixture
def cache_down():
    return redis_cache(f"redis://127.0.0.1:{free_port()}/0")


@pytest.fixture
def redis_up():
    if not redis_is_running():
        pytest.skip("needs Redis on 127.0.0.1:6379")
    cache = redis_cache("redis://127.0.0.1:6379/8")
    yield cache
    cache.delete_many(["key", "counter"])


def test_unreachable_redis_behaves_as_an_empty_cache(cache_down):
    assert cache_down.get("key", "default") == "default"
    assert cache_down.set("key", "value") is False
    assert cache_down.add("key", "value") is False
    assert cache_down.get_many(["a", "b"]) == {}
    assert cache_down.set_many({"a": 1, "b": 2}) == ["a", "b"]
    assert cache_down.has_key("key") is False
    assert cache_down.delete("key") is False
    assert cache_down.get_or_set("key", "computed") == "computed"
    with pytest.raises(ValueError):
        cache_down.incr("counter")


def test_after_one_failure_redis_is_not_called_until_the_breaker_closes(cache_down):
    with mock.patch.object(DefaultClient, "get", wraps=cache_down.client.get) as redis_get:
        for _ in range(50):
            cache_down.get("key")
            cache_down.set("key", "value")

    assert redis_get.call_count == 1
    assert cache_down.breaker_open


def test_redis_is_tried_again_once_the_breaker_period_is_over(cache_down):
    cache_down.get("key")
    with (
        mock.patch("healthcontent.cache.time.monotonic", return_value=10**9),
        mock.patch.object(DefaultClient, "get", wraps=cache_down.client.get) as redis_get,
    ):
        cache_down.get("key")

    assert redis_get.call_count == 1


def test_reachable_redis_stores_and_counts(redis_up):
    redis_up.set("key", "value")
    redis_up.set("counter", 1)

    assert redis_up.get("key") == "value"
    assert redis_up.incr("counter") == 2
    assert not redis_up.breaker_open
