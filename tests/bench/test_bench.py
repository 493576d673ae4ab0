import pytest
from django.test import override_settings
from django.urls import Resolver404, resolve

from bench import report
from bench.run import worker_rss_mb


def test_production_urls_have_no_baseline_view():
    with pytest.raises(Resolver404):
        resolve("/bench/baseline/")


@override_settings(ROOT_URLCONF="bench.urls")
def test_benchmark_urls_add_the_baseline_view():
    assert resolve("/bench/baseline/").func.__name__ == "baseline"


def row(name: str, rps: float, of_baseline: float | None = None) -> dict:
    return {"scenario": name, "rps": rps, "of_baseline": of_baseline}


def test_scale_ratio_is_cost_at_large_over_cost_at_small():
    results = {
        "scales": [
            {"symptoms": 100, "passes": [{"server": "g", "cache": "on", "rows": [row("d", 300)]}]},
            {
                "symptoms": 10000,
                "passes": [{"server": "g", "cache": "on", "rows": [row("d", 200)]}],
            },
        ]
    }
    assert report.scale_ratios(results)[-1].split()[-1] == "1.50"


def test_scale_ratio_is_also_given_against_the_baseline_of_the_same_pass():
    """The machine slowed by a fifth between the passes: req/s say 1.50, the share of the
    baseline says 1.25."""
    results = {
        "scales": [
            {
                "symptoms": 100,
                "passes": [{"server": "g", "cache": "off", "rows": [row("d", 300, 0.15)]}],
            },
            {
                "symptoms": 10000,
                "passes": [{"server": "g", "cache": "off", "rows": [row("d", 200, 0.12)]}],
            },
        ]
    }
    assert report.scale_ratios(results)[-1].split()[-2:] == ["1.50", "1.25"]


def test_worker_memory_is_read_for_children_only(tmp_path):
    assert worker_rss_mb(master=2**22 + 7) == []
