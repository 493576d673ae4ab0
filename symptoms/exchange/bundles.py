"""Content bundles: all content (or a symptom and what it links to) as versioned JSON, by slug."""

from __future__ import annotations

import datetime
import json
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db import models

from symptoms import kinds
from symptoms.models import ContentEntity, Expert, Source, Symptom
from symptoms.models.entities import MedicalCode
from symptoms.models.links import Link
from symptoms.models.relations import related_model, through_model
from symptoms.models.symptom import SymptomPart

FORMAT = "healthcontent-bundle"
VERSION = 1
# (section, model) of each kind, in link order: a record's links only point to kinds listed
# before it. A section is its kind's public name in the plural.
ENTITIES: list[tuple[str, type[ContentEntity]]] = [
    (kind.bundle_key, kind.model) for kind in kinds.in_link_order()
]
# Bookkeeping of this database, not content: each environment keeps its own.
LOCAL_FIELDS = {"id", "created_at", "updated_at", "version"}
CHILD_BASES = (Link, MedicalCode, SymptomPart)
_Rows = TypeVar("_Rows", bound=models.QuerySet[Any])


class BundleError(ValueError):
    """A bundle that cannot be imported; the message names the record and the field."""

    def __init__(self, message: str) -> None:
        # Messages quote the bundle, whose JSON escapes can spell half a surrogate pair:
        # kept as an escape, so the message can still be written out as UTF-8.
        super().__init__(message.encode("utf-8", "backslashreplace").decode("utf-8"))


@dataclass
class ImportSummary:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def __str__(self) -> str:
        return f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged"


def value_fields(model: type[models.Model], skip: Iterable[str] = ()) -> list[models.Field]:
    return [
        f
        for f in model._meta.concrete_fields
        if f.name not in LOCAL_FIELDS and f.name not in skip and not f.is_relation
    ]


def key_fields(model: type[models.Model], skip: Iterable[str] = ()) -> list[models.ForeignKey]:
    """Foreign keys to records a bundle can name: experts and content records, by slug."""
    return [
        f
        for f in model._meta.concrete_fields
        if isinstance(f, models.ForeignKey)
        and f.many_to_one
        and f.name not in skip
        and issubclass(related_model(f), (Expert, ContentEntity))
    ]


def child_relations(model: type[models.Model]) -> list[models.ManyToOneRel]:
    """Links, codes and parts owned by a record (deleted with it)."""
    return [
        rel
        for rel in model._meta.related_objects
        if isinstance(rel, models.ManyToOneRel)
        and rel.one_to_many
        and issubclass(related_model(rel), CHILD_BASES)
        and rel.on_delete is models.CASCADE
    ]


def plain_many(model: type[models.Model]) -> list[models.ManyToManyField]:
    return [
        f
        for f in model._meta.many_to_many
        if isinstance(f, models.ManyToManyField) and through_model(f)._meta.auto_created
    ]


def _dump(value: Any) -> Any:
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    return value


def record_data(obj: models.Model, skip: Iterable[str] = ()) -> dict[str, Any]:
    data = {f.name: _dump(f.value_from_object(obj)) for f in value_fields(type(obj), skip)}
    for f in key_fields(type(obj), skip):
        target = getattr(obj, f.name)
        data[f.name] = target.slug if target is not None else None
    return data


def sorted_children(items: list[dict]) -> list[dict]:
    return sorted(items, key=lambda item: (item.get("order", 0), json.dumps(item, sort_keys=True)))


def _entity(obj: ContentEntity) -> dict[str, Any]:
    data = record_data(obj)
    for f in plain_many(type(obj)):
        related = getattr(obj, f.name).all()
        if f.related_model is Source:
            data[f.name] = sorted([s.title, s.publisher] for s in related)
        else:
            data[f.name] = sorted(r.slug for r in related)
    for rel in child_relations(type(obj)):
        owned = getattr(obj, rel.get_accessor_name()).all()
        data[rel.get_accessor_name()] = sorted_children(
            [record_data(child, skip=[rel.field.name]) for child in owned]
        )
    return data


def _prefetch(model: type[ContentEntity]) -> list[str]:
    lookups = [f.name for f in plain_many(model)]
    for rel in child_relations(model):
        accessor = rel.get_accessor_name()
        lookups.append(accessor)
        keys = key_fields(related_model(rel), skip=[rel.field.name])
        lookups += [f"{accessor}__{f.name}" for f in keys]
    return lookups


def _references(obj: ContentEntity) -> Iterable[models.Model]:
    """Every expert, source and content record that `obj` names."""
    for key in key_fields(type(obj)):
        if getattr(obj, key.name) is not None:
            yield getattr(obj, key.name)
    for many in plain_many(type(obj)):
        yield from getattr(obj, many.name).all()
    for rel in child_relations(type(obj)):
        for child in getattr(obj, rel.get_accessor_name()).all():
            for key in key_fields(related_model(rel), skip=[rel.field.name]):
                yield getattr(child, key.name)


def _symptoms(slugs: Iterable[str]) -> list[Symptom]:
    slugs = list(slugs)
    symptoms = list(Symptom.objects.filter(slug__in=slugs))
    missing = sorted(set(slugs) - {s.slug for s in symptoms})
    if missing:
        raise BundleError(f"No symptom with the slug: {', '.join(missing)}.")
    return symptoms


def _selection(records: Iterable[ContentEntity]) -> dict[type[models.Model], set[int]]:
    """The records with everything they link to, and the experts and sources they name."""
    chosen: dict[type[models.Model], set[int]] = {}
    queue: list[models.Model] = list(records)
    while queue:
        obj = queue.pop()
        if obj.pk in chosen.setdefault(type(obj), set()):
            continue
        chosen[type(obj)].add(obj.pk)
        if isinstance(obj, ContentEntity):
            queue.extend(_references(obj))
    return chosen


def export_bundle(
    *, symptoms: Iterable[str] | None = None, records: Iterable[ContentEntity] | None = None
) -> dict[str, Any]:
    """All content, or chosen records (symptoms by slug) with all they link to, by slug."""
    chosen = None
    if symptoms is not None or records is not None:
        chosen = _selection([*_symptoms(symptoms or []), *(records or [])])

    def rows(queryset: _Rows) -> _Rows:
        if chosen is None:
            return queryset
        return queryset.filter(pk__in=chosen.get(queryset.model, set()))

    bundle: dict[str, Any] = {"format": FORMAT, "version": VERSION}
    sources = rows(Source.objects.all()).order_by("title", "publisher")
    bundle["sources"] = [record_data(s) for s in sources]
    bundle["experts"] = [record_data(e) for e in rows(Expert.objects.all()).order_by("slug")]
    for key, model in ENTITIES:
        queryset = rows(model.objects.all()).originals().select_related("reviewed_by")
        queryset = queryset.prefetch_related(*_prefetch(model))
        bundle[key] = [_entity(obj) for obj in queryset.order_by("slug")]
    return bundle


def dumps(bundle: dict[str, Any]) -> str:
    """The bundle as text; the same content always gives the same bytes."""
    return json.dumps(bundle, indent=2, ensure_ascii=False) + "\n"


def loads(text: str | bytes) -> dict[str, Any]:
    try:
        data = json.loads(text)
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise BundleError(f"bundle: not valid JSON ({error}).") from error
    except RecursionError as error:
        raise BundleError("bundle: nested too deeply to be a content bundle.") from error
    if not isinstance(data, dict):
        raise BundleError("bundle: must be a JSON object.")
    return data
