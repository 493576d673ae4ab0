"""Reverting a draft to an older version from its history, links and parts included."""

from __future__ import annotations

import reversion
from django.db import transaction
from reversion.models import Version

from symptoms.editorial import history
from symptoms.editorial.publishing import (
    User,
    WorkflowError,
    comment_for,
    is_editable,
    locked,
    permission_name,
    save_change,
)
from symptoms.models import ContentEntity


def _check_slug_is_free(record: ContentEntity, version: Version) -> None:
    """Slugs are unique: the version's slug may since have gone to another record."""
    slug = version.field_dict.get("slug")
    other = type(record)._base_manager.filter(slug=slug).exclude(pk=record.pk).first()
    if other is not None:
        raise WorkflowError(
            f"That version's slug “{slug}” now belongs to another {record._meta.verbose_name}, "
            f"“{other}”: change that record's slug first, or edit this draft by hand."
        )


@transaction.atomic
def revert(
    record: ContentEntity, *, version: Version, by: User, comment: str = ""
) -> ContentEntity:
    """Bring a draft's content, links included, back to an older version from its history."""
    record = locked(record)
    belongs: bool = version.object_id == str(record.pk) and version._model is type(record)
    if not belongs:
        raise WorkflowError("That version belongs to another record.")
    if not by.has_perm(permission_name(type(record), "change")):
        raise WorkflowError(f"You may not change {record._meta.verbose_name_plural}.")
    if not is_editable(record):
        raise WorkflowError(
            "Only a draft can be reverted: start a new revision (or unpublish) first, so the "
            "reverted text is reviewed before it goes live."
        )
    _check_slug_is_free(record, version)
    saved_at = version.revision.date_created
    with reversion.create_revision():
        history.restore(record, version)
        save_change(
            record,
            [f.name for f in record._meta.concrete_fields if not f.primary_key],
            by=by,
            comment=comment_for(
                f"Reverted to the version of {saved_at:%Y-%m-%d %H:%M} UTC", comment
            ),
        )
    return record
