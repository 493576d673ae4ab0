"""Sources and experts are shared by many records, so a change to one changes each of them.

The rule: a source or expert that content in review or published (scheduled included) cites,
is reviewed by or quotes is part of that content, so changing or deleting it needs the
publish permission for each kind of content that uses it, as publishing a changed record
would. One that no such content uses (only drafts or archived records, or nothing) stays
editable by everyone with the change permission.
"""

from __future__ import annotations

from django.db.models import Q

from symptoms.editorial import history
from symptoms.editorial.publishing import User, WorkflowError, permission_name
from symptoms.models import ContentEntity, ContentStatus, Expert, Source
from symptoms.models.relations import related_model

SharedRecord = Source | Expert
# In review: what the reviewer approves must be what goes live.
GUARDED_STATUSES = (ContentStatus.IN_REVIEW, ContentStatus.PUBLISHED)


def _used_by(model: type[ContentEntity], record: SharedRecord) -> Q:
    if isinstance(record, Source):
        return Q(sources=record)
    uses = Q(reviewed_by=record)
    for rel in history.owned_relations(model):
        for field in related_model(rel)._meta.concrete_fields:
            if field.is_relation and field.related_model is Expert:
                uses |= Q(**{f"{rel.field.related_query_name()}__{field.name}": record})
    return uses


def _guarded(model: type[ContentEntity], record: SharedRecord) -> bool:
    """Whether content of `model` in review or published uses `record`."""
    in_use = model._base_manager.filter(_used_by(model, record), status__in=GUARDED_STATUSES)
    return record.pk is not None and in_use.exists()


def refusal(record: SharedRecord, user: User) -> str | None:
    """Why `user` may not change or delete `record`, or None when they may."""
    missing = [
        model
        for model in history.content_models()
        if not user.has_perm(permission_name(model, "publish")) and _guarded(model, record)
    ]
    if not missing:
        return None
    kinds = ", ".join(str(model._meta.verbose_name_plural) for model in missing)
    name = record._meta.verbose_name
    return (
        f"The {name} “{record}” is used by {kinds} in review or published: a change to it "
        f"would reach them without review, so it needs the permission to publish {kinds}. "
        f"Ask a publisher, or add a new {name} and use it in a draft."
    )


def may_change(record: SharedRecord, user: User) -> bool:
    return refusal(record, user) is None


def check_change(record: SharedRecord, user: User) -> None:
    """Refuse a change or deletion of `record` that would bypass review."""
    reason = refusal(record, user)
    if reason:
        raise WorkflowError(reason)
