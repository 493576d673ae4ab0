"""Search without full text, for SQLite (the embedded default): LIKE on names and summaries.

Every word must be in the name, the synonyms or the summary, case-insensitively; exact
names come first, then names that start with the query, then other name, synonym and
summary matches. Snippets are cut and marked in Python (`snippets.highlight`).
"""

from __future__ import annotations

from functools import partial
from typing import Any, TypeVar

from django.db.models import Case, F, FloatField, Q, QuerySet, Value, When
from django.db.models.functions import Upper

from symptoms.search.snippets import SUMMARY_OR_NAME, highlight
from symptoms.search.table import COLUMNS, Hit, entries, hit

_Rows = TypeVar("_Rows", bound=QuerySet[Any])


def rank_by_likeness(queryset: _Rows, query: str) -> _Rows:
    """Records of `queryset` holding every word of `query` in their name, synonyms or
    summary, annotated with `rank` and ordered by it, then by name."""
    every_word = Q()
    for word in query.split():
        every_word &= (
            Q(name__icontains=word) | Q(synonyms__icontains=word) | Q(summary__icontains=word)
        )
    return (
        queryset.filter(every_word)
        .annotate(
            rank=Case(
                When(name__iexact=query, then=Value(1.0)),
                When(name__istartswith=query, then=Value(0.8)),
                When(name__icontains=query, then=Value(0.6)),
                When(synonyms__icontains=query, then=Value(0.5)),
                When(summary__icontains=query, then=Value(0.3)),
                default=Value(0.1),
                output_field=FloatField(),
            )
        )
        .order_by("-rank", "name", "pk")
    )


class LikeResults:
    """Published matches of `types` (a non-empty query), best first, one page at a time."""

    def __init__(self, query: str, types: list[str]) -> None:
        self.query = query
        self.types = types

    def _rows(self) -> QuerySet[Any, dict[str, Any]]:
        rows: QuerySet[Any, dict[str, Any]] = (
            rank_by_likeness(entries(self.types), self.query)
            .annotate(sort_name=F("name"), snippet=SUMMARY_OR_NAME)
            .values(*COLUMNS)
        )
        return rows

    def count(self) -> int:
        return self._rows().count()

    def __getitem__(self, page: slice) -> list[Hit]:
        rows = self._rows().order_by("-rank", "name", "type", "record_id")[page]
        mark = partial(highlight, query=self.query)
        return [hit(row, mark) for row in rows]


def names_starting(prefix: str, limit: int) -> list[tuple[str, str, str]]:
    """(type, slug, name) of the first `limit` public names starting with `prefix`, by name."""
    return list(
        entries()
        .annotate(key=Upper("name"))
        .filter(name__istartswith=prefix)
        .order_by("key", "name", "type")
        .values_list("type", "slug", "name")[:limit]
    )
