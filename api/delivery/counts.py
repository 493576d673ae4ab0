"""The counts of public lists, kept per process by filter set and public version.

Every page of a list repeats its count, and a count reads every match: at 10,000 symptoms
it was a fifth of a page's time, and the only part that grew with the table. Pages of one
filter set share it until the public version moves (api.delivery's rule): a draft edit
keeps every count.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from django.db.models import QuerySet
from rest_framework.request import Request

# Parameters that choose the page or its shape, not which records it counts.
PAGE_PARAMETERS = {"limit", "offset", "fields", "format"}

CountKey = tuple[tuple[int, int], str, tuple[tuple[str, str], ...]]


class CountCache:
    """Counts by (public version, path, filters), least recently used dropped first."""

    def __init__(self, max_entries: int = 1024) -> None:
        self.max_entries = max_entries
        self.entries: OrderedDict[CountKey, int] = OrderedDict()

    def count(self, key: CountKey | None, queryset: QuerySet[Any]) -> int:
        if key is None:
            return queryset.count()
        count = self.entries.get(key)
        if count is None:
            count = self.entries[key] = queryset.count()
            while len(self.entries) > self.max_entries:
                self.entries.popitem(last=False)
        self.entries.move_to_end(key)
        return count


COUNTS = CountCache()


def count_key(request: Request, view: Any) -> CountKey | None:
    """The list and its filters at the public version the view read; None when the list
    shows anything but public content (nothing to share)."""
    version = getattr(view, "content_version", None)
    if version is None:
        return None
    query = request.query_params
    filters = sorted((name, query[name]) for name in query if name not in PAGE_PARAMETERS)
    return (version.key, request.path, tuple(filters))
