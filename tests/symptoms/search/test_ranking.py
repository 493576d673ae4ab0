from __future__ import annotations

import pytest

from symptoms import models as m
from symptoms.search.query import TextMatch
from symptoms.search.ranking import EXACT_NAME_BONUS, NAMES_TIER, rank_by_tier
from tests.factories import SymptomFactory

pytestmark = pytest.mark.django_db


@pytest.mark.postgres
def test_tiers_rank_names_over_summaries_over_bodies_and_exact_names_first():
    in_body = SymptomFactory(name="A", summary="", body="A cramp at night.")
    in_summary = SymptomFactory(name="B", summary="A cramp now and then.")
    in_name = SymptomFactory(name="Leg cramp", summary="")
    exact = SymptomFactory(name="Cramp", summary="")
    match = TextMatch("websearch", "cramp", "cramp")
    ranked = list(rank_by_tier(m.Symptom.objects.published(), match, "symptom"))
    assert ranked == [exact, in_name, in_summary, in_body]
    ranks = [record.rank for record in ranked]
    assert ranks[0] >= NAMES_TIER + EXACT_NAME_BONUS > ranks[1] >= NAMES_TIER
    assert 0 < ranks[2] < 1
    assert ranks[3] == 0
