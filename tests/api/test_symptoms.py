"""The symptoms resource: its detail's parts and links, and its own filters."""

import pytest

from tests import factories as f
from tests.api.helpers import slugs

pytestmark = pytest.mark.django_db


def detail(client, symptom) -> dict:
    return client.get(f"/api/v1/symptoms/{symptom.slug}/").json()


def test_links_follow_the_editors_order(client):
    symptom = f.SymptomFactory()
    late = f.SymptomConditionFactory(symptom=symptom, order=2, condition__name="A condition")
    early = f.SymptomConditionFactory(symptom=symptom, order=1, condition__name="B condition")
    assert [c["slug"] for c in detail(client, symptom)["conditions"]] == [
        early.condition.slug,
        late.condition.slug,
    ]


def test_link_carries_the_linked_record_in_short_with_note_order_and_attributes(client):
    link = f.SymptomConditionFactory(note="Can cause twitching.", order=3, likelihood="rare")
    condition = link.condition
    assert detail(client, link.symptom)["conditions"] == [
        {
            "id": str(condition.uid),
            "slug": condition.slug,
            "name": condition.name,
            "url": f"http://testserver/api/v1/conditions/{condition.slug}/",
            "category": condition.category,
            "note": "Can cause twitching.",
            "order": 3,
            "likelihood": "rare",
        }
    ]


def test_specialists_mark_the_one_to_see_first(client):
    symptom = f.SymptomFactory()
    gp = f.SymptomSpecialistFactory(symptom=symptom, order=1, first_contact=True).specialist
    f.SymptomSpecialistFactory(symptom=symptom, order=2, first_contact=False)
    specialists = detail(client, symptom)["specialists"]
    assert [s["slug"] for s in specialists if s["first_contact"]] == [gp.slug]
    assert len(specialists) == 2


def test_treatments_carry_evidence_level_and_safety_warning(client):
    link = f.SymptomTreatmentFactory(
        treatment__kind="traditional",
        treatment__evidence="none",
        treatment__safety_warning="Can burn the skin.",
    )
    treatment = detail(client, link.symptom)["treatments"][0]
    assert treatment["evidence"] == "none"
    assert treatment["kind"] == "traditional"
    assert treatment["safety_warning"] == "Can burn the skin."
    assert treatment["prescription_required"] is False


def test_nutrients_come_with_their_dietary_sources_in_order(client):
    link = f.SymptomNutrientFactory()
    second = f.NutrientSourceFactory(nutrient=link.nutrient, order=2).dietary_source
    first = f.NutrientSourceFactory(nutrient=link.nutrient, order=1).dietary_source
    nutrient = detail(client, link.symptom)["nutrients"][0]
    assert nutrient["role"] == link.nutrient.role
    assert [d["slug"] for d in nutrient["dietary_sources"]] == [first.slug, second.slug]


def test_detail_shows_sections_types_complications_faq_opinions_and_red_flags(client):
    symptom = f.SymptomFactory()
    f.SectionTextFactory(symptom=symptom, order=2, title="Second", kind="prevention")
    f.SectionTextFactory(symptom=symptom, order=1, title="First", body="**Bold**")
    f.SymptomTypeFactory(symptom=symptom, name="Eyelid myokymia", description="Rippling.")
    f.ComplicationFactory(symptom=symptom, name="Poor sleep")
    f.FAQEntryFactory(symptom=symptom, question="Is it ALS?", answer="*Rarely*.")
    f.ExpertOpinionFactory(symptom=symptom, expert__name="Dr. M", text="Look for weakness.")
    f.RedFlagFactory(symptom=symptom, order=2, text="Trouble swallowing")
    f.RedFlagFactory(symptom=symptom, order=1, text="Weakness")
    f.SymptomCodeFactory(symptom=symptom, system="ICD-10", code="R25.3")
    body = detail(client, symptom)
    assert [s["title"] for s in body["sections"]] == ["First", "Second"]
    assert body["sections"][0]["body_html"] == "<p><strong>Bold</strong></p>"
    assert body["sections"][1]["kind"] == "prevention"
    assert body["types"] == [{"name": "Eyelid myokymia", "description": "Rippling."}]
    assert body["complications"][0]["name"] == "Poor sleep"
    assert body["faq"][0]["answer_html"] == "<p><em>Rarely</em>.</p>"
    assert body["expert_opinions"][0]["expert"]["name"] == "Dr. M"
    assert body["red_flags"] == ["Weakness", "Trouble swallowing"]
    assert body["codes"] == [{"system": "ICD-10", "code": "R25.3"}]


def test_filters_combine_with_and(client):
    both = f.SymptomConditionFactory()
    specialist = f.SymptomSpecialistFactory(symptom=both.symptom).specialist
    only_condition = f.SymptomConditionFactory(condition=both.condition).symptom
    f.SymptomSpecialistFactory(specialist=specialist)
    params = {"condition": both.condition.slug, "specialist": specialist.slug}
    assert slugs(client.get("/api/v1/symptoms/", params)) == [both.symptom.slug]
    condition_only = slugs(client.get("/api/v1/symptoms/", {"condition": both.condition.slug}))
    assert sorted(condition_only) == sorted([both.symptom.slug, only_condition.slug])


def test_filter_by_medical_code(client):
    coded = f.SymptomCodeFactory(system="ICD-10", code="R25.3").symptom
    f.SymptomFactory()
    assert slugs(client.get("/api/v1/symptoms/", {"code": "ICD-10:R25.3"})) == [coded.slug]
