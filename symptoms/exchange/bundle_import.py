"""Reading a content bundle into the database: checked field by field, all or nothing."""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterable
from typing import Any

import reversion
from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.db import models, transaction

from symptoms.editorial.publishing import DRAFT, User, permission_name
from symptoms.exchange.bundles import (
    ENTITIES,
    FORMAT,
    VERSION,
    BundleError,
    ImportSummary,
    child_relations,
    key_fields,
    plain_many,
    record_data,
    sorted_children,
    value_fields,
)
from symptoms.models import ContentEntity, Expert, Source
from symptoms.models.relations import related_model

# Set only by an import that publishes: otherwise new records are drafts, others keep theirs.
PUBLICATION_FIELDS = ["status", "published_at"]


def _kind(value: Any) -> str:
    """How JSON names the type of `value`, for error messages (never the value itself)."""
    if isinstance(value, bool):
        return "true/false"
    for types, name in [
        (str, "text"),
        (int | float, "a number"),
        (list, "a list"),
        (dict, "an object"),
    ]:
        if isinstance(value, types):
            return name
    return "null"


def _records(model: type[models.Model]) -> models.QuerySet:
    """Where a bundle's slugs are looked up: a content kind's originals, never draft revisions."""
    if issubclass(model, ContentEntity):
        return model.objects.originals()
    return model._default_manager.all()


def _own_field(model: type[models.Model], name: str) -> models.Field[Any, Any]:
    """A field the model itself declares (a bundle's keys name no reverse relations)."""
    field = model._meta.get_field(name)
    assert isinstance(field, models.Field), field
    return field


def _shown(value: Any) -> str:
    return value if isinstance(value, str) else f"<{_kind(value)}>"


def _expected(field: models.Field, value: Any) -> str | None:
    """What a bundle must give for `field` (the JSON type export_bundle writes), if not `value`.

    None is left to the field's own check, which knows whether the field may be empty.
    """
    if value is None:
        return None
    if isinstance(field, models.BooleanField):
        return None if isinstance(value, bool) else "true or false"
    if isinstance(field, models.IntegerField):
        return None if type(value) is int else "a whole number"
    return None if isinstance(value, str) else "text"


