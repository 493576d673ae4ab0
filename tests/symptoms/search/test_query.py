from __future__ import annotations

from symptoms.search.query import normalize_query


def test_normalize_query_collapses_whitespace_and_drops_control_characters():
    assert normalize_query("  muscle\t\x00twitch \n ") == "muscle twitch"
    assert normalize_query("\x00\x1f") == ""
