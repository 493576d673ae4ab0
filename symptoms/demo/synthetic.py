"""A synthetic, seeded content graph at any scale, for benchmarks and load tests."""

from __future__ import annotations

import dataclasses
import datetime
import itertools
import random
import uuid
from collections.abc import Iterable, Sequence

from django.apps import apps
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.utils.text import slugify

from symptoms import models as m
from symptoms.changes import versioning
from symptoms.search import index as search_index

PUBLISHED_AT = datetime.datetime(2026, 1, 5, 9, 0, tzinfo=datetime.UTC)
LAST_REVIEWED = datetime.date(2026, 1, 5)
NEXT_REVIEW_DUE = datetime.date(2027, 1, 5)
BATCH_SIZE = 2000


def vocabulary(text: str) -> list[str]:
    return text.split()


DESCRIPTORS = vocabulary(
    "sharp dull burning throbbing sudden chronic recurring mild severe intermittent nightly "
    "morning persistent painful painless tingling numb stiff weak aching cramping twitching "
    "shooting spreading localized"
)
REGIONS = vocabulary(
    "eyelid face jaw neck shoulder arm elbow forearm wrist hand finger chest back lower-back "
    "abdomen hip thigh knee calf shin ankle foot toe scalp tongue lip throat ear groin "
    "buttock rib spine temple forehead cheek heel sole palm thumb"
)
PHENOMENA = vocabulary(
    "twitches spasms cramps pain numbness tingling weakness stiffness tremor swelling "
    "burning itching jerks pressure tenderness fatigue heaviness coldness throbbing "
    "clicking locking"
)
QUALIFIERS = vocabulary(
    "acute chronic idiopathic hereditary juvenile adult-onset benign progressive secondary "
    "primary autoimmune metabolic toxic inflammatory degenerative"
)
ROOTS = vocabulary(
    "neuro myo neuromuscular spinal cerebellar peripheral motor sensory thyroid adrenal "
    "renal hepatic vascular muscular cervical lumbar"
)
DISORDERS = vocabulary(
    "syndrome disorder disease neuropathy myopathy dystrophy deficiency insufficiency "
    "inflammation dysfunction atrophy sclerosis palsy"
)
WORDS = vocabulary(
    "muscle nerve signal rest sleep stress caffeine magnesium potassium calcium vitamin "
    "exercise hydration posture doctor test blood level movement contraction fibre "
    "relaxation strain fatigue recovery diet symptom sign treatment therapy day week"
)
FAQ_QUESTIONS = (
    "Is it dangerous?",
    "How long does it last?",
    "When should I see a doctor?",
    "Can stress cause it?",
    "What helps at home?",
    "Is it common in children?",
)


