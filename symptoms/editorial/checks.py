"""Content checks: what an editor must fix (errors) or look at (warnings) before readers do."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import combinations

from django.db import connection, models
from django.urls import reverse

from symptoms.editorial import history
from symptoms.exchange.importing.matching import record_keys
from symptoms.models import (
    ContentEntity,
    ContentStatus,
    Symptom,
    SymptomDiagnostic,
    SymptomSpecialist,
    Treatment,
)
from symptoms.models.links import Link
from symptoms.models.relations import related_model

ERROR = "error"
WARNING = "warning"
DUPLICATE_SIMILARITY = 0.7


@dataclass(frozen=True)
class Finding:
    severity: str
    check: str
    message: str
    record: models.Model

    @property
    def admin_url(self) -> str:
        meta = self.record._meta
        return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[self.record.pk])


def _content_models() -> list[type[ContentEntity]]:
    return [model for model in history.content_models() if not model._meta.abstract]


def _label(record: models.Model) -> str:
    return f"{record._meta.verbose_name} '{record}'"


def _content_model(model: type[models.Model]) -> type[ContentEntity]:
    assert issubclass(model, ContentEntity), model
    return model


def _unpublished(model: type[ContentEntity]) -> models.QuerySet[ContentEntity]:
    return model.objects.exclude(pk__in=model.objects.published().values("pk"))


def missing_essentials() -> Iterator[Finding]:
    """Published symptoms without a specialist, a diagnostic test or a source."""
    public = Symptom.objects.published()
    for link_model, target in [
        (SymptomSpecialist, "specialist"),
        (SymptomDiagnostic, "diagnostic"),
    ]:
        linked = link_model.objects.published(target).values("symptom")
        for symptom in public.exclude(pk__in=linked):
            yield Finding(
                ERROR,
                f"missing-{target}",
                f"Published {_label(symptom)} has no published {target}.",
                symptom,
            )
    for symptom in public.filter(sources__isnull=True):
        yield Finding(
            ERROR, "missing-source", f"Published {_label(symptom)} cites no source.", symptom
        )


def links_to_unpublished() -> Iterator[Finding]:
    """Published records that link to drafts, records in review or archived records."""
    for link_model in Link.__subclasses__():
        fks = [f for f in link_model._meta.concrete_fields if f.many_to_one]
        owner = next(
            f for f in fks if f.remote_field and f.remote_field.on_delete is models.CASCADE
        )
        target = next(f for f in fks if f is not owner)
        owners = _content_model(related_model(owner))
        links = (
            link_model.objects.filter(**{f"{owner.name}__in": owners.objects.published()})
            .filter(**{f"{target.name}__in": _unpublished(_content_model(related_model(target)))})
            .select_related(owner.name, target.name)
        )
        for link in links:
            yield _unpublished_link(getattr(link, owner.name), getattr(link, target.name))
    for model in _content_models():
        for field in model._meta.many_to_many:
            if field not in history.plain_m2m_fields(model):
                continue
            if not issubclass(related_model(field), ContentEntity):
                continue
            hidden = _unpublished(_content_model(related_model(field)))
            for record in (
                model.objects.published().filter(**{f"{field.name}__in": hidden}).distinct()
            ):
                for linked in getattr(record, field.name).filter(pk__in=hidden.values("pk")):
                    yield _unpublished_link(record, linked)


def _unpublished_link(owner: ContentEntity, target: ContentEntity) -> Finding:
    state = ContentStatus(target.status).label.lower()
    if target.status == ContentStatus.PUBLISHED:
        state = "scheduled for later"
    return Finding(
        ERROR,
        "links-to-unpublished",
        f"Published {_label(owner)} links to {_label(target)}, which is {state}.",
        owner,
    )


def review_overdue(today: datetime.date | None = None) -> Iterator[Finding]:
    for model in _content_models():
        overdue = model.objects.review_overdue(today).exclude(status=ContentStatus.ARCHIVED)
        for record in overdue:
            yield Finding(
                WARNING,
                "review-overdue",
                f"The medical review of {_label(record)} was due on {record.next_review_due}.",
                record,
            )


def likely_duplicates() -> Iterator[Finding]:
    """Pairs that share a name, synonym or abbreviation, or (PostgreSQL) have similar names."""
    for model in _content_models():
        records = {r.pk: r for r in model.objects.exclude(status=ContentStatus.ARCHIVED)}
        by_key: dict[str, list[int]] = {}
        for record in records.values():
            for key in record_keys(record):
                by_key.setdefault(key, []).append(record.pk)
        pairs: dict[tuple[int, int], str] = {}
        for key, pks in sorted(by_key.items()):
            for pair in combinations(sorted(set(pks)), 2):
                pairs.setdefault(pair, f"both are known as '{key}'")
        for a, b, score in _similar_names(model):
            pairs.setdefault((a, b), f"their names are {score:.0%} similar")
        for (a, b), reason in sorted(pairs.items()):
            first, second = records[a], records[b]
            yield Finding(
                WARNING,
                "likely-duplicate",
                f"{_label(first)} and '{second}' look like the same record: {reason}.",
                first,
            )


def _similar_names(model: type[ContentEntity]) -> list[tuple[int, int, float]]:
    if connection.vendor != "postgresql":
        return []
    table = connection.ops.quote_name(model._meta.db_table)
    sql = (
        f"SELECT a.id, b.id, similarity(a.name, b.name) FROM {table} a "
        f"JOIN {table} b ON a.id < b.id "
        "WHERE a.status <> %s AND b.status <> %s AND similarity(a.name, b.name) >= %s"
    )
    archived = ContentStatus.ARCHIVED.value
    with connection.cursor() as cursor:
        cursor.execute(sql, [archived, archived, DUPLICATE_SIMILARITY])
        return [(a, b, float(score)) for a, b, score in cursor.fetchall()]


def unsafe_treatments() -> Iterator[Finding]:
    """Traditional remedies and treatments without evidence must carry a safety warning."""
    risky = Treatment.objects.filter(
        models.Q(kind=Treatment.Kind.TRADITIONAL) | models.Q(evidence=Treatment.Evidence.NONE)
    ).exclude(status=ContentStatus.ARCHIVED)
    for treatment in risky:
        if not treatment.safety_warning.strip():
            why = treatment.get_kind_display().lower()
            if treatment.evidence == Treatment.Evidence.NONE:
                why = "without evidence"
            yield Finding(
                ERROR,
                "missing-safety-warning",
                f"{_label(treatment).capitalize()} ({why}) has no safety warning.",
                treatment,
            )


def check_content(today: datetime.date | None = None) -> list[Finding]:
    """Every finding, errors first."""
    findings = [
        *missing_essentials(),
        *links_to_unpublished(),
        *unsafe_treatments(),
        *review_overdue(today),
        *likely_duplicates(),
    ]
    return sorted(findings, key=lambda f: f.severity != ERROR)