class _Importer:
    """Writes a bundle's records by slug, touching only what differs.

    Unless it publishes, new records are drafts and records under review or live are only
    left as they are: no text goes public without a review.
    """

    def __init__(self, *, by: User, publish: bool) -> None:
        self.summary = ImportSummary()
        self.by, self.publish = by, publish
        # Records already found, by model and slug (or a source's title and publisher): a
        # bundle names the same few records from many links.
        self.found: dict[tuple[type[models.Model], Any], models.Model] = {}

    def run(self, data: dict[str, Any]) -> ImportSummary:
        if data.get("format") != FORMAT:
            raise BundleError(
                f"bundle.format: expected '{FORMAT}', got {_shown(data.get('format'))!r}."
            )
        version = data.get("version")
        if type(version) is not int or version != VERSION:
            shown = version if type(version) is int else _shown(version)
            raise BundleError(
                f"bundle.version: version {shown!r} is not supported "
                f"(this platform reads version {VERSION})."
            )
        unknown = set(data) - {"format", "version", "sources", "experts", *dict(ENTITIES)}
        if unknown:
            raise BundleError(f"bundle.{sorted(unknown)[0]}: unknown section.")
        if self.publish:
            self.check_may_publish(data)
        for item in self.items(data, "sources"):
            label = f"sources[{_shown(item.get('title'))} ({_shown(item.get('publisher', ''))})]"
            lookup = {"title": item.get("title"), "publisher": item.get("publisher", "")}
            self.flat(Source, lookup, item, label)
        for item in self.items(data, "experts"):
            label = f"experts[{_shown(item.get('slug'))}]"
            self.flat(Expert, {"slug": item.get("slug")}, item, label)
        for key, model in ENTITIES:
            for item in self.items(data, key):
                self.entity(key, model, item)
        return self.summary

    def check_may_publish(self, data: dict[str, Any]) -> None:
        refused = [
            str(model._meta.verbose_name_plural)
            for key, model in ENTITIES
            if data.get(key) and not self.by.has_perm(permission_name(model, "publish"))
        ]
        if refused:
            raise BundleError(
                f"bundle: you may not publish {', '.join(refused)} (your role lacks the publish "
                "permission). Import without publishing: new records become drafts."
            )

    def items(self, data: dict[str, Any], key: str) -> list[dict[str, Any]]:
        value = data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            raise BundleError(f"bundle.{key}: must be a list of objects.")
        return value

    def check_keys(self, item: dict, allowed: set[str], label: str) -> None:
        unknown = sorted(set(item) - allowed)
        if unknown:
            raise BundleError(f"{label}.{unknown[0]}: unknown field.")

    def parse(self, field: models.Field, value: Any, where: str) -> Any:
        """The value as `field` keeps it, checked by the field itself (type, choices, length)."""
        expected = _expected(field, value)
        if expected:
            raise BundleError(f"{where}: must be {expected}, not {_kind(value)}.")
        try:
            if isinstance(value, str):
                value.encode("utf-8")  # JSON escapes can spell half a surrogate pair
                ProhibitNullCharactersValidator()(value)
            parsed = field.clean(value, None)
        except UnicodeEncodeError as error:
            raise BundleError(f"{where}: not valid Unicode text ({error.reason}).") from error
        except ValidationError as error:
            raise BundleError(f"{where}: {' '.join(error.messages)}") from error
        if isinstance(parsed, datetime.datetime) and parsed.tzinfo is None:
            raise BundleError(f"{where}: a date and time needs a time zone.")
        return parsed

    def parse_key(self, model: type[models.Model], values: dict, label: str) -> dict[str, Any]:
        """Checked values of the fields that find a record (its slug, a source's title)."""
        return {
            name: self.parse(_own_field(model, name), value, f"{label}.{name}")
            for name, value in values.items()
        }

    def lookup(self, model: type[models.Model], slug: Any, where: str) -> models.Model | None:
        if slug is None:
            return None
        slug = self.parse(_own_field(model, "slug"), slug, where)
        found = self.found.get((model, slug))
        if found is None:
            found = _records(model).filter(slug=slug).first()
            self.remember(found, (model, slug))
        if found is None:
            raise BundleError(f"{where}: no {model._meta.verbose_name} with the slug {slug!r}.")
        return found

    def assign(self, obj: models.Model, item: dict, label: str, skip: Iterable[str] = ()) -> None:
        model = type(obj)
        for field in value_fields(model, skip):
            if field.name in item:
                value = self.parse(field, item[field.name], f"{label}.{field.name}")
                setattr(obj, field.attname, value)
        for field in key_fields(model, skip):
            if field.name in item:
                where = f"{label}.{field.name}"
                setattr(obj, field.name, self.lookup(related_model(field), item[field.name], where))

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

    def write(
        self, obj: models.Model, item: dict, label: str, skip: Iterable[str] = ()
    ) -> tuple[bool, bool]:
        """Assign the item's own fields; save only if something differs. (created, changed)"""
        created = obj.pk is None
        before = None if created else record_data(obj)
        self.assign(obj, item, label, skip)
        changed = created or record_data(obj) != before
        if changed:
            self.save(obj, label)
        return created, changed

    def remember(self, record: models.Model | None, key: tuple[type[models.Model], Any]) -> None:
        if record is not None:
            self.found[key] = record

    def forget(self, record: models.Model) -> None:
        """Drop what was found of `record` under a slug it is about to lose."""
        model = type(record)
        for key in [k for k, kept in self.found.items() if k[0] is model and kept.pk == record.pk]:
            del self.found[key]

    def flat(self, model: type[models.Model], lookup: dict, item: dict, label: str) -> None:
        self.check_keys(item, {f.name for f in value_fields(model)}, label)
        found = model._default_manager.filter(**self.parse_key(model, lookup, label)).first()
        self.count(*self.write(found or model(), item, label))

    def find(self, model: type[ContentEntity], item: dict, label: str) -> ContentEntity:
        """By slug; a record renamed elsewhere is found by its stable ID."""
        slug = self.parse_key(model, {"slug": item.get("slug")}, label)
        found = _records(model).filter(**slug).first()
        if found is None and item.get("uid") is not None:
            uid = self.parse_key(model, {"uid": item["uid"]}, label)
            found = _records(model).filter(**uid).first()
            if found is not None:
                self.forget(found)
        return found or model()

    def entity(self, key: str, model: type[ContentEntity], item: dict) -> None:
        label = f"{key}[{_shown(item.get('slug'))}]"
        many = {f.name: f for f in plain_many(model)}
        children = {rel.get_accessor_name(): rel for rel in child_relations(model)}
        own = {f.name for f in [*value_fields(model), *key_fields(model)]}
        self.check_keys(item, own | set(many) | set(children), label)
        obj = self.find(model, item, label)
        skip = () if self.publish else PUBLICATION_FIELDS
        created, changed = self.write(obj, item, label, skip)
        self.remember(obj, (model, obj.slug))
        for name, field in many.items():
            if name in item:
                changed |= self.many(obj, field, item[name], f"{label}.{name}")
        for accessor, rel in children.items():
            if accessor in item:
                changed |= self.children(obj, rel, item[accessor], f"{label}.{accessor}")
        if changed and not created and not self.publish and obj.status != DRAFT:
            raise BundleError(
                f"{label}: is {obj.get_status_display().lower()} and the bundle changes it: "
                "only drafts take changes without a review. Import with publishing chosen "
                "(needs the publish permission), or edit a new revision of it instead."
            )
        if changed:
            reversion.add_to_revision(obj)  # with its links and parts as they are now
        self.count(created, changed)

    def many(
        self, obj: ContentEntity, field: models.ManyToManyField, value: Any, label: str
    ) -> bool:
        if not isinstance(value, list):
            raise BundleError(f"{label}: must be a list.")
        targets: list[models.Model] = []
        for entry in value:
            if field.related_model is Source:
                if not (isinstance(entry, list) and len(entry) == 2):
                    raise BundleError(f"{label}: each source is [title, publisher].")
                key = self.parse_key(Source, {"title": entry[0], "publisher": entry[1]}, label)
                source = self.found.get((Source, (key["title"], key["publisher"])))
                if source is None:
                    source = Source.objects.filter(**key).first()
                    self.remember(source, (Source, (key["title"], key["publisher"])))
                if source is None:
                    raise BundleError(
                        f"{label}: no source {key['title']!r} ({key['publisher']!r})."
                    )
                targets.append(source)
            else:
                target = self.lookup(related_model(field), entry, label)
                if target is None:
                    raise BundleError(f"{label}: each entry is a slug, not null.")
                targets.append(target)
        manager = getattr(obj, field.name)
        if {t.pk for t in targets} == set(manager.values_list("pk", flat=True)):
            return False
        manager.set(targets)
        return True

    def children(
        self, obj: ContentEntity, rel: models.ManyToOneRel, value: Any, label: str
    ) -> bool:
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            raise BundleError(f"{label}: must be a list of objects.")
        model, owner = related_model(rel), rel.field.name
        allowed = {f.name for f in [*value_fields(model), *key_fields(model, skip=[owner])]}
        built = []
        for position, item in enumerate(value):
            child_label = f"{label}[{position}]"
            self.check_keys(item, allowed, child_label)
            child = model(**{owner: obj})
            self.assign(child, item, child_label, skip=[owner])
            built.append((record_data(child, skip=[owner]), child_label, child))
        wanted = sorted_children([record for record, _, _ in built])
        targets = [f.name for f in key_fields(model, skip=[owner])]
        current = getattr(obj, rel.get_accessor_name()).select_related(*targets)
        if wanted == sorted_children([record_data(c, skip=[owner]) for c in current]):
            return False
        current.delete()
        order = {json.dumps(record, sort_keys=True): n for n, record in enumerate(wanted)}
        for _, child_label, child in sorted(
            built, key=lambda entry: order[json.dumps(entry[0], sort_keys=True)]
        ):
            self.save(child, child_label)
        return True


@transaction.atomic
def import_bundle(data: dict[str, Any], *, by: User, publish: bool = False) -> ImportSummary:
    """Create or update every record in the bundle by slug; on any error, change nothing.

    Only with `publish` (and `by`'s publish permission) are statuses taken from the bundle;
    otherwise new records are drafts. History records `by` and whether the import published.
    """
    with reversion.create_revision():
        summary = _Importer(by=by, publish=publish).run(data)
        if by.is_authenticated:
            reversion.set_user(by)
        action = "Imported and published" if publish else "Imported"
        reversion.set_comment(f"{action} from a content bundle.")
    return summary
