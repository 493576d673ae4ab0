"""Rate strings (`60/min`, `1200/min`, `none`), as the settings and the admin write them."""

from __future__ import annotations

import re

PERIODS = {
    "s": 1,
    "sec": 1,
    "second": 1,
    "m": 60,
    "min": 60,
    "minute": 60,
    "h": 3600,
    "hour": 3600,
    "d": 86400,
    "day": 86400,
}
_RATE = re.compile(r"(?P<count>[0-9]+)/(?P<period>[a-z]+)")


def parse_rate(rate: str) -> tuple[int, int] | None:
    """(requests, seconds) for `rate`, or None for `none` (no limit)."""
    value = rate.strip().lower()
    if value == "none":
        return None
    match = _RATE.fullmatch(value)
    if not match or match["period"] not in PERIODS or int(match["count"]) < 1:
        raise ValueError(
            f"{rate!r} is not a rate: write requests/period, e.g. 60/min, 1200/min, 10/s, "
            "5000/hour or 100000/day, or none for no limit."
        )
    return int(match["count"]), PERIODS[match["period"]]
