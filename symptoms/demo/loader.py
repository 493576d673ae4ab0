"""Loads the demo content into the database: creates what is missing, fixes what differs."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import models, transaction

from symptoms import models as m
from symptoms.demo import content

PUBLISHED_AT = datetime.datetime(2026, 11, 1, 9, 0, tzinfo=datetime.UTC)
LAST_REVIEWED = datetime.date(2026, 11, 1)
NEXT_REVIEW_DUE = datetime.date(2027, 11, 1)

ENTITY_EXTRA_FIELDS: dict[type[m.ContentEntity], tuple[str, ...]] = {
    m.BodyRegion: (),
    m.DietarySource: (),
    m.Nutrient: ("role",),
    m.Specialist: ("first_contact",),
    m.Diagnostic: ("kind",),
    m.Treatment: ("kind", "evidence", "safety_warning", "prescription_required"),
    m.Cause: ("category", "nature"),
    m.Condition: ("category",),
    m.Symptom: (),
}


class Loader:
    """Writes only what differs, so that a second run changes nothing."""

    def __init__(self) -> None:
        self.written = 0
        self.sources: dict[str, m.Source] = {}
        self.experts: dict[str, m.Expert] = {}
        self.records: dict[type[models.Model], dict[str, Any]] = {}

    def upsert(self, model: type[models.Model], lookup: dict, values: dict) -> Any:
        record = model.objects.filter(**lookup).first()
        if record is None:
            self.written += 1
            return model.objects.create(**lookup, **values)
        changed = [name for name, value in values.items() if getattr(record, name) != value]
        if changed:
            for name in changed:
                setattr(record, name, values[name])
            record.save()
            self.written += 1
        return record

    def set_many(self, manager, records: list) -> None:
        if {r.pk for r in manager.all()} != {r.pk for r in records}:
            manager.set(records)
            self.written += 1

    def run(self) -> int:
        for item in content.SOURCES:
            self.sources[item["key"]] = self.upsert(
                m.Source,
                {"title": item["title"], "publisher": item["publisher"]},
                {
                    "url": item.get("url", ""),
                    "accessed_on": datetime.date.fromisoformat(item["accessed_on"]),
                },
            )
        for item in content.EXPERTS:
            self.experts[item["slug"]] = self.upsert(
                m.Expert,
                {"slug": item["slug"]},
                {k: item.get(k, "") for k in ("name", "title", "credentials")},
            )
        self.reviewer = next(iter(self.experts.values()))

        self.entities(m.BodyRegion, content.BODY_REGIONS)
        self.entities(m.DietarySource, content.DIETARY_SOURCES)
        for nutrient in self.entities(m.Nutrient, content.NUTRIENTS):
            self.links(
                nutrient,
                m.NutrientSource,
                "nutrient",
                "dietary_source",
                m.DietarySource,
                nutrient.item.get("dietary_sources", []),
                key="source",
            )
        self.entities(m.Specialist, content.SPECIALISTS)
        self.entities(m.Diagnostic, content.DIAGNOSTICS)
        self.entities(m.Treatment, content.TREATMENTS)
        self.entities(m.Cause, content.CAUSES)
        for condition in self.entities(m.Condition, content.CONDITIONS):
            self.codes(condition, m.ConditionCode, "condition")
            self.links(
                condition,
                m.ConditionTreatment,
                "condition",
                "treatment",
                m.Treatment,
                condition.item.get("treatments", []),
            )
            self.links(
                condition,
                m.ConditionSpecialist,
                "condition",
                "specialist",
                m.Specialist,
                condition.item.get("specialists", []),
            )
        for symptom in self.entities(m.Symptom, content.SYMPTOMS):
            self.symptom_parts(symptom)
        return self.written

    def entities(self, model: type[m.ContentEntity], items: list[dict]) -> list:
        loaded = []
        for item in items:
            values = {
                "name": item["name"],
                "synonyms": "\n".join(item.get("synonyms", [])),
                "summary": item.get("summary", ""),
                "body": item.get("body", ""),
                "status": m.ContentStatus.PUBLISHED,
                "published_at": PUBLISHED_AT,
                "reviewed_by": self.reviewer,
                "last_reviewed": LAST_REVIEWED,
                "next_review_due": NEXT_REVIEW_DUE,
                **{name: item[name] for name in ENTITY_EXTRA_FIELDS[model] if name in item},
            }
            record = self.upsert(model, {"slug": item["slug"]}, values)
            self.set_many(record.sources, [self.sources[key] for key in item.get("sources", [])])
            record.item = item
            self.records.setdefault(model, {})[item["slug"]] = record
            loaded.append(record)
        return loaded

    def links(
        self,
        owner,
        link_model,
        owner_field: str,
        target_field: str,
        target_model,
        items: list[dict],
        key: str | None = None,
    ) -> None:
        targets = self.records[target_model]
        for order, item in enumerate(items, start=1):
            attributes = {
                name: item[name] for name in ("likelihood", "first_contact") if name in item
            }
            self.upsert(
                link_model,
                {owner_field: owner, target_field: targets[item[key or target_field]]},
                {"note": item.get("note", ""), "order": order, **attributes},
            )

    def codes(self, owner, code_model, owner_field: str) -> None:
        for system, code in owner.item.get("codes", []):
            self.upsert(code_model, {owner_field: owner, "system": system, "code": code}, {})

    def symptom_parts(self, symptom: m.Symptom) -> None:
        item = symptom.item
        self.set_many(
            symptom.body_regions, [self.records[m.BodyRegion][s] for s in item["body_regions"]]
        )
        self.codes(symptom, m.SymptomCode, "symptom")
        for link_model, target_field, target_model in [
            (m.SymptomCondition, "condition", m.Condition),
            (m.SymptomCause, "cause", m.Cause),
            (m.SymptomDiagnostic, "diagnostic", m.Diagnostic),
            (m.SymptomSpecialist, "specialist", m.Specialist),
            (m.SymptomTreatment, "treatment", m.Treatment),
            (m.SymptomNutrient, "nutrient", m.Nutrient),
        ]:
            self.links(
                symptom,
                link_model,
                "symptom",
                target_field,
                target_model,
                item.get(f"{target_field}s", []),
            )
        parts = [
            (m.SectionText, item.get("sections", []), ("kind", "title", "body")),
            (m.SymptomType, item.get("types", []), ("name", "description")),
            (m.Complication, item.get("complications", []), ("name", "description")),
            (m.FAQEntry, item.get("faq", []), ("question", "answer")),
            (m.RedFlag, [{"text": text} for text in item.get("red_flags", [])], ("text",)),
        ]
        for model, entries, fields in parts:
            for order, entry in enumerate(entries, start=1):
                self.upsert(
                    model,
                    {"symptom": symptom, "order": order},
                    {name: entry.get(name, "") for name in fields},
                )
        for order, entry in enumerate(item.get("expert_opinions", []), start=1):
            self.upsert(
                m.ExpertOpinion,
                {"symptom": symptom, "order": order},
                {"expert": self.experts[entry["expert"]], "text": entry["text"]},
            )


@transaction.atomic
def load_demo_content() -> int:
    """Load (or bring up to date) the demo content; return how many rows were written."""
    return Loader().run()
