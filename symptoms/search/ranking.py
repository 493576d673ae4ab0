"""How PostgreSQL search ranks: tiers, weights and the exact-name bonus.

Names and synonyms (weight A) and summaries (B) are ranked with ts_rank on the short
vector, squashed below 1; a match on name or synonyms adds `NAMES_TIER`, an exact name
`EXACT_NAME_BONUS` more; matches on the body alone (C) rank 0. The search endpoint's
statements (symptoms/search/sql.py) and the lists' `search=` (`rank_by_tier`) rank alike.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db.models import Case, F, FloatField, OuterRef, Q, QuerySet, Subquery, Value, When

from symptoms.models.searchable import SEARCH_CONFIG
from symptoms.search.query import TextMatch
from symptoms.search.table import entries

EXACT_NAME_BONUS = 1.0
# Ranks of the names tier start here, above any summary match (ranked below 1).
NAMES_TIER = 2.0
# ts_rank's normalization 32: rank / (rank + 1), below 1 whatever the text.
SQUASHED = 32

_Rows = TypeVar("_Rows", bound=QuerySet[Any])


def exact_name_bonus(phrase: str) -> Case:
    return Case(
        When(name__iexact=phrase, then=Value(EXACT_NAME_BONUS)),
        default=Value(0.0),
        output_field=FloatField(),
    )


def rank_by_tier(published: _Rows, match: TextMatch, type_: str) -> _Rows:
    """The records of `published` (all of `type_`) that `match` finds in the search table,
    annotated with `rank` and ordered by it, then by name."""
    text = SearchQuery(match.words, search_type=match.search_type, config=SEARCH_CONFIG)
    rows = entries([type_])
    # Each match is looked up in its own GIN index (an OR across the join would read every
    # body), and only name and summary matches are ranked: body-only ones rank 0, as in
    # `search_content`, and are most of a common word's matches.
    ranked_ids = rows.filter(search_vector=text).values("record_id")
    body_ids = rows.filter(body__search_vector=text).values("record_id")
    ranked = SearchRank(F("search_vector"), text, normalization=Value(SQUASHED))
    tiered = Case(
        When(
            names_search_vector=text,
            then=ranked + exact_name_bonus(match.phrase) + Value(NAMES_TIER),
        ),
        default=ranked,
        output_field=FloatField(),
    )
    ranks = rows.filter(record_id=OuterRef("pk")).annotate(rank=tiered).values("rank")[:1]
    rank = Case(
        When(pk__in=ranked_ids, then=Subquery(ranks, output_field=FloatField())),
        default=Value(0.0),
        output_field=FloatField(),
    )
    return (
        published.filter(Q(pk__in=ranked_ids) | Q(pk__in=body_ids))
        .annotate(rank=rank)
        .order_by("-rank", "name", "pk")
    )
