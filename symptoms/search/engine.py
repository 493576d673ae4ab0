"""Search across every kind of content: the entry points, and PostgreSQL's tiered search."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cached_property
from typing import Any, Protocol

from django.db.models import FloatField, Value
from django.utils import timezone

from symptoms.models.querysets import ContentQuerySet
from symptoms.search import fallback, ranking, sql
from symptoms.search.index import ENTITY_TYPES, type_of
from symptoms.search.query import TextMatch, normalize_query
from symptoms.search.snippets import HEADLINE_PARAMETERS, marked
from symptoms.search.table import COLUMNS, Hit, hit, on_postgresql, run
from symptoms.search.typos import corrected_query

# Search counts and pages no further than this: beyond it, results are noise.
COUNT_LIMIT = 1000


class SearchResults(Protocol):
    """Published matches of every type asked for, best first; slice it to get a page."""

    def count(self) -> int: ...

    def __getitem__(self, page: slice) -> list[Hit]: ...


def search_content(query: str, *, types: Iterable[str] | None = None) -> SearchResults:
    """Search every published entity (or only `types`); slice the result to get a page."""
    query = normalize_query(query)
    wanted = None if types is None else set(types)
    searched = [type_ for type_ in ENTITY_TYPES if wanted is None or type_ in wanted]
    if not query or not searched:
        return _NoResults()
    if on_postgresql():
        return TieredResults(query, searched)
    return fallback.LikeResults(query, searched)


def rank_published(queryset: ContentQuerySet, query: str) -> ContentQuerySet:
    """The published records of `queryset` (one type's) that `search_content` finds for
    `query`, annotated with the same `rank` and in the same order, by name among equals:
    the lists' `search=`.

    Matches come from the search table, as the search endpoint's do: the words as typed, or
    their nearest names' words when nothing matches them (see `TieredResults.match`).
    """
    published = queryset.published()
    query = normalize_query(query)
    if not query:
        return _nothing(published)
    if not on_postgresql():
        return fallback.rank_by_likeness(published, query)
    type_ = type_of(queryset.model)
    match = TieredResults(query, [type_]).match
    if match is None:
        return _nothing(published)
    return ranking.rank_by_tier(published, match, type_)


def _nothing(published: ContentQuerySet) -> ContentQuerySet:
    nothing: ContentQuerySet = published.annotate(rank=Value(0.0, output_field=FloatField())).none()
    return nothing


class _NoResults:
    """What a blank query, or one for no type, finds: nothing, without a query."""

    def count(self) -> int:
        return 0

    def __getitem__(self, page: slice) -> list[Hit]:
        return []


class TieredResults:
    """Published matches on PostgreSQL, in tiers (see `sql.TieredSearch`), sliced lazily.

    All types share one table (`SearchEntry`), so a page reads one index however many
    types there are. The count stops at `COUNT_LIMIT`, and when no word matches as typed,
    each is widened to the words of names and synonyms nearest it (see symptoms/search/typos.py).
    """

    def __init__(self, query: str, types: list[str]) -> None:
        self.query = query
        self.types = types

    def _params(self, match: TextMatch) -> dict[str, Any]:
        return {
            "words": match.words,
            "phrase": match.phrase,
            "now": timezone.now(),
            "types": self.types,
            "cap": COUNT_LIMIT,
        }

    def _counts(self, match: TextMatch) -> list[int]:
        """Records of each tier matching `match`, counted up to `COUNT_LIMIT` in all."""
        [counts] = run(sql.TIERED_SEARCH[match.search_type].counts, self._params(match))
        return list(counts)

    @cached_property
    def _typed(self) -> TextMatch:
        return TextMatch("websearch", self.query, self.query)

    @cached_property
    def _typed_counts(self) -> list[int]:
        return self._counts(self._typed)

    @cached_property
    def match(self) -> TextMatch | None:
        """The words as typed; when nothing matches them, the nearest names' words."""
        if any(self._typed_counts):
            return self._typed
        return corrected_query(self.query)

    @cached_property
    def _tier_counts(self) -> list[int]:
        if any(self._typed_counts) or self.match is None:
            return self._typed_counts
        return self._counts(self.match)

    def count(self) -> int:
        return min(sum(self._tier_counts), COUNT_LIMIT)

    def __getitem__(self, page: slice) -> list[Hit]:
        """Tier by tier, each read only as far as the page needs.

        Names and summaries are ranked on the short vector (see symptoms/search/ranking.py);
        body-only matches follow with rank 0, by type and id.
        """
        if self.match is None:
            return []
        start = page.start or 0
        stop = min(page.stop or COUNT_LIMIT, COUNT_LIMIT)
        if stop <= start:
            return []
        names, summaries, _ = self._tier_counts
        page_params = {
            "limit": stop - start,
            "offset": start,
            "names": stop,
            "summaries": stop - names,
            "bodies": stop - names - summaries,
        }
        params = self._params(self.match) | page_params | HEADLINE_PARAMETERS
        # A later tier is read only when the earlier ones hold fewer rows than the page
        # needs; counts stop at `COUNT_LIMIT`, as pages do.
        statements = sql.TIERED_SEARCH[self.match.search_type]
        if names >= stop:
            statement = statements.names_page
        elif names + summaries >= stop:
            statement = statements.summaries_page
        else:
            statement = statements.bodies_page
        rows = run(statement, params)
        return [hit(dict(zip(COLUMNS, row, strict=True)), marked) for row in rows]
