"""Search across every kind of content: full text, synonyms and typos, ranked by relevance."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    TrigramSimilarity,
    TrigramWordSimilarity,
)
from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    F,
    FloatField,
    Func,
    Q,
    QuerySet,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest, NullIf, Replace, Upper

from symptoms import models as m
from symptoms.models.searchable import SEARCH_CONFIG

MAX_QUERY_LENGTH = 200
SUGGEST_LIMIT = 10
# Search counts and pages no further than this: beyond it, results are noise.
COUNT_LIMIT = 1000
# Records per entity type ranked by trigram similarity when no word matches as typed.
TYPO_CANDIDATES = 200

# Keyed by the `type` API clients filter on; the order breaks ties between equal ranks.
ENTITY_TYPES: dict[str, type[m.ContentEntity]] = {
    "symptom": m.Symptom,
    "condition": m.Condition,
    "cause": m.Cause,
    "diagnostic": m.Diagnostic,
    "specialist": m.Specialist,
    "treatment": m.Treatment,
    "nutrient": m.Nutrient,
    "dietary_source": m.DietarySource,
    "body_region": m.BodyRegion,
}

# ts_headline marks matches with these private-use characters so that the text can be
# HTML-escaped afterwards without escaping the <mark> tags themselves; angle brackets are
# swapped out before, since ts_headline would drop anything that looks like an HTML tag.
_MARK_START, _MARK_STOP, _LESS, _GREATER = "\ue000", "\ue001", "\ue002", "\ue003"

# Closeness of the whole name to the query: "magnesim" is nearer "Magnesium" than
# "Magnesium deficiency", though both contain an equally similar word.
_NAME_SIMILARITY_WEIGHT = 0.25
_EXACT_NAME_BONUS = 1.0


def normalize_query(query: str) -> str:
    """Collapse whitespace and drop control characters (PostgreSQL rejects NUL in text)."""
    printable = "".join(ch if ch.isprintable() else " " for ch in query)
    return " ".join(printable.split())


def is_postgresql() -> bool:
    return connection.vendor == "postgresql"


def rank_matches(queryset: QuerySet, query: str, *, typos: bool | None = None) -> QuerySet:
    """`queryset` narrowed to records matching `query`, annotated with `rank`, best first.

    On PostgreSQL, words are matched as typed (stemmed); only when nothing matches that way
    (`typos=None` checks, at the cost of one query) are names and synonyms matched by
    trigram similarity, which is too costly per row to compute for common words.
    """
    query = normalize_query(query)
    if not query:
        return queryset.annotate(rank=Value(0.0, output_field=FloatField())).none()
    if not is_postgresql():
        return _rank_fallback(queryset, query)
    if typos is None:
        typos = not queryset.filter(_text_match(query)).exists()
    return _rank_typos(queryset, query) if typos else _rank_text(queryset, query)


def _text_query(query: str) -> SearchQuery:
    return SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)


def _text_match(query: str) -> Q:
    text_query = _text_query(query)
    return Q(search_vector=text_query) | Q(body_search_vector=text_query)


def _exact_name_bonus(query: str) -> Case:
    return Case(
        When(name__iexact=query, then=Value(_EXACT_NAME_BONUS)),
        default=Value(0.0),
        output_field=FloatField(),
    )


def _rank_short(queryset: QuerySet, query: str) -> QuerySet:
    """Matches on name, synonyms or summary, ranked: the short vector's GIN index finds them."""
    text_query = _text_query(query)
    return (
        queryset.filter(search_vector=text_query)
        .annotate(rank=SearchRank(F("search_vector"), text_query) + _exact_name_bonus(query))
        .order_by("-rank", "name", "pk")
    )


def _typo_match(queryset: QuerySet, query: str) -> QuerySet:
    return queryset.filter(
        Q(name__trigram_word_similar=query) | Q(synonyms__trigram_word_similar=query)
    )


def _rank_text(queryset: QuerySet, query: str) -> QuerySet:
    """Ranked on the short vector only; records matched by their body alone rank last."""
    return (
        queryset.filter(_text_match(query))
        .annotate(
            rank=SearchRank(F("search_vector"), _text_query(query)) + _exact_name_bonus(query)
        )
        .order_by("-rank", "name", "pk")
    )


def _rank_typos(queryset: QuerySet, query: str) -> QuerySet:
    word_similarity = Greatest(
        TrigramWordSimilarity(Value(query), "name"),
        TrigramWordSimilarity(Value(query), "synonyms"),
    )
    return (
        _typo_match(queryset, query)
        .annotate(
            rank=word_similarity
            + TrigramSimilarity("name", Value(query)) * Value(_NAME_SIMILARITY_WEIGHT)
        )
        .order_by("-rank", "name", "pk")
    )


