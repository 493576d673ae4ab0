"""The nutrients resource: role, foods in the editors' order, and symptoms."""

import pytest

from tests import factories as f

pytestmark = pytest.mark.django_db


def test_detail_shows_role_dietary_sources_in_order_and_symptoms(client):
    nutrient = f.NutrientFactory(role="Helps muscles relax.")
    second = f.NutrientSourceFactory(nutrient=nutrient, order=2).dietary_source
    first = f.NutrientSourceFactory(nutrient=nutrient, order=1, note="Best source.").dietary_source
    symptom = f.SymptomNutrientFactory(nutrient=nutrient).symptom
    body = client.get(f"/api/v1/nutrients/{nutrient.slug}/").json()
    assert body["role"] == "Helps muscles relax."
    assert [(d["slug"], d["note"]) for d in body["dietary_sources"]] == [
        (first.slug, "Best source."),
        (second.slug, second.nutrient_links.get().note),
    ]
    assert [s["slug"] for s in body["symptoms"]] == [symptom.slug]