@dataclasses.dataclass(frozen=True)
class Scale:
    """How many records of each kind, and how many links each symptom has."""

    symptoms: int
    conditions: int
    causes: int
    diagnostics: int
    specialists: int
    treatments: int
    nutrients: int
    foods: int
    body_regions: int = 24
    experts: int = 20

    @classmethod
    def for_symptoms(cls, count: int) -> Scale:
        """Every kind grows with the symptoms, as in a real catalogue of 10,000 symptoms."""
        return cls(
            symptoms=count,
            conditions=max(count // 2, 24),
            causes=max(count // 5, 24),
            diagnostics=max(count // 20, 12),
            specialists=max(count // 100, 8),
            treatments=max(count // 5, 16),
            nutrients=max(count // 100, 8),
            foods=max(count // 10, 16),
        )


LINKS_PER_SYMPTOM = {
    "conditions": 10,
    "causes": 10,
    "diagnostics": 6,
    "specialists": 4,
    "treatments": 8,
    "nutrients": 4,
}


class Generator:
    """Builds the graph with bulk inserts; the same seed gives the same content."""

    def __init__(self, scale: Scale, seed: int) -> None:
        self.scale = scale
        self.rng = random.Random(seed)
        self.rows = 0

    def sentence(self, words: int = 12) -> str:
        text = " ".join(self.rng.choice(WORDS) for _ in range(words))
        return text.capitalize() + "."

    def paragraph(self, sentences: int) -> str:
        return " ".join(self.sentence(self.rng.randint(8, 16)) for _ in range(sentences))

    def markdown(self, paragraphs: int) -> str:
        parts = [self.paragraph(self.rng.randint(2, 4)) for _ in range(paragraphs)]
        bullets = "\n".join(f"- {self.sentence(5)}" for _ in range(3))
        return "\n\n".join([*parts, bullets])

    def uid(self) -> uuid.UUID:
        return uuid.UUID(int=self.rng.getrandbits(128), version=4)

    def names(self, count: int, *vocabularies: Sequence[str]) -> list[str]:
        """`count` distinct names drawn from the product of the vocabularies."""
        product = list(itertools.product(*vocabularies))
        picks = self.rng.sample(product, min(count, len(product)))
        names = [" ".join(words).replace("-", " ").capitalize() for words in picks]
        # Past the vocabulary's size, numbered variants keep names unique and searchable.
        for index in range(len(names), count):
            names.append(f"{names[index % len(product)]} type {index // len(product) + 1}")
        return names

    def skewed(self, population: Sequence, count: int) -> list:
        """Distinct picks where the first records are linked far more often, as in real data."""
        count = min(count, len(population))
        chosen: dict[int, None] = {}
        while len(chosen) < count:
            chosen[int(len(population) * self.rng.random() ** 2)] = None
        return [population[index] for index in chosen]

    def about(self, mean: int) -> int:
        return max(1, round(mean * self.rng.uniform(0.8, 1.2)))

    def insert(self, model: type[models.Model], objects: Iterable[models.Model]) -> list:
        created = model._default_manager.bulk_create(list(objects), batch_size=BATCH_SIZE)
        self.rows += len(created)
        return created

    def entities(self, model: type[m.ContentEntity], names: list[str], **extra) -> list:
        """Published records; `extra` maps a field to a choice list or a callable of the index."""
        records = []
        for index, name in enumerate(names):
            values = {
                field: choices(index) if callable(choices) else self.rng.choice(choices)
                for field, choices in extra.items()
            }
            records.append(
                model(
                    uid=self.uid(),
                    name=name,
                    slug=f"{slugify(name)}-{index + 1}",
                    synonyms="\n".join(self.sentence(2)[:-1].lower() for _ in range(2)),
                    summary=self.sentence(18),
                    body=self.markdown(3 if model is m.Symptom else 1),
                    status=m.ContentStatus.PUBLISHED,
                    published_at=PUBLISHED_AT,
                    reviewed_by=self.rng.choice(self.experts),
                    last_reviewed=LAST_REVIEWED,
                    next_review_due=NEXT_REVIEW_DUE,
                    **values,
                )
            )
        created = self.insert(model, records)
        through = model.sources.through
        self.insert(
            through,
            (
                through(**{f"{model._meta.model_name}_id": record.pk, "source_id": source.pk})
                for record in created
                for source in self.rng.sample(self.sources, 2)
            ),
        )
        return created

    def links(self, link_model, owners: list, owner_field: str, target_field: str, targets, mean):
        rows = []
        for owner in owners:
            for order, target in enumerate(self.skewed(targets, self.about(mean)), start=1):
                link = link_model(note=self.sentence(10), order=order)
                setattr(link, f"{owner_field}_id", owner.pk)
                setattr(link, f"{target_field}_id", target.pk)
                for name, choices in (("likelihood", m.Likelihood.values), ("first_contact", None)):
                    if any(f.name == name for f in link_model._meta.get_fields()):
                        value = order == 1 if choices is None else self.rng.choice(choices)
                        setattr(link, name, value)
                rows.append(link)
        self.insert(link_model, rows)

    def run(self) -> int:
        scale = self.scale
        self.experts = self.insert(
            m.Expert,
            (
                m.Expert(name=f"Dr {name}", slug=slugify(f"dr-{name}-{i}"), title="Neurologist")
                for i, name in enumerate(self.names(scale.experts, DESCRIPTORS, REGIONS))
            ),
        )
        self.sources = self.insert(
            m.Source,
            (
                m.Source(title=f"Review {i}: {self.sentence(6)}", publisher="Journal", url="")
                for i in range(max(scale.symptoms // 20, 20))
            ),
        )
        regions = self.entities(m.BodyRegion, self.names(scale.body_regions, REGIONS))
        foods = self.entities(m.DietarySource, self.names(scale.foods, DESCRIPTORS, WORDS))
        nutrients = self.entities(
            m.Nutrient, self.names(scale.nutrients, WORDS, ROOTS), role=lambda i: self.sentence()
        )
        self.links(m.NutrientSource, nutrients, "nutrient", "dietary_source", foods, 8)
        specialists = self.entities(
            m.Specialist,
            self.names(scale.specialists, ROOTS, ["specialist", "doctor"]),
            first_contact=lambda i: i == 0,
        )
        diagnostics = self.entities(
            m.Diagnostic,
            self.names(scale.diagnostics, ROOTS, WORDS, ["test", "scan"]),
            kind=m.Diagnostic.Kind.values,
        )
        treatments = self.entities(
            m.Treatment,
            self.names(scale.treatments, QUALIFIERS, WORDS, ["therapy", "tablets", "rub"]),
            kind=m.Treatment.Kind.values,
            evidence=m.Treatment.Evidence.values,
            prescription_required=[True, False],
        )
        causes = self.entities(
            m.Cause,
            self.names(scale.causes, QUALIFIERS, WORDS, ["excess", "deficiency"]),
            category=m.Cause.Category.values,
            nature=m.Cause.Nature.values,
        )
        conditions = self.entities(
            m.Condition,
            self.names(scale.conditions, QUALIFIERS, ROOTS, DISORDERS),
            category=m.Condition.Category.values,
        )
        self.codes(m.ConditionCode, "condition", conditions)
        self.links(m.ConditionTreatment, conditions, "condition", "treatment", treatments, 4)
        self.links(m.ConditionSpecialist, conditions, "condition", "specialist", specialists, 2)
        symptoms = self.entities(
            m.Symptom, self.names(scale.symptoms, DESCRIPTORS, REGIONS, PHENOMENA)
        )
        self.codes(m.SymptomCode, "symptom", symptoms)
        through = m.Symptom.body_regions.through
        self.insert(
            through,
            (
                through(symptom_id=symptom.pk, bodyregion_id=region.pk)
                for symptom in symptoms
                for region in self.rng.sample(regions, 2)
            ),
        )
        targets = {
            "conditions": (m.SymptomCondition, "condition", conditions),
            "causes": (m.SymptomCause, "cause", causes),
            "diagnostics": (m.SymptomDiagnostic, "diagnostic", diagnostics),
            "specialists": (m.SymptomSpecialist, "specialist", specialists),
            "treatments": (m.SymptomTreatment, "treatment", treatments),
            "nutrients": (m.SymptomNutrient, "nutrient", nutrients),
        }
        for kind, (link_model, field, records) in targets.items():
            self.links(link_model, symptoms, "symptom", field, records, LINKS_PER_SYMPTOM[kind])
        self.symptom_parts(symptoms)
        return self.rows

    def codes(self, model, owner_field: str, owners: list) -> None:
        """Well-formed, made-up codes: U is the ICD chapter kept for provisional use."""
        self.insert(
            model,
            (
                model(**{f"{owner_field}_id": owner.pk}, system=system, code=code)
                for owner in owners
                for system, code in (
                    ("ICD-10-CM", f"U{owner.pk // 10000 % 100:02d}.{owner.pk % 10000:04d}"),
                    ("SNOMED-CT", f"9{owner.pk:08d}"),
                )
            ),
        )

    def symptom_parts(self, symptoms: list[m.Symptom]) -> None:
        kinds = m.SectionText.Kind.values
        parts: dict[type[models.Model], list] = {
            m.SectionText: [],
            m.FAQEntry: [],
            m.SymptomType: [],
            m.Complication: [],
            m.RedFlag: [],
            m.ExpertOpinion: [],
        }
        for s in symptoms:
            for order, kind in enumerate(kinds[:5], start=1):
                parts[m.SectionText].append(
                    m.SectionText(
                        symptom_id=s.pk,
                        order=order,
                        kind=kind,
                        title=kind.replace("_", " "),
                        body=self.markdown(1),
                    )
                )
            for order, question in enumerate(self.rng.sample(FAQ_QUESTIONS, 4), start=1):
                parts[m.FAQEntry].append(
                    m.FAQEntry(
                        symptom_id=s.pk, order=order, question=question, answer=self.paragraph(2)
                    )
                )
            for order in (1, 2):
                parts[m.SymptomType].append(
                    m.SymptomType(
                        symptom_id=s.pk,
                        order=order,
                        name=self.sentence(3)[:-1],
                        description=self.sentence(),
                    )
                )
                parts[m.Complication].append(
                    m.Complication(
                        symptom_id=s.pk,
                        order=order,
                        name=self.sentence(3)[:-1],
                        description=self.sentence(),
                    )
                )
            for order in (1, 2, 3):
                parts[m.RedFlag].append(
                    m.RedFlag(symptom_id=s.pk, order=order, text=self.sentence(8))
                )
            parts[m.ExpertOpinion].append(
                m.ExpertOpinion(
                    symptom_id=s.pk,
                    order=1,
                    expert=self.rng.choice(self.experts),
                    text=self.paragraph(2),
                )
            )
        for model, rows in parts.items():
            self.insert(model, rows)


def content_tables() -> list[str]:
    """Every table of the content app, link and part tables included."""
    config = apps.get_app_config("symptoms")
    return [model._meta.db_table for model in config.get_models(include_auto_created=True)]


@transaction.atomic
def generate_content(*, symptoms: int, seed: int = 1, replace: bool = False) -> int:
    """Fill the database with a graph scaled to `symptoms`; returns the rows written."""
    if replace:
        # PostgreSQL refuses to truncate with foreign-key checks still pending in this
        # transaction: run them now.
        connection.check_constraints()
        flush = connection.ops.sql_flush(
            no_style(), content_tables(), reset_sequences=True, allow_cascade=True
        )
        connection.ops.execute_sql_flush(flush)
    elif m.Expert.objects.exists() or m.Symptom.objects.exists():
        raise ValueError("The database already has content; replace it explicitly.")
    rows = Generator(Scale.for_symptoms(symptoms), seed).run()
    # Bulk inserts send no signals: search and the caches of public output learn of it here.
    search_index.rebuild()
    versioning.bump()
    return rows
