"""The scheduled half of the workflow: draft revisions go live when their time comes.

Run by the background worker on every pass and by `publish_scheduled`.
"""

from __future__ import annotations

import datetime
import logging

from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.utils import timezone

from symptoms.editorial import history, publishing
from symptoms.editorial.publishing import PUBLISHED
from symptoms.models import ContentEntity

logger = logging.getLogger(__name__)


def publish_due_revisions(*, now: datetime.datetime | None = None) -> list[ContentEntity]:
    """Put live the draft revisions whose scheduled publication time has come.

    Each in its own transaction: one that cannot be published goes back to draft with the
    reason in its history (so it is not retried on every run), and the others go live anyway.
    """
    now = now or timezone.now()
    live = []
    for model in history.content_models():
        due = model._base_manager.filter(
            revision_of__isnull=False, status=PUBLISHED, published_at__lte=now
        )
        for pk in due.values_list("pk", flat=True):
            try:
                with transaction.atomic():
                    published = _publish_due(model, pk, now=now)
            except Exception as error:
                logger.exception("Scheduled %s #%s not published", model._meta.model_name, pk)
                _send_back_to_draft(model, pk, error=error)
            else:
                live += [published] if published else []
    return live


def _publish_due(
    model: type[ContentEntity], pk: int, *, now: datetime.datetime
) -> ContentEntity | None:
    """Merge one due revision, unless it was handled meanwhile or its record is not live."""
    revision = model._base_manager.filter(pk=pk).first()
    if revision is None:
        return None
    # Originals are locked before their revisions, in the order archive locks them.
    original = publishing.locked(publishing.original_of(revision))
    due = model._base_manager.filter(pk=pk, status=PUBLISHED, published_at__lte=now)
    revision = due.select_for_update().first()
    if revision is None:
        return None
    if original.status != PUBLISHED:
        reason = f"the live record is {original.get_status_display().lower()}"
        publishing.cancel_scheduled_revision(original, by=AnonymousUser(), reason=reason)
        return None
    at = revision.published_at
    assert at is not None, revision  # due: published at a time not after now
    publishing.check_publishable(revision, at=at, now=now)
    comment = "Scheduled revision published."
    return publishing.merge_revision(revision, at=at, by=AnonymousUser(), comment=comment)


def _send_back_to_draft(model: type[ContentEntity], pk: int, *, error: Exception) -> None:
    if isinstance(error, publishing.WorkflowError):
        reason = str(error)
    else:
        reason = f"{type(error).__name__}: {error}"
    comment = f"Scheduled publication failed, sent back to draft: {reason}"
    try:
        with transaction.atomic():
            for revision in model._base_manager.select_for_update().filter(pk=pk, status=PUBLISHED):
                publishing.back_to_draft(revision, by=AnonymousUser(), comment=comment)
    except Exception:
        logger.exception("Scheduled %s #%s not sent back to draft", model._meta.model_name, pk)
