"""Every kind of link the API shows, from the side whose detail shows it."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from factory.django import DjangoModelFactory

from tests import factories as f


@dataclass(frozen=True)
class LinkKind:
    owner: str  # the resource whose detail lists the link
    field: str  # the detail field that lists it
    owner_factory: type[DjangoModelFactory[Any]]
    target_factory: type[DjangoModelFactory[Any]]
    link: Callable  # link(owner, target, **attributes) creates the link
    filter: str  # the owner list's filter by the target's slug

    def __str__(self) -> str:
        return f"{self.owner}.{self.field}"


def _through(factory, owner_field: str, target_field: str):
    return lambda owner, target, **kw: factory(**{owner_field: owner, target_field: target}, **kw)


def _plain(relation: str):
    return lambda owner, target, **kw: getattr(owner, relation).add(target)


LINK_KINDS = [
    LinkKind("symptoms", "conditions", f.SymptomFactory, f.ConditionFactory,
             _through(f.SymptomConditionFactory, "symptom", "condition"), "condition"),
    LinkKind("symptoms", "causes", f.SymptomFactory, f.CauseFactory,
             _through(f.SymptomCauseFactory, "symptom", "cause"), "cause"),
    LinkKind("symptoms", "diagnostics", f.SymptomFactory, f.DiagnosticFactory,
             _through(f.SymptomDiagnosticFactory, "symptom", "diagnostic"), "diagnostic"),
    LinkKind("symptoms", "specialists", f.SymptomFactory, f.SpecialistFactory,
             _through(f.SymptomSpecialistFactory, "symptom", "specialist"), "specialist"),
    LinkKind("symptoms", "treatments", f.SymptomFactory, f.TreatmentFactory,
             _through(f.SymptomTreatmentFactory, "symptom", "treatment"), "treatment"),
    LinkKind("symptoms", "nutrients", f.SymptomFactory, f.NutrientFactory,
             _through(f.SymptomNutrientFactory, "symptom", "nutrient"), "nutrient"),
    LinkKind("symptoms", "body_regions", f.SymptomFactory, f.BodyRegionFactory,
             _plain("body_regions"), "body_region"),
    LinkKind("conditions", "symptoms", f.ConditionFactory, f.SymptomFactory,
             _through(f.SymptomConditionFactory, "condition", "symptom"), "symptom"),
    LinkKind("conditions", "treatments", f.ConditionFactory, f.TreatmentFactory,
             _through(f.ConditionTreatmentFactory, "condition", "treatment"), "treatment"),
    LinkKind("conditions", "specialists", f.ConditionFactory, f.SpecialistFactory,
             _through(f.ConditionSpecialistFactory, "condition", "specialist"), "specialist"),
    LinkKind("causes", "symptoms", f.CauseFactory, f.SymptomFactory,
             _through(f.SymptomCauseFactory, "cause", "symptom"), "symptom"),
    LinkKind("diagnostics", "symptoms", f.DiagnosticFactory, f.SymptomFactory,
             _through(f.SymptomDiagnosticFactory, "diagnostic", "symptom"), "symptom"),
    LinkKind("specialists", "symptoms", f.SpecialistFactory, f.SymptomFactory,
             _through(f.SymptomSpecialistFactory, "specialist", "symptom"), "symptom"),
    LinkKind("specialists", "conditions", f.SpecialistFactory, f.ConditionFactory,
             _through(f.ConditionSpecialistFactory, "specialist", "condition"), "condition"),
    LinkKind("treatments", "symptoms", f.TreatmentFactory, f.SymptomFactory,
             _through(f.SymptomTreatmentFactory, "treatment", "symptom"), "symptom"),
    LinkKind("treatments", "conditions", f.TreatmentFactory, f.ConditionFactory,
             _through(f.ConditionTreatmentFactory, "treatment", "condition"), "condition"),
    LinkKind("nutrients", "dietary_sources", f.NutrientFactory, f.DietarySourceFactory,
             _through(f.NutrientSourceFactory, "nutrient", "dietary_source"), "dietary_source"),
    LinkKind("nutrients", "symptoms", f.NutrientFactory, f.SymptomFactory,
             _through(f.SymptomNutrientFactory, "nutrient", "symptom"), "symptom"),
    LinkKind("dietary-sources", "nutrients", f.DietarySourceFactory, f.NutrientFactory,
             _through(f.NutrientSourceFactory, "dietary_source", "nutrient"), "nutrient"),
    LinkKind("body-regions", "symptoms", f.BodyRegionFactory, f.SymptomFactory,
             lambda owner, target, **kw: target.body_regions.add(owner), "symptom"),
]  # fmt: skip
