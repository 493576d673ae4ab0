"""The database goes away under load: clean 503s meanwhile, full service after, no restart."""

import threading
import time

import pytest

from tests.faults.load import LoadReport, run_load

pytestmark = pytest.mark.faults

CLIENTS = 20
# Once PostgreSQL accepts connections again, every request started this long after is a 200.
RECOVERY_SECONDS = 2.0
PATHS = ["/faults/query/", "/api/v1/symptoms/", "/api/v1/conditions/"]


def wait_for(condition, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"gave up waiting for {what}"
        time.sleep(0.05)


class LoadInBackground:
    """Keeps a load running on a thread while the test breaks things."""

    def __init__(self, base_url: str, paths: list[str]):
        self.stop = threading.Event()
        self.report = LoadReport()
        self.thread = threading.Thread(target=self._run, args=(base_url, paths), daemon=True)

    def _run(self, base_url, paths):
        run_load(base_url, paths, clients=CLIENTS, seconds=120, stop=self.stop, report=self.report)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.thread.join()

    def count(self, since: float = 0.0, status: int | None = None) -> int:
        return sum(
            1
            for r in list(self.report.results)
            if r.started >= since and (status is None or r.status == status)
        )


def paths_served(server) -> list[str]:
    from tests.faults.load import fetch

    return [path for path in PATHS if fetch(server.base_url, path).status == 200]


def assert_clean(report: LoadReport, recovered_at: float, outage_seen: bool) -> None:
    bad = [r for r in report.results if r.status not in (200, 503)]
    assert not bad, [(r.path, r.status, r.error, r.body[:200]) for r in bad[:5]]
    for result in report.results:
        if result.status == 503:
            assert result.in_error_shape, result.body[:300]
            assert b"Traceback" not in result.body
    after = [r for r in report.results if r.started >= recovered_at]
    assert len(after) >= 100
    assert [r.status for r in after if r.status != 200] == []
    if outage_seen:
        assert report.statuses[503] > 0


def test_database_restart_under_load_gives_503s_then_recovers_without_app_restart(
    private_postgres, start_gunicorn, capsys
):
    server = start_gunicorn()
    paths = paths_served(server)
    with LoadInBackground(server.base_url, paths) as load:
        wait_for(lambda: load.count(status=200) >= 200, 60, "the load to warm up")
        down_at = time.monotonic()
        private_postgres.stop()
        wait_for(lambda: load.count(since=down_at, status=503) >= 20, 30, "503s in the outage")
        private_postgres.start()
        recovered_at = time.monotonic() + RECOVERY_SECONDS
        wait_for(lambda: load.count(since=recovered_at) >= 300, 60, "requests after recovery")
    report = load.report
    with capsys.disabled():
        print(
            f"\n{report.summary('database restart under load')}; outage "
            f"{recovered_at - RECOVERY_SECONDS - down_at:.1f} s, paths {paths}"
        )
    assert_clean(report, recovered_at, outage_seen=True)


def test_killed_database_connections_under_load_are_replaced_without_errors(
    private_postgres, start_gunicorn, capsys
):
    server = start_gunicorn()
    paths = paths_served(server)
    with LoadInBackground(server.base_url, paths) as load:
        wait_for(lambda: load.count(status=200) >= 200, 60, "the load to warm up")
        killed = private_postgres.terminate_backends()
        recovered_at = time.monotonic() + RECOVERY_SECONDS
        wait_for(lambda: load.count(since=recovered_at) >= 300, 60, "requests after the kill")
    report = load.report
    with capsys.disabled():
        print(f"\n{report.summary(f'{killed} connections killed under load')}")
    assert killed > 0
    assert_clean(report, recovered_at, outage_seen=False)
