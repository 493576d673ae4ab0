"""Edits made outside the change form (CSV rows) land in a draft, never in live text."""

from __future__ import annotations

from collections.abc import Iterable

import reversion
from django.db import transaction

from symptoms.editorial import publishing
from symptoms.editorial.publishing import User, WorkflowError
from symptoms.models import ContentEntity, ContentStatus


def draft_for(record: ContentEntity, *, by: User) -> ContentEntity:
    """The draft an edit of `record` goes to: the record itself while it is a draft; for a
    published record its draft revision, started now if it has none."""
    if record.status == ContentStatus.DRAFT:
        return record
    name = record._meta.verbose_name
    if record.status == ContentStatus.PUBLISHED and not record.revision_of_id:
        revision = publishing.revisions_of(record).first()
        if revision is None:
            return publishing.new_revision(record, by=by)
        if revision.status == ContentStatus.DRAFT:
            return revision
        raise WorkflowError(
            f"The {name} “{record}” has a revision that is "
            f"{revision.get_status_display().lower()}: it takes no edits until a reviewer "
            "requests changes or a publisher unpublishes it."
        )
    raise WorkflowError(
        f"The {name} “{record}” is {record.get_status_display().lower()}: only drafts and "
        "published records (through a draft revision) take edits."
    )


@transaction.atomic
def save_edit(
    edited: ContentEntity, fields: Iterable[str], *, by: User, comment: str
) -> ContentEntity:
    """Save `fields` of `edited` (a record changed in memory, not yet saved) through the
    workflow: a new record becomes a draft, a draft is updated, and a published record's
    changes go to its draft revision. Returns the draft that was saved."""
    with reversion.create_revision():
        if edited.pk is None:
            edited.status = ContentStatus.DRAFT
            draft = publishing.save_draft(edited, expected_version=None, by=by)
        else:
            stored = type(edited)._base_manager.select_for_update().get(pk=edited.pk)
            if stored.version != edited.version:
                raise publishing.StaleEditError(stored, expected_version=edited.version)
            draft = draft_for(stored, by=by)
            for name in fields:
                setattr(draft, name, getattr(edited, name))
            draft = publishing.save_draft(draft, expected_version=draft.version, by=by)
        if by.is_authenticated:
            reversion.set_user(by)
        reversion.set_comment(comment)
    return draft
