"""The search table as search reads it: the rows public now, and the hits made from them."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection, connections, router
from django.db.models import QuerySet
from django.utils import timezone

from symptoms import models as m
from symptoms.search.index import ENTITY_TYPES

# The columns of a hit's row, whichever database reads it.
COLUMNS = ("record_id", "uid", "slug", "name", "type", "rank", "sort_name", "snippet")


def on_postgresql() -> bool:
    """Whether search runs full text on PostgreSQL, or falls back to LIKE."""
    return connection.vendor == "postgresql"


def entries(types: Sequence[str] | None = None) -> QuerySet[m.SearchEntry]:
    """Rows of the search table the public may see now (see symptoms/search/index.py)."""
    visible = m.SearchEntry.objects.filter(published_at__lte=timezone.now())
    return (
        visible
        if types is None or set(types) == set(ENTITY_TYPES)
        else visible.filter(type__in=types)
    )


def run(sql: str, params: Mapping[str, Any] | Sequence[Any]) -> list[tuple[Any, ...]]:
    """The rows of a fixed statement, read where the search table is read."""
    with connections[router.db_for_read(m.SearchEntry)].cursor() as cursor:
        cursor.execute(sql, params)
        rows: list[tuple[Any, ...]] = cursor.fetchall()
        return rows


@dataclass(frozen=True)
class Hit:
    """One search result: which record, how relevant, and where the query matched."""

    type: str
    pk: int
    uid: str
    slug: str
    name: str
    rank: float
    snippet: str


def hit(row: Mapping[str, Any], mark: Callable[[str], str]) -> Hit:
    """The hit of one row of `COLUMNS`, its snippet marked up by `mark`."""
    return Hit(
        type=row["type"],
        pk=row["record_id"],
        uid=str(row["uid"]),
        slug=row["slug"],
        name=row["name"],
        rank=round(float(row["rank"]), 4),
        snippet=mark(row["snippet"]),
    )
