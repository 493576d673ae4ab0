"""Every content record's history (django-reversion): what is kept, how versions differ, revert."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

import reversion
from django.contrib.auth.models import AbstractBaseUser
from django.contrib.contenttypes.models import ContentType
from django.db import models
from reversion.models import Version

from symptoms.models import ContentEntity
from symptoms.models.relations import related_model

# Kept as they are when a record is reverted: the workflow, not the editor, sets these.
WORKFLOW_FIELDS = (
    "uid",
    "status",
    "published_at",
    "created_at",
    "version",
    "revision_of",
    "reviewed_by",
    "last_reviewed",
    "next_review_due",
)
UNCOMPARED_FIELDS = {"id", "uid", "created_at", "updated_at", "version", "revision_of"}


def content_models() -> list[type[ContentEntity]]:
    return ContentEntity.__subclasses__()


def owned_relations(model: type[models.Model]) -> list[models.ForeignObjectRel]:
    """Links and parts that belong to a record: deleted with it, edited inline with it."""
    return [
        rel
        for rel in model._meta.related_objects
        if rel.one_to_many and rel.on_delete is models.CASCADE
    ]


def plain_m2m_fields(model: type[models.Model]) -> list[models.ManyToManyField[Any, Any]]:
    """Many-to-many fields without a link model of their own (sources, body regions)."""
    return [
        f
        for f in model._meta.many_to_many
        if isinstance(f, models.ManyToManyField) and _through(f)._meta.auto_created
    ]


def _through(field: models.ManyToManyField[Any, Any]) -> type[models.Model]:
    through = field.remote_field.through
    assert through is not None, field
    return through


def register_models() -> None:
    """Version every content record together with its links and parts."""
    for model in content_models():
        if reversion.is_registered(model):
            continue
        relations = owned_relations(model)
        for rel in relations:
            if not reversion.is_registered(related_model(rel)):
                reversion.register(related_model(rel))
        reversion.register(model, follow=[rel.get_accessor_name() for rel in relations])


@dataclass(frozen=True)
class LastChange:
    user: AbstractBaseUser | None
    at: datetime.datetime
    comment: str

    def __str__(self) -> str:
        who = self.user.get_username() if self.user else "someone"
        return f"{who} at {self.at:%Y-%m-%d %H:%M} UTC"


def last_change(record: ContentEntity) -> LastChange | None:
    version = (
        Version.objects.get_for_object(record).select_related("revision__user").order_by("-pk")
    ).first()
    if version is None:
        return None
    revision = version.revision
    return LastChange(revision.user, revision.date_created, revision.get_comment())


def versions_of(record: ContentEntity) -> models.QuerySet[Version]:
    versions: models.QuerySet[Version] = Version.objects.get_for_object(record)
    return versions.select_related("revision__user").order_by("-pk")


def _child_versions(
    version: Version, model: type[ContentEntity]
) -> dict[str | None, list[Version]]:
    """The versions of a record's links and parts saved in the same revision, by relation."""
    children: dict[str | None, list[Version]] = {}
    for rel in owned_relations(model):
        content_type = ContentType.objects.get_for_model(related_model(rel))
        children[rel.get_accessor_name()] = [
            child
            for child in version.revision.version_set.filter(content_type=content_type)
            if str(child.field_dict[rel.field.attname]) == version.object_id
        ]
    return children


def _display(value: object) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def _describe_part(obj: models.Model, parent_field: str) -> str:
    values = []
    for f in obj._meta.concrete_fields:
        if f.primary_key or f.generated or f.name == parent_field:
            continue
        value = getattr(obj, f.name, None)
        if f.choices:
            value = dict(f.flatchoices).get(value, value)
        values.append(f"{f.verbose_name}: {_display(value)}")
    return "; ".join(values)


@dataclass
class Snapshot:
    """A record as editors read it: field values and its links and parts, as text."""

    fields: dict[str, str] = field(default_factory=dict)
    parts: dict[str, list[str]] = field(default_factory=dict)


