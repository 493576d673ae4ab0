"""50 clients for 60 seconds (LOAD_CLIENTS, LOAD_SECONDS) over a realistic read mix."""

import os

import pytest

from tests.faults.load import api_mix, run_load

pytestmark = pytest.mark.load


def test_load_over_the_api_mix_has_zero_errors(start_gunicorn, capsys):
    clients = int(os.environ.get("LOAD_CLIENTS", "50"))
    seconds = float(os.environ.get("LOAD_SECONDS", "60"))
    server = start_gunicorn()
    paths = api_mix(server.base_url)

    report = run_load(server.base_url, paths, clients=clients, seconds=seconds)

    with capsys.disabled():
        print(f"\n{report.summary(f'load: {clients} clients, {len(set(paths))} distinct paths')}")
    assert [(r.path, r.status, r.error) for r in report.failures[:5]] == []
    assert len(report.results) >= clients
