"""The treatments resource: kind, evidence and prescription filters; safety shown everywhere."""

import pytest

from tests import factories as f
from tests.api.helpers import parameters_at_fault, slugs

pytestmark = pytest.mark.django_db


def test_filter_by_kind_evidence_and_prescription(client):
    haloperidol = f.TreatmentFactory(kind="medication", prescription_required=True)
    massage = f.TreatmentFactory(kind="physiotherapy", evidence="limited")
    turpentine = f.TreatmentFactory(kind="traditional", evidence="none")
    url = "/api/v1/treatments/"
    assert slugs(client.get(url, {"kind": "traditional"})) == [turpentine.slug]
    assert slugs(client.get(url, {"evidence": "limited,none", "kind": "physiotherapy"})) == [
        massage.slug
    ]
    assert slugs(client.get(url, {"prescription_required": "true"})) == [haloperidol.slug]
    without = slugs(client.get(url, {"prescription_required": "false"}))
    assert sorted(without) == sorted([massage.slug, turpentine.slug])
    assert parameters_at_fault(client.get(url, {"prescription_required": "1"})) == [
        "prescription_required"
    ]


def test_list_shows_evidence_and_safety_warning(client):
    f.TreatmentFactory(evidence="none", safety_warning="Can burn the skin.")
    item = client.get("/api/v1/treatments/").json()["results"][0]
    assert item["evidence"] == "none"
    assert item["safety_warning"] == "Can burn the skin."


def test_detail_shows_symptoms_and_conditions(client):
    link = f.SymptomTreatmentFactory()
    condition = f.ConditionTreatmentFactory(treatment=link.treatment).condition
    body = client.get(f"/api/v1/treatments/{link.treatment.slug}/").json()
    assert [s["slug"] for s in body["symptoms"]] == [link.symptom.slug]
    assert [c["slug"] for c in body["conditions"]] == [condition.slug]
