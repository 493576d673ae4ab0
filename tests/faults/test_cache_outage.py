"""Redis unreachable: the API keeps serving, and the circuit breaker keeps it fast."""

import pytest

from tests.faults.load import api_mix, run_load
from tests.support import free_port

pytestmark = pytest.mark.faults

CACHED_PATH = "/faults/cached-query/"
SECONDS = 6
CLIENTS = 20
# The load comes from Python threads sharing the machine's two cores with 15 workers: the
# best of five rounds keeps one slow moment from deciding the comparison.
ROUNDS = 5


def test_api_serves_every_request_with_redis_unreachable(start_gunicorn, capsys):
    server = start_gunicorn(REDIS_URL=f"redis://127.0.0.1:{free_port()}/0")
    paths = api_mix(server.base_url) + [CACHED_PATH]

    report = run_load(server.base_url, paths, clients=CLIENTS, seconds=SECONDS)

    with capsys.disabled():
        print(f"\n{report.summary('API with Redis unreachable')}")
    assert [(r.path, r.status, r.error) for r in report.failures[:5]] == []


def test_circuit_breaker_keeps_80_percent_of_cache_off_throughput(start_gunicorn, capsys):
    """Each request reads and writes the cache; Redis is a closed port."""
    down = f"redis://127.0.0.1:{free_port()}/0"
    servers = {
        "cache off": start_gunicorn(CACHE_VARIANT="off"),
        "Redis down, circuit breaker": start_gunicorn(REDIS_URL=down),
        "Redis down, plain django-redis": start_gunicorn(
            REDIS_URL=down, CACHE_VARIANT="plain-django-redis"
        ),
    }
    for server in servers.values():  # warm every worker up first
        run_load(server.base_url, [CACHED_PATH], clients=CLIENTS, seconds=2)
    rates = {name: [] for name in servers}
    for _ in range(ROUNDS):  # interleaved, so a busy moment on the machine hits every variant
        for name, server in servers.items():
            report = run_load(server.base_url, [CACHED_PATH], clients=CLIENTS, seconds=SECONDS)
            assert [(r.status, r.error) for r in report.failures[:5]] == []
            rates[name].append(report.requests_per_second)
    best = {name: max(values) for name, values in rates.items()}
    off = best["cache off"]
    with capsys.disabled():
        for name, rate in best.items():
            print(f"\n{name}: {rate:.0f} req/s ({rate / off:.0%} of cache off)", end="")
        print()
    assert best["Redis down, circuit breaker"] >= 0.8 * off
