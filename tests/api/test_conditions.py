"""The conditions resource: codes, the symptoms that point to it, and its filters."""

import pytest

from tests import factories as f
from tests.api.helpers import slugs

pytestmark = pytest.mark.django_db


def test_detail_shows_codes_treatments_specialists_and_symptoms_by_name(client):
    condition = f.ConditionFactory()
    f.ConditionCodeFactory(condition=condition, system="ICD-10", code="G35")
    f.ConditionCodeFactory(condition=condition, system="SNOMED-CT", code="24700007")
    f.SymptomConditionFactory(condition=condition, symptom__name="Twitches", likelihood="rare")
    f.SymptomConditionFactory(condition=condition, symptom__name="Spasms", likelihood="common")
    treatment = f.ConditionTreatmentFactory(
        condition=condition, treatment__evidence="established", treatment__safety_warning="Risky."
    ).treatment
    specialist = f.ConditionSpecialistFactory(condition=condition, note="Manages it.").specialist
    body = client.get(f"/api/v1/conditions/{condition.slug}/").json()
    assert body["codes"] == [
        {"system": "ICD-10", "code": "G35"},
        {"system": "SNOMED-CT", "code": "24700007"},
    ]
    assert [(s["name"], s["likelihood"]) for s in body["symptoms"]] == [
        ("Spasms", "common"),
        ("Twitches", "rare"),
    ]
    assert body["treatments"][0]["slug"] == treatment.slug
    assert body["treatments"][0]["safety_warning"] == "Risky."
    assert body["specialists"][0]["slug"] == specialist.slug
    assert body["specialists"][0]["note"] == "Manages it."


def test_filter_by_medical_code_any_of_several_and_case_insensitive_code(client):
    ms = f.ConditionCodeFactory(system="ICD-10", code="G35").condition
    epilepsy = f.ConditionCodeFactory(system="ICD-10", code="G40").condition
    f.ConditionCodeFactory(system="ICD-10-CM", code="G35")
    url = "/api/v1/conditions/"
    assert slugs(client.get(url, {"code": "ICD-10:G35"})) == [ms.slug]
    assert slugs(client.get(url, {"code": "ICD-10:g35"})) == [ms.slug]
    both = slugs(client.get(url, {"code": "ICD-10:G35,ICD-10:G40"}))
    assert sorted(both) == sorted([ms.slug, epilepsy.slug])
    assert slugs(client.get(url, {"code": "ICD-10:Z99"})) == []


def test_filter_by_a_code_without_its_system_matches_any_system(client):
    ms = f.ConditionCodeFactory(system="ICD-10", code="G35").condition
    us = f.ConditionCodeFactory(system="ICD-10-CM", code="G35.D").condition
    snomed = f.ConditionCodeFactory(system="SNOMED-CT", code="24700007").condition
    url = "/api/v1/conditions/"
    assert slugs(client.get(url, {"code": "g35"})) == [ms.slug]
    assert slugs(client.get(url, {"code": "24700007"})) == [snomed.slug]
    assert sorted(slugs(client.get(url, {"code": "G35,G35.D"}))) == sorted([ms.slug, us.slug])


def test_filter_by_category(client):
    neuro = f.ConditionFactory(category="neurological")
    sleep = f.ConditionFactory(category="sleep")
    f.ConditionFactory(category="muscular")
    url = "/api/v1/conditions/"
    assert slugs(client.get(url, {"category": "sleep"})) == [sleep.slug]
    both = slugs(client.get(url, {"category": "neurological,sleep"}))
    assert sorted(both) == sorted([neuro.slug, sleep.slug])


def test_category_and_linked_slug_filters_combine(client):
    link = f.SymptomConditionFactory(condition__category="sleep")
    f.SymptomConditionFactory(symptom=link.symptom, condition__category="muscular")
    params = {"symptom": link.symptom.slug, "category": "sleep"}
    assert slugs(client.get("/api/v1/conditions/", params)) == [link.condition.slug]