def _fields_of(obj: ContentEntity, m2m_ids: dict[str, list[Any]]) -> dict[str, str]:
    shown: dict[str, str] = {}
    for f in obj._meta.concrete_fields:
        if f.name in UNCOMPARED_FIELDS or f.generated:
            continue
        value = getattr(obj, f.name, None) if not f.is_relation else None
        if f.is_relation:
            pk = getattr(obj, f.attname)
            value = related_model(f)._base_manager.filter(pk=pk).first() if pk else None
        elif f.choices:
            value = dict(f.flatchoices).get(value, value)
        shown[str(f.verbose_name)] = _display(value)
    for f in plain_m2m_fields(type(obj)):
        chosen = related_model(f)._base_manager.filter(pk__in=m2m_ids[f.name])
        names = sorted(str(o) for o in chosen)
        shown[str(f.verbose_name)] = ", ".join(names) or "—"
    return shown


def snapshot_of_version(version: Version) -> Snapshot:
    model = version._model
    deserialized = version._object_version
    m2m = {f.name: deserialized.m2m_data.get(f.name, []) for f in plain_m2m_fields(model)}
    snapshot = Snapshot(fields=_fields_of(deserialized.object, m2m))
    for rel in owned_relations(model):
        children = _child_versions(version, model)[rel.get_accessor_name()]
        snapshot.parts[str(related_model(rel)._meta.verbose_name)] = sorted(
            _describe_part(child._object_version.object, rel.field.name) for child in children
        )
    return snapshot


def snapshot_of_record(record: ContentEntity) -> Snapshot:
    m2m = {
        f.name: list(getattr(record, f.name).values_list("pk", flat=True))
        for f in plain_m2m_fields(type(record))
    }
    snapshot = Snapshot(fields=_fields_of(record, m2m))
    for rel in owned_relations(type(record)):
        children = related_model(rel)._base_manager.filter(**{rel.field.name: record})
        snapshot.parts[str(related_model(rel)._meta.verbose_name)] = sorted(
            _describe_part(child, rel.field.name) for child in children
        )
    return snapshot


@dataclass(frozen=True)
class Difference:
    label: str
    old: str
    new: str


def compare(old: Snapshot, new: Snapshot) -> list[Difference]:
    """Field by field, then link by link: what differs between two snapshots."""
    differences = [
        Difference(label, old.fields.get(label, "—"), value)
        for label, value in new.fields.items()
        if old.fields.get(label, "—") != value
    ]
    for label in new.parts.keys() | old.parts.keys():
        before, after = old.parts.get(label, []), new.parts.get(label, [])
        if before != after:
            removed = [line for line in before if line not in after]
            added = [line for line in after if line not in before]
            differences.append(Difference(label, "\n".join(removed), "\n".join(added)))
    return differences


def restore(record: ContentEntity, version: Version) -> None:
    """Put a record's content, links and parts back as `version` saved them."""
    model = type(record)
    kept = {name: getattr(record, _attname(model, name)) for name in WORKFLOW_FIELDS}
    if record.revision_of_id:
        kept["slug"] = record.slug
    children = _child_versions(version, model)
    for rel in owned_relations(model):
        keep_pks = [child.object_id for child in children[rel.get_accessor_name()]]
        related_model(rel)._base_manager.filter(**{rel.field.name: record}).exclude(
            pk__in=keep_pks
        ).delete()
    version.revert()
    for rel_children in children.values():
        for child in rel_children:
            child.revert()
    record.refresh_from_db()
    for name, value in kept.items():
        setattr(record, _attname(model, name), value)


def _attname(model: type[models.Model], name: str) -> str:
    """The attribute that holds a concrete field's value (the `_id` one for a relation)."""
    concrete = model._meta.get_field(name)
    assert isinstance(concrete, models.Field), concrete
    return concrete.attname
