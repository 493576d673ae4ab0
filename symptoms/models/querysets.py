"""Reading rules for content: what the public may see is defined here, once."""

from __future__ import annotations

import datetime
from typing import cast

from django.db import models
from django.utils import timezone


class ContentQuerySet(models.QuerySet):
    def published(self) -> ContentQuerySet:
        """Records the public may see: published, not scheduled for later, not a draft revision."""
        return self.filter(
            status="published", published_at__lte=timezone.now(), revision_of__isnull=True
        )

    def originals(self) -> ContentQuerySet:
        """Records other than draft revisions of a published record."""
        return self.filter(revision_of__isnull=True)

    def search(self, query: str) -> ContentQuerySet:
        """Published records the search engine finds for `query`, annotated with `rank`,
        most relevant first (see `symptoms.search.engine.rank_published`)."""
        from symptoms.search.engine import rank_published

        # rank_published narrows the queryset it is given, of the same class.
        return cast(ContentQuerySet, rank_published(self, query))

    def scheduled(self) -> ContentQuerySet:
        """Records published for a time still to come: they turn public without a save."""
        return self.filter(status="published", published_at__gt=timezone.now())

    def review_overdue(self, today: datetime.date | None = None) -> ContentQuerySet:
        return self.filter(next_review_due__lt=today or timezone.localdate())


class LinkQuerySet(models.QuerySet):
    def published(self, target: str) -> LinkQuerySet:
        """Links whose `target` record is public (the owning side is filtered by its own view)."""
        return self.filter(
            **{
                f"{target}__status": "published",
                f"{target}__published_at__lte": timezone.now(),
                f"{target}__revision_of__isnull": True,
            }
        )
