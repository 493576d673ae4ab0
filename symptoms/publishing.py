"""The publishing workflow: every change of a record's status goes through here."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from symptoms.models import ContentEntity, ContentStatus


@transaction.atomic
def publish(record: ContentEntity, *, at: datetime.datetime | None = None) -> ContentEntity:
    """Make a record public, now or at `at`."""
    record.status = ContentStatus.PUBLISHED
    record.published_at = at or timezone.now()
    record.save(update_fields=["status", "published_at", "updated_at"])
    return record


@transaction.atomic
def archive(record: ContentEntity) -> ContentEntity:
    """Take a record out of public view; links to it disappear from the API with it."""
    record.status = ContentStatus.ARCHIVED
    record.save(update_fields=["status", "updated_at"])
    return record
