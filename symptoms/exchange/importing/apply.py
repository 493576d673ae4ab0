"""Turning a reviewed import plan into one draft symptom, its links and new draft records."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.text import slugify

from symptoms.exchange.importing.matching import normalise
from symptoms.exchange.importing.plan import EXISTING, SKIP, ImportPlan, LinkItem
from symptoms.models import (
    Cause,
    Complication,
    Condition,
    ContentEntity,
    ContentStatus,
    Diagnostic,
    Expert,
    ExpertOpinion,
    FAQEntry,
    Nutrient,
    RedFlag,
    SectionText,
    Specialist,
    Symptom,
    SymptomCause,
    SymptomCondition,
    SymptomDiagnostic,
    SymptomNutrient,
    SymptomSpecialist,
    SymptomTreatment,
    SymptomType,
    Treatment,
)

LINK_MODELS: dict[type[ContentEntity], tuple[type[models.Model], str]] = {
    Condition: (SymptomCondition, "condition"),
    Cause: (SymptomCause, "cause"),
    Diagnostic: (SymptomDiagnostic, "diagnostic"),
    Specialist: (SymptomSpecialist, "specialist"),
    Treatment: (SymptomTreatment, "treatment"),
    Nutrient: (SymptomNutrient, "nutrient"),
}
PART_MODELS = {"types": SymptomType, "complications": Complication}

# A first guess for required fields of new drafts; the editor reviews every draft anyway.
DIAGNOSTIC_KINDS = [
    (r"\b(mri|ct|x ray|ultrasound|doppler|tomography|imaging|scan)\b", Diagnostic.Kind.IMAGING),
    (r"\b(emg|eeg|electro\w*|nerve conduction)\b", Diagnostic.Kind.ELECTROPHYSIOLOGY),
    (r"\b(blood|urine|lab\w*|count|level|panel)\b", Diagnostic.Kind.LAB),
    (r"\b(examination|exam|consultation|assessment)\b", Diagnostic.Kind.CLINICAL_EXAM),
]
TREATMENT_KINDS = [
    (r"\b(massage|physio\w*|stretch\w*|exercise|manual)\b", Treatment.Kind.PHYSIOTHERAPY),
    (r"\b(diet|nutrition|food|hydration|supplement)\b", Treatment.Kind.DIET),
    (r"\b(psychotherapy|counsel\w*|cognitive)\b", Treatment.Kind.PSYCHOTHERAPY),
    (r"\b(surgery|surgical|operation)\b", Treatment.Kind.SURGERY),
    (r"\b(acupuncture|herbal|homeopath\w*)\b", Treatment.Kind.COMPLEMENTARY),
    (r"\b(rest|sleep|stress|compress|relax\w*|lifestyle)\b", Treatment.Kind.LIFESTYLE),
]


class ArticleImportError(ValueError):
    """The plan cannot be saved as it stands; the message says why, for the editor."""


@dataclass
class ImportResult:
    symptom: Symptom
    created: list[ContentEntity] = field(default_factory=list)
    linked: list[ContentEntity] = field(default_factory=list)


def _guess(patterns: Sequence[tuple[str, str]], name: str, default: str) -> str:
    text = normalise(name)
    return next((kind for pattern, kind in patterns if re.search(pattern, text)), default)


def _draft_defaults(model: type[ContentEntity], name: str) -> dict:
    if model is Diagnostic:
        return {"kind": _guess(DIAGNOSTIC_KINDS, name, Diagnostic.Kind.OTHER)}
    if model is Treatment:
        kind = _guess(TREATMENT_KINDS, name, Treatment.Kind.MEDICATION)
        return {"kind": kind, "evidence": Treatment.Evidence.LIMITED}
    if model is Cause:
        return {"category": Cause.Category.OTHER}
    if model is Condition:
        return {"category": Condition.Category.OTHER}
    return {}


def _free_slug(model: type[ContentEntity], name: str) -> str:
    base = slugify(name)[:190] or "record"
    slug, n = base, 1
    while model.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _save(record: models.Model, label: str) -> None:
    try:
        record.full_clean()
    except ValidationError as error:
        raise ArticleImportError(f"{label}: {'; '.join(error.messages)}") from error
    record.save()


class _Applier:
    def __init__(self, plan: ImportPlan, expert: Expert | None) -> None:
        self.plan = plan
        self.expert = expert
        self.created: list[ContentEntity] = []
        self.reused: list[ContentEntity] = []
        self.new_drafts: dict[tuple[type[ContentEntity], str], ContentEntity] = {}
        self.orders: dict[type[models.Model], int] = {}
        self.linked: set[tuple[type[models.Model], int]] = set()

    def run(self) -> ImportResult:
        plan = self.plan
        if Symptom.objects.filter(slug=plan.slug).exists():
            raise ArticleImportError(f"A symptom with the slug '{plan.slug}' already exists.")
        symptom = Symptom(name=plan.name, slug=plan.slug, summary=plan.summary)
        _save(symptom, f"symptom '{plan.name}'")
        for section in plan.sections:
            for item in section.links:
                self.link(symptom, item, first_in_section=item is section.links[0])
            self.parts(symptom, section.kind, section.parts)
            for question, answer in section.faq:
                self.part(FAQEntry, symptom, question=question[:300], answer=answer)
            if section.kind == "expert_opinion" and self.expert and section.text:
                self.part(ExpertOpinion, symptom, expert=self.expert, text=section.text)
            elif section.text:
                kind = section.text_kind
                self.part(SectionText, symptom, kind=kind, title=section.heading, body=section.text)
        return ImportResult(symptom=symptom, created=self.created, linked=self.reused)

    def target(self, item: LinkItem) -> ContentEntity:
        if item.choice == EXISTING and item.target is not None:
            self.reused.append(item.target)
            return item.target
        key = (item.model, normalise(item.name))
        if key not in self.new_drafts:
            record = item.model(
                name=item.name[:200],
                slug=_free_slug(item.model, item.name),
                status=ContentStatus.DRAFT,
                **_draft_defaults(item.model, item.name),
            )
            _save(record, f"new {item.model._meta.verbose_name} '{item.name}'")
            self.new_drafts[key] = record
            self.created.append(record)
        return self.new_drafts[key]

    def link(self, symptom: Symptom, item: LinkItem, *, first_in_section: bool) -> None:
        if item.choice == SKIP:
            return
        target = self.target(item)
        link_model, field_name = LINK_MODELS[item.model]
        if (link_model, target.pk) in self.linked:
            return  # named in two sections (diseases and associated pathologies, say)
        self.linked.add((link_model, target.pk))
        extra = {"first_contact": first_in_section} if link_model is SymptomSpecialist else {}
        self.part(link_model, symptom, **{field_name: target}, note=item.note, **extra)

    def parts(self, symptom: Symptom, kind: str, parts: list[tuple[str, str]]) -> None:
        for name, note in parts:
            if kind == "red_flags":
                self.part(RedFlag, symptom, text=f"{name}. {note}".strip(". ")[:300])
            else:
                self.part(PART_MODELS[kind], symptom, name=name[:200], description=note)

    def part(self, model: type[models.Model], symptom: Symptom, **values) -> None:
        self.orders[model] = self.orders.get(model, 0) + 1
        record = model(symptom=symptom, order=self.orders[model], **values)
        _save(record, str(model._meta.verbose_name))


@transaction.atomic
def apply_plan(plan: ImportPlan, *, expert: Expert | None = None) -> ImportResult:
    """Create one draft symptom with all its links and new drafts; all or nothing."""
    return _Applier(plan, expert).run()
