"""Content bundles: all content (or a symptom and what it links to) as versioned JSON, by slug."""

from __future__ import annotations

import datetime
import json
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction

from symptoms.models import (
    BodyRegion,
    Cause,
    Condition,
    ContentEntity,
    Diagnostic,
    DietarySource,
    Expert,
    Nutrient,
    Source,
    Specialist,
    Symptom,
    Treatment,
)
from symptoms.models.entities import MedicalCode
from symptoms.models.links import Link
from symptoms.models.symptom import SymptomPart

FORMAT = "healthcontent-bundle"
VERSION = 1
# In dependency order: a record's links only point to kinds listed before it.
ENTITIES: list[tuple[str, type[ContentEntity]]] = [
    ("body_regions", BodyRegion),
    ("dietary_sources", DietarySource),
    ("nutrients", Nutrient),
    ("specialists", Specialist),
    ("diagnostics", Diagnostic),
    ("treatments", Treatment),
    ("causes", Cause),
    ("conditions", Condition),
    ("symptoms", Symptom),
]
# Bookkeeping of this database, not content: each environment keeps its own.
LOCAL_FIELDS = {"id", "created_at", "updated_at", "version"}
CHILD_BASES = (Link, MedicalCode, SymptomPart)


class BundleError(ValueError):
    """A bundle that cannot be imported; the message names the record and the field."""


@dataclass
class ImportSummary:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def __str__(self) -> str:
        return f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged"


def _value_fields(model: type[models.Model], skip: Iterable[str] = ()) -> list[models.Field]:
    return [
        f
        for f in model._meta.concrete_fields
        if f.name not in LOCAL_FIELDS and f.name not in skip and not f.is_relation
    ]


def _key_fields(model: type[models.Model], skip: Iterable[str] = ()) -> list[models.ForeignKey]:
    """Foreign keys to records a bundle can name: experts and content records, by slug."""
    return [
        f
        for f in model._meta.concrete_fields
        if f.many_to_one
        and f.name not in skip
        and issubclass(f.related_model, (Expert, ContentEntity))
    ]


def _children(model: type[models.Model]) -> list[models.ManyToOneRel]:
    """Links, codes and parts owned by a record (deleted with it)."""
    return [
        rel
        for rel in model._meta.related_objects
        if rel.one_to_many
        and issubclass(rel.related_model, CHILD_BASES)
        and rel.on_delete is models.CASCADE
    ]


def _plain_many(model: type[models.Model]) -> list[models.ManyToManyField]:
    return [f for f in model._meta.many_to_many if f.remote_field.through._meta.auto_created]


def _dump(value: Any) -> Any:
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    return value


def _record(obj: models.Model, skip: Iterable[str] = ()) -> dict[str, Any]:
    data = {f.name: _dump(f.value_from_object(obj)) for f in _value_fields(type(obj), skip)}
    for f in _key_fields(type(obj), skip):
        target = getattr(obj, f.name)
        data[f.name] = target.slug if target is not None else None
    return data


def _sorted_children(items: list[dict]) -> list[dict]:
    return sorted(items, key=lambda item: (item.get("order", 0), json.dumps(item, sort_keys=True)))


def _entity(obj: ContentEntity) -> dict[str, Any]:
    data = _record(obj)
    for f in _plain_many(type(obj)):
        related = getattr(obj, f.name).all()
        if f.related_model is Source:
            data[f.name] = sorted([s.title, s.publisher] for s in related)
        else:
            data[f.name] = sorted(r.slug for r in related)
    for rel in _children(type(obj)):
        owned = getattr(obj, rel.get_accessor_name()).all()
        data[rel.get_accessor_name()] = _sorted_children(
            [_record(child, skip=[rel.field.name]) for child in owned]
        )
    return data


def _prefetch(model: type[ContentEntity]) -> list[str]:
    lookups = [f.name for f in _plain_many(model)]
    for rel in _children(model):
        accessor = rel.get_accessor_name()
        lookups.append(accessor)
        keys = _key_fields(rel.related_model, skip=[rel.field.name])
        lookups += [f"{accessor}__{f.name}" for f in keys]
    return lookups


