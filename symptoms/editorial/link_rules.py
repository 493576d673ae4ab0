"""Links point at original records only: what the workflow checks before it publishes.

A link to a draft revision would show a record that is never public, and would block that
revision's publication (publishing deletes the revision). Each link's target field declares
the rule (`limit_choices_to=ORIGINALS`, see `symptoms.models.links`); this module reads it
back, so that the forms and these checks cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db import models

from symptoms.editorial import history
from symptoms.models import ContentEntity
from symptoms.models.relations import related_model


def _rule(field: models.Field[Any, Any]) -> dict[str, Any]:
    """The field's `limit_choices_to`: a dict of lookups for every link field here."""
    rule = field.remote_field.limit_choices_to if field.remote_field else None
    assert rule is None or isinstance(rule, dict), rule
    return rule or {}


def _under(field_name: str, rule: dict[str, Any]) -> dict[str, Any]:
    """`rule` (lookups on the target record) as lookups on the rows pointing at it."""
    return {f"{field_name}__{lookup}": value for lookup, value in rule.items()}


def _described(record: ContentEntity) -> str:
    return f"{record._meta.verbose_name} “{record}” ({record.slug})"


def targets_outside_rule(record: ContentEntity) -> Iterator[ContentEntity]:
    """The records `record` links to that a link may not point at (draft revisions)."""
    model = type(record)
    for rel in history.owned_relations(model):
        for target in related_model(rel)._meta.concrete_fields:
            if target.is_relation and _rule(target):
                links = related_model(rel)._base_manager.filter(**{rel.field.name: record})
                bad = links.exclude(**_under(target.name, _rule(target)))
                yield from (getattr(link, target.name) for link in bad.select_related(target.name))
    for field in history.plain_m2m_fields(model):
        if _rule(field):
            yield from getattr(record, field.name).exclude(**_rule(field))


def records_linking_to(record: ContentEntity) -> Iterator[models.Model]:
    """The links (or records, for plain many-to-many fields) that point at `record`."""
    for rel in type(record)._meta.related_objects:
        if not _rule(rel.field):
            continue
        yield from related_model(rel)._base_manager.filter(**{rel.field.name: record})


def problems(record: ContentEntity) -> list[str]:
    """Why `record` cannot be published because of its links; empty when it can."""
    found = []
    bad_targets = [_described(target) for target in targets_outside_rule(record)]
    if bad_targets:
        found.append(
            f"“{record}” links to draft revisions, which are never public: "
            f"{', '.join(bad_targets)}. Link to the live records instead."
        )
    if record.revision_of_id:
        linking = [f"{row._meta.verbose_name} “{row}”" for row in records_linking_to(record)]
        if linking:
            found.append(
                f"Other records link to this draft revision instead of to “{record.revision_of}”: "
                f"{', '.join(linking)}. Point those links at the live record first."
            )
    return found
