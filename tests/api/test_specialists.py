"""The specialists resource: first point of contact, and what to see them for."""

import pytest

from tests import factories as f
from tests.api.helpers import parameters_at_fault, slugs

pytestmark = pytest.mark.django_db


def test_filter_by_first_point_of_contact(client):
    gp = f.SpecialistFactory(first_contact=True)
    neurologist = f.SpecialistFactory(first_contact=False)
    url = "/api/v1/specialists/"
    assert slugs(client.get(url, {"first_contact": "true"})) == [gp.slug]
    assert slugs(client.get(url, {"first_contact": "false"})) == [neurologist.slug]
    assert parameters_at_fault(client.get(url, {"first_contact": "yes"})) == ["first_contact"]


def test_detail_shows_symptoms_it_is_seen_first_for_and_conditions_it_treats(client):
    seen_first = f.SymptomSpecialistFactory(first_contact=True, symptom__name="A symptom")
    later = f.SymptomSpecialistFactory(
        specialist=seen_first.specialist, first_contact=False, symptom__name="B symptom"
    )
    condition = f.ConditionSpecialistFactory(specialist=seen_first.specialist).condition
    body = client.get(f"/api/v1/specialists/{seen_first.specialist.slug}/").json()
    assert [(s["slug"], s["first_contact"]) for s in body["symptoms"]] == [
        (seen_first.symptom.slug, True),
        (later.symptom.slug, False),
    ]
    assert [c["slug"] for c in body["conditions"]] == [condition.slug]