def _rank_fallback(queryset: QuerySet, query: str) -> QuerySet:
    """Case-insensitive matching on name, synonyms and summary, for databases without FTS."""
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


class SearchResults:
    """Published matches across entity types, best first; sliced lazily, one page at a time.

    On PostgreSQL each page costs a bounded amount of work however common the words are:
    every entity type contributes at most as many rows as the page needs, records matched
    on their name, synonyms or summary are ranked, records matched by their body alone
    follow unranked, and the count stops at `COUNT_LIMIT`.
    """

    def __init__(self, query: str, types: Iterable[str] | None = None) -> None:
        self.query = normalize_query(query)
        self.types = [t for t in ENTITY_TYPES if types is None or t in set(types)]

    def _published(self, type_: str) -> QuerySet:
        return ENTITY_TYPES[type_].objects.published()

    @cached_property
    def _text_count(self) -> int:
        """Records matching the words as typed, counted up to `COUNT_LIMIT`."""
        return _capped_count(
            [self._published(t).filter(_text_match(self.query)) for t in self.types]
        )

    @cached_property
    def _typos(self) -> bool:
        """Whether no published record of the chosen types matches the words as typed."""
        return is_postgresql() and self._text_count == 0

    def count(self) -> int:
        if not self.query or not self.types:
            return 0
        if not is_postgresql():
            return self._fallback().count()
        if not self._typos:
            return self._text_count
        return _capped_count([_typo_match(self._published(t), self.query) for t in self.types])

    def _fallback(self) -> QuerySet:
        branches = [
            _rank_fallback(self._published(type_), self.query)
            .annotate(type=Value(type_), sort_name=F("name"))
            .values(*_COLUMNS)
            .order_by()
            for type_ in self.types
        ]
        return branches[0].union(*branches[1:], all=True)

    def _branches(self, stop: int) -> list[QuerySet]:
        """Per entity type, its best `stop` rows in the final order (PostgreSQL)."""
        branches = []
        for type_ in self.types:
            published = self._published(type_)
            if self._typos:
                # Trigram similarity is costly per row: rank a bounded set of candidates.
                candidates = (
                    _typo_match(published, self.query).order_by().values("pk")[:TYPO_CANDIDATES]
                )
                ranked = _rank_typos(published.filter(pk__in=candidates), self.query)
            else:
                ranked = _rank_short(published, self.query)
                body_only = (
                    published.filter(body_search_vector=_text_query(self.query))
                    .exclude(search_vector=_text_query(self.query))
                    .annotate(
                        type=Value(type_),
                        rank=Value(0.0, output_field=FloatField()),
                        sort_name=Value("", output_field=TextField()),
                    )
                    .values(*_COLUMNS)
                    .order_by("pk")[:stop]
                )
                branches.append(body_only)
            branches.append(
                ranked.annotate(type=Value(type_), sort_name=F("name"))
                .values(*_COLUMNS)
                .order_by("-rank", "name", "pk")[:stop]
            )
        return branches

    def __getitem__(self, page: slice) -> list[Hit]:
        if not self.query or not self.types:
            return []
        if is_postgresql():
            stop = min(page.stop or COUNT_LIMIT, COUNT_LIMIT)
            branches = self._branches(stop)
            matches = branches[0].union(*branches[1:], all=True)
        else:
            matches = self._fallback()
        # Body-only matches share rank 0 and an empty sort name: they follow by type and id.
        rows = list(matches.order_by("-rank", "sort_name", "type", "pk")[page])
        snippets = _snippets(self.query, rows)
        return [
            Hit(
                type=row["type"],
                pk=row["pk"],
                uid=str(row["uid"]),
                slug=row["slug"],
                name=row["name"],
                rank=round(float(row["rank"]), 4),
                snippet=snippets.get((row["type"], row["pk"]), ""),
            )
            for row in rows
        ]


_COLUMNS = ("pk", "uid", "slug", "name", "type", "rank", "sort_name")


def _capped_count(querysets: list[QuerySet]) -> int:
    """How many rows the querysets hold together, counting no further than `COUNT_LIMIT`."""
    branches = [queryset.order_by().values("pk")[:COUNT_LIMIT] for queryset in querysets]
    if len(branches) == 1:
        return branches[0].count()
    return min(branches[0].union(*branches[1:], all=True).count(), COUNT_LIMIT)


def search_content(query: str, *, types: Iterable[str] | None = None) -> SearchResults:
    """Search every published entity (or only `types`); slice the result to get a page."""
    return SearchResults(query, types)


