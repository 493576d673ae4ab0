"""factory_boy factories: one per model, published by default."""

import datetime

import factory
from django.utils import timezone

from symptoms import models as m


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Source

    title = factory.Sequence(lambda n: f"Source {n}")
    publisher = "Test publisher"


class ExpertFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Expert
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Dr Expert {n}")
    slug = factory.Sequence(lambda n: f"expert-{n}")
    title = "Neurologist"


class ContentFactory(factory.django.DjangoModelFactory):
    class Meta:
        abstract = True

    name = factory.Sequence(lambda n: f"Record {n}")
    slug = factory.Sequence(lambda n: f"record-{n}")
    summary = factory.LazyAttribute(lambda o: f"A short summary of {o.name}.")
    body = factory.LazyAttribute(lambda o: f"About **{o.name}**.")
    status = m.ContentStatus.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1))

    class Params:
        draft = factory.Trait(status=m.ContentStatus.DRAFT, published_at=None)
        archived = factory.Trait(status=m.ContentStatus.ARCHIVED)


class BodyRegionFactory(ContentFactory):
    class Meta:
        model = m.BodyRegion

    name = factory.Sequence(lambda n: f"Region {n}")
    slug = factory.Sequence(lambda n: f"region-{n}")


class DietarySourceFactory(ContentFactory):
    class Meta:
        model = m.DietarySource

    name = factory.Sequence(lambda n: f"Food {n}")
    slug = factory.Sequence(lambda n: f"food-{n}")


class NutrientFactory(ContentFactory):
    class Meta:
        model = m.Nutrient

    name = factory.Sequence(lambda n: f"Nutrient {n}")
    slug = factory.Sequence(lambda n: f"nutrient-{n}")
    role = "Helps muscles relax."


class SpecialistFactory(ContentFactory):
    class Meta:
        model = m.Specialist

    name = factory.Sequence(lambda n: f"Specialist {n}")
    slug = factory.Sequence(lambda n: f"specialist-{n}")


class DiagnosticFactory(ContentFactory):
    class Meta:
        model = m.Diagnostic

    name = factory.Sequence(lambda n: f"Test {n}")
    slug = factory.Sequence(lambda n: f"test-{n}")
    kind = m.Diagnostic.Kind.LAB


class TreatmentFactory(ContentFactory):
    class Meta:
        model = m.Treatment

    name = factory.Sequence(lambda n: f"Treatment {n}")
    slug = factory.Sequence(lambda n: f"treatment-{n}")
    kind = m.Treatment.Kind.MEDICATION
    evidence = m.Treatment.Evidence.ESTABLISHED


class CauseFactory(ContentFactory):
    class Meta:
        model = m.Cause

    name = factory.Sequence(lambda n: f"Cause {n}")
    slug = factory.Sequence(lambda n: f"cause-{n}")
    category = m.Cause.Category.LIFESTYLE


class ConditionFactory(ContentFactory):
    class Meta:
        model = m.Condition

    name = factory.Sequence(lambda n: f"Condition {n}")
    slug = factory.Sequence(lambda n: f"condition-{n}")
    category = m.Condition.Category.NEUROLOGICAL


class SymptomFactory(ContentFactory):
    class Meta:
        model = m.Symptom

    name = factory.Sequence(lambda n: f"Symptom {n}")
    slug = factory.Sequence(lambda n: f"symptom-{n}")


class SymptomConditionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.SymptomCondition

    symptom = factory.SubFactory(SymptomFactory)
    condition = factory.SubFactory(ConditionFactory)
    note = "May point to it."


class SymptomSpecialistFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.SymptomSpecialist

    symptom = factory.SubFactory(SymptomFactory)
    specialist = factory.SubFactory(SpecialistFactory)


class LinkFactory(factory.django.DjangoModelFactory):
    class Meta:
        abstract = True

    note = factory.Sequence(lambda n: f"Link note {n}.")
    order = factory.Sequence(lambda n: n)


class SymptomCauseFactory(LinkFactory):
    class Meta:
        model = m.SymptomCause

    symptom = factory.SubFactory(SymptomFactory)
    cause = factory.SubFactory(CauseFactory)


class SymptomDiagnosticFactory(LinkFactory):
    class Meta:
        model = m.SymptomDiagnostic

    symptom = factory.SubFactory(SymptomFactory)
    diagnostic = factory.SubFactory(DiagnosticFactory)


class SymptomTreatmentFactory(LinkFactory):
    class Meta:
        model = m.SymptomTreatment

    symptom = factory.SubFactory(SymptomFactory)
    treatment = factory.SubFactory(TreatmentFactory)


class SymptomNutrientFactory(LinkFactory):
    class Meta:
        model = m.SymptomNutrient

    symptom = factory.SubFactory(SymptomFactory)
    nutrient = factory.SubFactory(NutrientFactory)


class NutrientSourceFactory(LinkFactory):
    class Meta:
        model = m.NutrientSource

    nutrient = factory.SubFactory(NutrientFactory)
    dietary_source = factory.SubFactory(DietarySourceFactory)


class ConditionTreatmentFactory(LinkFactory):
    class Meta:
        model = m.ConditionTreatment

    condition = factory.SubFactory(ConditionFactory)
    treatment = factory.SubFactory(TreatmentFactory)


class ConditionSpecialistFactory(LinkFactory):
    class Meta:
        model = m.ConditionSpecialist

    condition = factory.SubFactory(ConditionFactory)
    specialist = factory.SubFactory(SpecialistFactory)


class ConditionCodeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.ConditionCode

    condition = factory.SubFactory(ConditionFactory)
    system = m.CodeSystem.ICD10
    code = factory.Sequence(lambda n: f"G{10 + n % 90}")


class SymptomCodeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.SymptomCode

    symptom = factory.SubFactory(SymptomFactory)
    system = m.CodeSystem.ICD10
    code = factory.Sequence(lambda n: f"R{10 + n % 90}")


class SymptomPartFactory(factory.django.DjangoModelFactory):
    class Meta:
        abstract = True

    symptom = factory.SubFactory(SymptomFactory)
    order = factory.Sequence(lambda n: n)


class SectionTextFactory(SymptomPartFactory):
    class Meta:
        model = m.SectionText

    kind = m.SectionText.Kind.ABOUT
    title = factory.Sequence(lambda n: f"Section {n}")
    body = "Some **Markdown**."


class SymptomTypeFactory(SymptomPartFactory):
    class Meta:
        model = m.SymptomType

    name = factory.Sequence(lambda n: f"Type {n}")


class ComplicationFactory(SymptomPartFactory):
    class Meta:
        model = m.Complication

    name = factory.Sequence(lambda n: f"Complication {n}")


class FAQEntryFactory(SymptomPartFactory):
    class Meta:
        model = m.FAQEntry

    question = factory.Sequence(lambda n: f"Question {n}?")
    answer = "An *answer*."


class ExpertOpinionFactory(SymptomPartFactory):
    class Meta:
        model = m.ExpertOpinion

    expert = factory.SubFactory(ExpertFactory)
    text = "An opinion."


class RedFlagFactory(SymptomPartFactory):
    class Meta:
        model = m.RedFlag

    text = factory.Sequence(lambda n: f"Red flag {n}")
