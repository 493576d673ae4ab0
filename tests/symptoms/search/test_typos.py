from __future__ import annotations

import pytest

from symptoms.search.query import TextMatch
from symptoms.search.typos import corrected_query
from tests.factories import NutrientFactory

pytestmark = pytest.mark.django_db


@pytest.mark.postgres
def test_each_word_is_widened_to_its_nearest_public_words():
    NutrientFactory(name="Magnesium", synonyms="")
    NutrientFactory(name="Low magnesium level", synonyms="")
    assert corrected_query("low magnesim") == TextMatch(
        "raw", "(low) | (magnesim | magnesium)", "low magnesium"
    )


def test_words_under_three_letters_are_not_widened_and_cost_no_query(
    django_assert_num_queries,
):
    with django_assert_num_queries(0):
        assert corrected_query("b6 d") is None


@pytest.mark.postgres
def test_no_near_word_gives_no_correction():
    NutrientFactory(name="Magnesium")
    assert corrected_query("zzzz") is None
