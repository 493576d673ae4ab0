"""Benchmark settings: production's settings, with the baseline view's URL added."""

from healthcontent.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
