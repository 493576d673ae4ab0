import pytest


class Clock:
    """Stands in for time.monotonic in every process (client) of a test."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def version_clock(monkeypatch, settings) -> Clock:
    """A one-second staleness bound on a clock the test moves (`clock.now += 1.0`)."""
    settings.CONTENT_VERSION_TTL = 1.0
    fake = Clock()
    monkeypatch.setattr("symptoms.changes.versioning.time.monotonic", fake)
    return fake