def _snippets(query: str, rows: list[dict]) -> dict[tuple[str, int], str]:
    """A short passage of each record's summary (its name when it has none), matches marked."""
    by_type: dict[str, list[int]] = {}
    for row in rows:
        by_type.setdefault(row["type"], []).append(row["pk"])
    if not by_type:
        return {}
    text = Coalesce(NullIf("summary", Value("")), "name", output_field=TextField())
    if is_postgresql():
        text = SearchHeadline(
            Replace(Replace(text, Value("<"), Value(_LESS)), Value(">"), Value(_GREATER)),
            SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG),
            config=SEARCH_CONFIG,
            start_sel=_MARK_START,
            stop_sel=_MARK_STOP,
            max_words=30,
            min_words=12,
        )
    branches = [
        ENTITY_TYPES[type_]
        .objects.filter(pk__in=pks)
        .annotate(type=Value(type_), snippet=text)
        .values("type", "pk", "snippet")
        .order_by()
        for type_, pks in by_type.items()
    ]
    found = branches[0].union(*branches[1:], all=True)
    mark = _marked if is_postgresql() else (lambda snippet: highlight(snippet, query))
    return {(row["type"], row["pk"]): mark(row["snippet"]) for row in found}


def _marked(headline: str) -> str:
    replacements = {_MARK_START: "<mark>", _MARK_STOP: "</mark>", _LESS: "&lt;", _GREATER: "&gt;"}
    marked = html.escape(headline)
    for character, replacement in replacements.items():
        marked = marked.replace(character, replacement)
    return marked


def highlight(text: str, query: str, *, limit: int = 240) -> str:
    """`text` HTML-escaped, each query word wrapped in <mark>, cut near the first match."""
    words = sorted({re.escape(word) for word in query.split()}, key=len, reverse=True)
    if not words:
        return html.escape(text[:limit])
    pattern = re.compile("|".join(words), re.IGNORECASE)
    first = pattern.search(text)
    start = max(0, first.start() - limit // 3) if first and first.start() > limit // 2 else 0
    excerpt = text[start : start + limit]
    pieces, last = [], 0
    for match in pattern.finditer(excerpt):
        pieces += [html.escape(excerpt[last : match.start()]), "<mark>"]
        pieces += [html.escape(match.group()), "</mark>"]
        last = match.end()
    pieces.append(html.escape(excerpt[last:]))
    prefix = "… " if start else ""
    suffix = " …" if start + limit < len(text) else ""
    return prefix + "".join(pieces) + suffix


@dataclass(frozen=True)
class Suggestion:
    """A name completion for a search-as-you-type box."""

    type: str
    slug: str
    name: str


class _ILike(Func):
    """`expression ILIKE pattern`: unlike UPPER(...) LIKE, served by a trigram index on it."""

    arg_joiner = " ILIKE "
    template = "%(expressions)s"
    output_field = BooleanField()


def _like_escaped(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def suggest(prefix: str, *, limit: int = SUGGEST_LIMIT) -> list[Suggestion]:
    """Published names starting with `prefix`, then names with a later word starting with it.

    Each entity type gives at most `limit` names of each kind, read in index order, before
    the merge: the cost does not grow with the number of records sharing a first letter.
    """
    prefix = normalize_query(prefix)
    if not prefix:
        return []
    branches, columns = [], ("type", "slug", "name", "position", "sort_name")
    for type_, model in ENTITY_TYPES.items():
        # Ordered case-insensitively, so the prefix branch reads the upper(name) index.
        published = model.objects.published().annotate(type=Value(type_), sort_name=Upper("name"))
        branches.append(
            published.filter(name__istartswith=prefix).annotate(position=Value(0)).values(*columns)
        )
        # Word-start matches need three characters to use the trigram index on PostgreSQL.
        if len(prefix) < 3:
            continue
        if is_postgresql():
            word_start = _ILike(F("name"), Value(f"% {_like_escaped(prefix)}%"))
        else:
            word_start = Q(name__icontains=f" {prefix}")
        branches.append(
            published.filter(word_start)
            .exclude(name__istartswith=prefix)
            .annotate(position=Value(1))
            .values(*columns)
        )
    if is_postgresql():
        branches = [branch.order_by("sort_name", "name")[:limit] for branch in branches]
    else:
        # SQLite cannot limit the parts of a UNION; its tables are small.
        branches = [branch.order_by() for branch in branches]
    rows = branches[0].union(*branches[1:], all=True)
    rows = rows.order_by("position", "sort_name", "name", "type")
    return [
        Suggestion(type=row["type"], slug=row["slug"], name=row["name"]) for row in rows[:limit]
    ]
