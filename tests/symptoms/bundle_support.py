"""The content graph and helpers the bundle tests share."""

import datetime

from django.contrib.auth import get_user_model

from symptoms import models as m
from symptoms.exchange.bundle_import import import_bundle
from symptoms.exchange.bundles import ENTITIES, dumps, export_bundle
from tests.factories import (
    BodyRegionFactory,
    CauseFactory,
    ConditionFactory,
    DiagnosticFactory,
    DietarySourceFactory,
    ExpertFactory,
    NutrientFactory,
    SourceFactory,
    SpecialistFactory,
    SymptomFactory,
    TreatmentFactory,
)


def build_graph():
    """Every kind of record and link, with notes, orders and attributes."""
    reviewer = ExpertFactory(slug="dr-rivera", name="Dr Ana Rivera", credentials="MD")
    source = SourceFactory(title="Muscle cramps", publisher="Health Journal", url="https://x.org")
    other_source = SourceFactory(title="Unrelated", publisher="Elsewhere")
    calf = BodyRegionFactory(name="Calf", slug="calf")
    banana = DietarySourceFactory(name="Bananas", slug="bananas")
    potassium = NutrientFactory(name="Potassium", slug="potassium", synonyms="K\nkalium")
    m.NutrientSource.objects.create(nutrient=potassium, dietary_source=banana, note="Ripe", order=2)
    gp = SpecialistFactory(name="General practitioner", slug="gp", first_contact=True)
    emg = DiagnosticFactory(name="Electromyography", slug="emg", kind="electrophysiology")
    stretch = TreatmentFactory(
        name="Stretching", slug="stretching", kind="physiotherapy", safety_warning=""
    )
    drug = TreatmentFactory(name="Quinine", slug="quinine", prescription_required=True)
    stress = CauseFactory(name="Stress", slug="stress", category="psychological")
    pad = ConditionFactory(
        name="Peripheral artery disease",
        slug="pad",
        category="vascular",
        last_reviewed=datetime.date(2026, 1, 2),
        next_review_due=datetime.date(2027, 1, 2),
        reviewed_by=reviewer,
    )
    pad.sources.add(source)
    m.ConditionCode.objects.create(condition=pad, system="ICD-10", code="I73.9")
    m.ConditionTreatment.objects.create(condition=pad, treatment=drug, note="Rarely", order=1)
    m.ConditionSpecialist.objects.create(condition=pad, specialist=gp)
    cramps = SymptomFactory(name="Leg cramps", slug="leg-cramps", synonyms="charley horse")
    cramps.body_regions.add(calf)
    cramps.sources.add(source)
    m.SymptomCondition.objects.create(
        symptom=cramps, condition=pad, likelihood="rare", note="When walking", order=3
    )
    m.SymptomCause.objects.create(symptom=cramps, cause=stress, likelihood="common", order=1)
    m.SymptomDiagnostic.objects.create(symptom=cramps, diagnostic=emg)
    m.SymptomSpecialist.objects.create(symptom=cramps, specialist=gp, first_contact=True)
    m.SymptomTreatment.objects.create(symptom=cramps, treatment=stretch, order=1)
    m.SymptomNutrient.objects.create(symptom=cramps, nutrient=potassium)
    m.SymptomCode.objects.create(symptom=cramps, system="ICD-10", code="R25.2")
    m.SectionText.objects.create(symptom=cramps, kind="about", title="About", body="Text")
    m.SymptomType.objects.create(symptom=cramps, name="Night cramps", order=1)
    m.Complication.objects.create(symptom=cramps, name="Poor sleep", description="Wakes you")
    m.FAQEntry.objects.create(symptom=cramps, question="Are they serious?", answer="Rarely.")
    m.ExpertOpinion.objects.create(symptom=cramps, expert=reviewer, text="Stretch daily.")
    m.RedFlag.objects.create(symptom=cramps, text="Swollen, hot calf")
    unrelated = SymptomFactory(name="Hiccups", slug="hiccups", status="draft", published_at=None)
    unrelated.sources.add(other_source)
    ExpertFactory(slug="dr-unused")
    return cramps


def importer():
    user, _ = get_user_model().objects.get_or_create(
        username="importer", defaults={"is_superuser": True, "is_staff": True}
    )
    return user


def publish(bundle):
    """Import as someone who may publish and asks to: statuses as the bundle says."""
    return import_bundle(bundle, by=importer(), publish=True)


def cramps(bundle):
    return next(s for s in bundle["symptoms"] if s["slug"] == "leg-cramps")


def everything_but_history():
    return dumps(export_bundle()), m.ContentChange.objects.count()


def empty_database():
    for _, model in reversed(ENTITIES):
        model.objects.all().delete()
    m.Expert.objects.all().delete()
    m.Source.objects.all().delete()
