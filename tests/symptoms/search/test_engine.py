"""The entry points choose the database's search once, and a blank query costs nothing."""

from __future__ import annotations

import pytest
from django.db import connection

from symptoms.search import fallback
from symptoms.search.engine import TieredResults, search_content
from tests.factories import SymptomFactory

pytestmark = pytest.mark.django_db


def test_search_content_takes_full_text_on_postgresql_and_likeness_elsewhere():
    results = search_content("cramp")
    expected = TieredResults if connection.vendor == "postgresql" else fallback.LikeResults
    assert type(results) is expected


@pytest.mark.parametrize(("query", "types"), [("  ", None), ("cramp", []), ("cramp", ["nope"])])
def test_nothing_to_search_for_finds_nothing_without_a_query(
    query, types, django_assert_num_queries
):
    SymptomFactory(name="Cramp")
    results = search_content(query, types=types)
    with django_assert_num_queries(0):
        assert results.count() == 0
        assert results[0:10] == []


def test_types_may_be_any_iterable():
    SymptomFactory(name="Cramp")
    assert [hit.type for hit in search_content("cramp", types=("symptom", "cause"))[0:5]] == [
        "symptom"
    ]
