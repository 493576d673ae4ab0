"""The fixed statements, checked on PostgreSQL for what each tier reads."""

from __future__ import annotations

import pytest
from django.utils import timezone

from symptoms.search import sql
from symptoms.search.index import ENTITY_TYPES
from symptoms.search.snippets import HEADLINE_PARAMETERS
from symptoms.search.table import run
from tests.factories import CauseFactory, SymptomFactory

pytestmark = pytest.mark.django_db


def test_each_parser_has_its_statements():
    assert "websearch_to_tsquery(" in sql.TIERED_SEARCH["websearch"].counts
    assert " to_tsquery(" in sql.TIERED_SEARCH["raw"].bodies_page
    assert "websearch" not in sql.TIERED_SEARCH["raw"].names_page
    assert 'COLLATE "C"' in sql.LATER_WORDS
    assert "COLLATE" not in sql.LATER_WORDS_BYTEWISE


def _params(words: str) -> dict[str, object]:
    return {
        "words": words,
        "phrase": words,
        "now": timezone.now(),
        "types": list(ENTITY_TYPES),
        "cap": 1000,
    }


@pytest.mark.postgres
def test_counts_are_by_tier_name_summary_body():
    SymptomFactory(name="Cramp", summary="")
    CauseFactory(name="Coffee", summary="A cramp now and then.")
    SymptomFactory(name="Night", summary="", body="A cramp at night.")
    assert run(sql.TIERED_SEARCH["websearch"].counts, _params("cramp")) == [(1, 1, 1)]


@pytest.mark.postgres
def test_the_names_page_reads_the_names_tier_alone():
    SymptomFactory(name="Cramp", summary="")
    CauseFactory(name="Coffee", summary="A cramp now and then.")
    page = {"limit": 10, "offset": 0} | HEADLINE_PARAMETERS
    rows = run(sql.TIERED_SEARCH["websearch"].names_page, _params("cramp") | page)
    assert [row[3] for row in rows] == ["Cramp"]
