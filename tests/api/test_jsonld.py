import json

import pytest
from pyld import jsonld

from tests import factories as f

pytestmark = pytest.mark.django_db
SCHEMA = "http://schema.org/"
S = "https://schema.org/"


def _get(client, url, **headers):
    response = client.get(url, **headers)
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("application/ld+json")
    return json.loads(response.content)


def _expanded(document) -> dict:
    expanded = jsonld.expand(document)
    assert len(expanded) == 1
    return expanded[0]


def test_a_condition_is_a_medical_condition_with_codes_treatments_and_specialists(client):
    reviewer = f.ExpertFactory(name="Dr Ana Weber")
    condition = f.ConditionFactory(
        slug="multiple-sclerosis",
        name="Multiple sclerosis",
        reviewed_by=reviewer,
        last_reviewed="2026-01-05",
        next_review_due="2027-01-05",
    )
    condition.sources.add(f.SourceFactory(title="MS guideline", url="https://example.org/ms"))
    f.ConditionCodeFactory(condition=condition, system="ICD-10", code="G35")
    treatment = f.TreatmentFactory(name="Interferon beta", kind="medication")
    f.ConditionTreatmentFactory(condition=condition, treatment=treatment)
    f.ConditionSpecialistFactory(condition=condition, specialist__name="Neurologist")
    f.SymptomConditionFactory(condition=condition, symptom__name="Muscle twitch")

    doc = _get(client, "/api/v1/conditions/multiple-sclerosis/?format=jsonld")
    node = _expanded(doc)

    assert node["@type"] == [f"{S}MedicalCondition"]
    code = node[f"{S}code"][0]
    assert code["@type"] == [f"{S}MedicalCode"]
    assert code[f"{S}codeValue"][0]["@value"] == "G35"
    assert code[f"{S}codingSystem"][0]["@value"] == "ICD-10"
    assert node[f"{S}possibleTreatment"][0]["@type"] == [f"{S}Drug"]
    assert node[f"{S}relevantSpecialty"][0]["@type"] == [f"{S}MedicalSpecialty"]
    assert node[f"{S}signOrSymptom"][0]["@type"] == [f"{S}MedicalSymptom"]
    assert node[f"{S}lastReviewed"][0]["@value"] == "2026-01-05"
    assert node[f"{S}reviewedBy"][0][f"{S}name"][0]["@value"] == "Dr Ana Weber"
    assert node[f"{S}citation"][0][f"{S}name"][0]["@value"] == "MS guideline"


def test_a_symptom_is_a_medical_symptom_with_causes_tests_and_reverse_conditions(client):
    symptom = f.SymptomFactory(slug="twitch")
    f.SymptomCauseFactory(symptom=symptom)
    f.SymptomDiagnosticFactory(symptom=symptom)
    f.SymptomTreatmentFactory(symptom=symptom, treatment__kind="physiotherapy")
    f.SymptomConditionFactory(symptom=symptom)
    f.ComplicationFactory(symptom=symptom, name="Fatigue")

    node = _expanded(_get(client, "/api/v1/symptoms/twitch/", HTTP_ACCEPT="application/ld+json"))

    assert node["@type"] == [f"{S}MedicalSymptom"]
    assert node[f"{S}cause"][0]["@type"] == [f"{S}MedicalCause"]
    assert node[f"{S}typicalTest"][0]["@type"] == [f"{S}MedicalTest"]
    assert node[f"{S}possibleTreatment"][0]["@type"] == [f"{S}MedicalTherapy"]
    assert node[f"{S}possibleComplication"][0]["@value"] == "Fatigue"
    assert node["@reverse"][f"{S}signOrSymptom"][0]["@type"] == [f"{S}MedicalCondition"]


@pytest.mark.parametrize(
    ("factory", "path", "schema_type"),
    [
        (f.CauseFactory, "causes", "MedicalCause"),
        (f.DiagnosticFactory, "diagnostics", "MedicalTest"),
        (f.SpecialistFactory, "specialists", "MedicalSpecialty"),
        (f.NutrientFactory, "nutrients", "DietarySupplement"),
        (f.DietarySourceFactory, "dietary-sources", "Product"),
        (f.BodyRegionFactory, "body-regions", "SuperficialAnatomy"),
    ],
)
def test_every_resource_detail_expands_to_its_schema_org_type(client, factory, path, schema_type):
    record = factory()
    node = _expanded(_get(client, f"/api/v1/{path}/{record.slug}/?format=jsonld"))
    assert node["@type"] == [f"{S}{schema_type}"]
    assert node[f"{S}name"][0]["@value"] == record.name


def test_a_list_is_an_item_list(client):
    f.SymptomFactory.create_batch(2)
    node = _expanded(_get(client, "/api/v1/symptoms/?format=jsonld"))
    assert node["@type"] == [f"{S}ItemList"]
    assert len(node[f"{S}itemListElement"]) == 2


BREAKOUT = "</script><script>alert(1)</script>"
NAME = f"Fever & chills {BREAKOUT}"


def _embeddable(client, url) -> dict:
    response = client.get(url, {"format": "jsonld"})
    assert response.status_code == 200
    assert not set(b"<>&") & set(response.content)
    return json.loads(response.content)


def test_a_json_ld_detail_escapes_what_could_end_an_html_script_element(client):
    symptom = f.SymptomFactory(name=NAME, body=BREAKOUT)
    doc = _embeddable(client, f"/api/v1/symptoms/{symptom.slug}/")
    assert (doc["name"], doc["text"]) == (NAME, BREAKOUT)


def test_a_json_ld_list_escapes_what_could_end_an_html_script_element(client):
    f.SymptomFactory(name=NAME)
    doc = _embeddable(client, "/api/v1/symptoms/")
    assert doc["itemListElement"][0]["item"]["name"] == NAME
