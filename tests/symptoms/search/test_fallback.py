"""The search without full text (SQLite), whichever database runs it."""

from __future__ import annotations

import pytest

from symptoms import models as m
from symptoms.search.fallback import LikeResults, names_starting, rank_by_likeness
from tests.factories import CauseFactory, SymptomFactory

pytestmark = pytest.mark.django_db


def test_every_word_must_match_somewhere():
    both = SymptomFactory(name="Leg cramp", summary="")
    SymptomFactory(name="Leg pain", summary="")
    by_summary = SymptomFactory(name="Night", summary="A cramp in the leg.")
    found = rank_by_likeness(m.Symptom.objects.all(), "leg cramp")
    assert list(found) == [both, by_summary]


def test_like_results_count_and_page_with_highlighted_snippets():
    SymptomFactory(name="Cramp", summary="")
    CauseFactory(name="Coffee", summary="Can cause a <cramp>.")
    results = LikeResults("cramp", ["symptom", "cause"])
    assert results.count() == 2
    [by_name, by_summary] = results[0:2]
    assert (by_name.name, by_name.rank, by_name.snippet) == ("Cramp", 1.0, "<mark>Cramp</mark>")
    assert (by_summary.type, by_summary.snippet) == (
        "cause",
        "Can cause a &lt;<mark>cramp</mark>&gt;.",
    )


def test_names_starting_reads_public_names_by_name_up_to_the_limit():
    SymptomFactory(name="muscle twitch", slug="muscle-twitch")
    CauseFactory(name="Muscle strain", slug="muscle-strain")
    SymptomFactory(name="Muscle draft", draft=True)
    assert names_starting("mus", 5) == [
        ("cause", "muscle-strain", "Muscle strain"),
        ("symptom", "muscle-twitch", "muscle twitch"),
    ]
    assert len(names_starting("mus", 1)) == 1
