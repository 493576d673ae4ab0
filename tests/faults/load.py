"""A small HTTP load generator: many clients, a weighted mix of paths, figures at the end."""

from __future__ import annotations

import http.client
import json
import random
import statistics
import threading
import time
import urllib.parse
import urllib.request
from collections import Counter
from dataclasses import dataclass, field


@dataclass
class Result:
    started: float
    finished: float
    path: str
    status: int
    body: bytes = b""
    error: str = ""

    @property
    def in_error_shape(self) -> bool:
        try:
            error = json.loads(self.body)["error"]
        except (ValueError, KeyError, TypeError):
            return False
        return error.get("status") == self.status and bool(error.get("code"))


@dataclass
class LoadReport:
    results: list[Result] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def statuses(self) -> Counter:
        return Counter(r.status for r in self.results)

    @property
    def failures(self) -> list[Result]:
        """Anything but a 200: transport errors, 4xx and 5xx alike."""
        return [r for r in self.results if r.status != 200]

    @property
    def requests_per_second(self) -> float:
        return len(self.results) / self.seconds if self.seconds else 0.0

    def percentile(self, fraction: float) -> float:
        durations = sorted(r.finished - r.started for r in self.results)
        if not durations:
            return 0.0
        return durations[min(len(durations) - 1, int(fraction * len(durations)))] * 1000

    def summary(self, title: str) -> str:
        mean = statistics.fmean(r.finished - r.started for r in self.results) * 1000
        return (
            f"{title}: {len(self.results)} requests in {self.seconds:.1f} s, "
            f"{self.requests_per_second:.0f} req/s, p50 {self.percentile(0.5):.1f} ms, "
            f"p99 {self.percentile(0.99):.1f} ms, mean {mean:.1f} ms, "
            f"statuses {dict(sorted(self.statuses.items()))}"
        )


def fetch(base_url: str, path: str, timeout: float = 15.0) -> Result:
    parts = urllib.parse.urlsplit(base_url)
    assert parts.hostname is not None, base_url
    started = time.monotonic()
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    try:
        connection.request("GET", path, headers={"Accept": "application/json"})
        response = connection.getresponse()
        body = response.read()
        return Result(started, time.monotonic(), path, response.status, body)
    except (OSError, http.client.HTTPException) as exc:
        return Result(started, time.monotonic(), path, 0, error=repr(exc))
    finally:
        connection.close()


def run_load(
    base_url: str,
    paths: list[str],
    *,
    clients: int,
    seconds: float,
    stop: threading.Event | None = None,
    seed: int = 0,
    report: LoadReport | None = None,
) -> LoadReport:
    """`clients` threads request random `paths` until `seconds` pass or `stop` is set.

    Results go into `report` as they come, so a caller can watch a load in progress.
    """
    stop = stop or threading.Event()
    report = report if report is not None else LoadReport()
    start = time.monotonic()
    deadline = start + seconds

    def client(number: int) -> None:
        chooser = random.Random(seed + number)
        while not stop.is_set() and time.monotonic() < deadline:
            report.results.append(fetch(base_url, chooser.choice(paths)))

    threads = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    report.seconds = time.monotonic() - start
    return report


def get_json(base_url: str, path: str) -> dict:
    with urllib.request.urlopen(base_url + path, timeout=15) as response:
        return json.load(response)


def api_mix(base_url: str) -> list[str]:
    """A realistic read mix from the live API: lists, details, filters, search.

    Weighted as apps read: mostly details and filtered lists, some plain lists and search.
    """
    root = get_json(base_url, "/api/v1/")
    lists = [urllib.parse.urlsplit(url).path for url in root.values()]
    details, filters = [], []
    for list_path in lists:
        page = get_json(base_url, list_path + "?limit=5")
        details += [urllib.parse.urlsplit(item["url"]).path for item in page["results"]]
    symptoms = get_json(base_url, "/api/v1/symptoms/")["results"]
    for symptom in symptoms:
        detail = get_json(base_url, urllib.parse.urlsplit(symptom["url"]).path)
        for condition in detail.get("conditions", [])[:2]:
            filters.append(f"/api/v1/symptoms/?condition={condition['slug']}")
    filters += [
        "/api/v1/symptoms/?ordering=-updated_at&limit=10",
        "/api/v1/conditions/?search=sclerosis",
        "/api/v1/treatments/?limit=50&offset=5",
    ]
    searches = [f"/api/v1/search/?q={q}" for q in ("twitch", "magnesium", "neurolog", "leg")]
    if fetch(base_url, searches[0]).status != 200:
        searches = [f"/api/v1/symptoms/?search={q}" for q in ("twitch", "cramp", "leg")]
    return lists * 2 + details * 3 + filters * 3 + searches * 2