def _references(obj: ContentEntity) -> Iterable[models.Model]:
    """Every expert, source and content record that `obj` names."""
    for f in _key_fields(type(obj)):
        if getattr(obj, f.name) is not None:
            yield getattr(obj, f.name)
    for f in _plain_many(type(obj)):
        yield from getattr(obj, f.name).all()
    for rel in _children(type(obj)):
        for child in getattr(obj, rel.get_accessor_name()).all():
            for f in _key_fields(rel.related_model, skip=[rel.field.name]):
                yield getattr(child, f.name)


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

    def rows(model: type[models.Model]) -> models.QuerySet:
        queryset = model.objects.all()
        return queryset if chosen is None else queryset.filter(pk__in=chosen.get(model, set()))

    bundle: dict[str, Any] = {"format": FORMAT, "version": VERSION}
    bundle["sources"] = [_record(s) for s in rows(Source).order_by("title", "publisher")]
    bundle["experts"] = [_record(e) for e in rows(Expert).order_by("slug")]
    for key, model in ENTITIES:
        queryset = rows(model).originals().select_related("reviewed_by")
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
    if not isinstance(data, dict):
        raise BundleError("bundle: must be a JSON object.")
    return data


class _Importer:
    """Writes a bundle's records by slug, touching only what differs."""

    def __init__(self) -> None:
        self.summary = ImportSummary()

    def run(self, data: dict[str, Any]) -> ImportSummary:
        if data.get("format") != FORMAT:
            raise BundleError(f"bundle.format: expected '{FORMAT}', got {data.get('format')!r}.")
        if data.get("version") != VERSION:
            raise BundleError(
                f"bundle.version: version {data.get('version')!r} is not supported "
                f"(this platform reads version {VERSION})."
            )
        unknown = set(data) - {"format", "version", "sources", "experts", *dict(ENTITIES)}
        if unknown:
            raise BundleError(f"bundle.{sorted(unknown)[0]}: unknown section.")
        for item in self.items(data, "sources"):
            label = f"sources[{item.get('title')!s} ({item.get('publisher', '')!s})]"
            lookup = {"title": item.get("title"), "publisher": item.get("publisher", "")}
            self.flat(Source, lookup, item, label)
        for item in self.items(data, "experts"):
            self.flat(Expert, {"slug": item.get("slug")}, item, f"experts[{item.get('slug')}]")
        for key, model in ENTITIES:
            for item in self.items(data, key):
                self.entity(key, model, item)
        return self.summary

    def items(self, data: dict[str, Any], key: str) -> list[dict[str, Any]]:
        value = data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            raise BundleError(f"bundle.{key}: must be a list of objects.")
        return value

    def check_keys(self, item: dict, allowed: set[str], label: str) -> None:
        unknown = sorted(set(item) - allowed)
        if unknown:
            raise BundleError(f"{label}.{unknown[0]}: unknown field.")

    def parse(self, field: models.Field, value: Any, label: str) -> Any:
        try:
            parsed = field.to_python(value)
        except ValidationError as error:
            raise BundleError(f"{label}.{field.name}: {' '.join(error.messages)}") from error
        if isinstance(parsed, datetime.datetime) and parsed.tzinfo is None:
            raise BundleError(f"{label}.{field.name}: a date and time needs a time zone.")
        return parsed

    def lookup(self, model: type[models.Model], slug: Any, label: str) -> models.Model | None:
        if slug is None:
            return None
        found = model.objects.filter(slug=str(slug)).first()
        if found is None:
            raise BundleError(f"{label}: no {model._meta.verbose_name} with the slug {slug!r}.")
        return found

    def assign(self, obj: models.Model, item: dict, label: str, skip: Iterable[str] = ()) -> None:
        model = type(obj)
        for field in _value_fields(model, skip):
            if field.name in item:
                setattr(obj, field.attname, self.parse(field, item[field.name], label))
        for field in _key_fields(model, skip):
            if field.name in item:
                target = self.lookup(field.related_model, item[field.name], f"{label}.{field.name}")
                setattr(obj, field.name, target)

    def save(self, obj: models.Model, label: str) -> None:
        try:
            obj.full_clean()
        except ValidationError as error:
            problems = [
                f"{label}.{name}: {message}" if name != "__all__" else f"{label}: {message}"
                for name, messages in error.message_dict.items()
                for message in messages
            ]
            raise BundleError(" ".join(problems)) from error
        obj.save()

    def count(self, created: bool, changed: bool) -> None:
        if created:
            self.summary.created += 1
        elif changed:
            self.summary.updated += 1
        else:
            self.summary.unchanged += 1

    def write(self, obj: models.Model, item: dict, label: str) -> tuple[bool, bool]:
        """Assign the item's own fields; save only if something differs. (created, changed)"""
        created = obj.pk is None
        before = None if created else _record(obj)
        self.assign(obj, item, label)
        changed = created or _record(obj) != before
        if changed:
            self.save(obj, label)
        return created, changed

    def flat(self, model: type[models.Model], lookup: dict, item: dict, label: str) -> None:
        self.check_keys(item, {f.name for f in _value_fields(model)}, label)
        self.count(*self.write(model.objects.filter(**lookup).first() or model(), item, label))

    def find(self, model: type[ContentEntity], item: dict, label: str) -> ContentEntity:
        """By slug; a record renamed elsewhere is found by its stable ID."""
        found = model.objects.filter(slug=str(item.get("slug"))).first()
        if found is None and item.get("uid"):
            uid = self.parse(model._meta.get_field("uid"), item["uid"], label)
            found = model.objects.filter(uid=uid).first()
        return found or model()

    def entity(self, key: str, model: type[ContentEntity], item: dict) -> None:
        label = f"{key}[{item.get('slug')}]"
        many = {f.name: f for f in _plain_many(model)}
        children = {rel.get_accessor_name(): rel for rel in _children(model)}
        own = {f.name for f in [*_value_fields(model), *_key_fields(model)]}
        self.check_keys(item, own | set(many) | set(children), label)
        obj = self.find(model, item, label)
        created, changed = self.write(obj, item, label)
        for name, field in many.items():
            if name in item:
                changed |= self.many(obj, field, item[name], f"{label}.{name}")
        for accessor, rel in children.items():
            if accessor in item:
                changed |= self.children(obj, rel, item[accessor], f"{label}.{accessor}")
        self.count(created, changed)

    def many(self, obj: ContentEntity, field: models.ManyToManyField, value: Any, label: str):
        if not isinstance(value, list):
            raise BundleError(f"{label}: must be a list.")
        targets = []
        for entry in value:
            if field.related_model is Source:
                if not (isinstance(entry, list) and len(entry) == 2):
                    raise BundleError(f"{label}: each source is [title, publisher].")
                source = Source.objects.filter(title=entry[0], publisher=entry[1]).first()
                if source is None:
                    raise BundleError(f"{label}: no source {entry[0]!r} ({entry[1]!r}).")
                targets.append(source)
            else:
                targets.append(self.lookup(field.related_model, entry, label))
        manager = getattr(obj, field.name)
        if {t.pk for t in targets} == set(manager.values_list("pk", flat=True)):
            return False
        manager.set(targets)
        return True

    def children(self, obj: ContentEntity, rel: models.ManyToOneRel, value: Any, label: str):
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            raise BundleError(f"{label}: must be a list of objects.")
        model, owner = rel.related_model, rel.field.name
        allowed = {f.name for f in [*_value_fields(model), *_key_fields(model, skip=[owner])]}
        built = []
        for position, item in enumerate(value):
            child_label = f"{label}[{position}]"
            self.check_keys(item, allowed, child_label)
            child = model(**{owner: obj})
            self.assign(child, item, child_label, skip=[owner])
            built.append((_record(child, skip=[owner]), child_label, child))
        wanted = _sorted_children([record for record, _, _ in built])
        current = getattr(obj, rel.get_accessor_name()).all()
        if wanted == _sorted_children([_record(c, skip=[owner]) for c in current]):
            return False
        current.delete()
        order = {json.dumps(record, sort_keys=True): n for n, record in enumerate(wanted)}
        for _, child_label, child in sorted(
            built, key=lambda entry: order[json.dumps(entry[0], sort_keys=True)]
        ):
            self.save(child, child_label)
        return True


@transaction.atomic
def import_bundle(data: dict[str, Any]) -> ImportSummary:
    """Create or update every record in the bundle by slug; on any error, change nothing."""
    return _Importer().run(data)
