"""Search across every kind of content: full text, synonyms and typos, ranked by relevance."""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property, partial

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection, connections, router
from django.db.models import (
    Case,
    F,
    FloatField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Coalesce, NullIf, Upper
from django.utils import timezone

from symptoms import models as m
from symptoms.models.searchable import SEARCH_CONFIG
from symptoms.search.index import ENTITY_TYPES, type_of

MAX_QUERY_LENGTH = 200
SUGGEST_LIMIT = 10
# Search counts and pages no further than this: beyond it, results are noise.
COUNT_LIMIT = 1000
# When no word matches as typed, each is widened to at most this many words of names and
# synonyms at least this similar (pg_trgm similarity, 0 to 1).
TYPO_ALTERNATIVES = 3
TYPO_SIMILARITY = 0.4

# ts_headline marks matches with these private-use characters so that the text can be
# HTML-escaped afterwards without escaping the <mark> tags themselves; angle brackets are
# swapped out before, since ts_headline would drop anything that looks like an HTML tag.
_MARK_START, _MARK_STOP, _LESS, _GREATER = "\ue000", "\ue001", "\ue002", "\ue003"
_HEADLINE_OPTIONS = f"StartSel='{_MARK_START}', StopSel='{_MARK_STOP}', MaxWords=30, MinWords=12"
# A snippet is a short passage of the summary, or the name when there is none.
_SUMMARY_OR_NAME = Coalesce(NullIf("summary", Value("")), "name", output_field=TextField())

_EXACT_NAME_BONUS = 1.0
# Ranks of the names tier start here, above any summary match (ranked below 1).
_NAMES_TIER = 2.0
# ts_rank's normalization 32: rank / (rank + 1), below 1 whatever the text.
_SQUASHED = 32


def normalize_query(query: str) -> str:
    """Collapse whitespace and drop control characters (PostgreSQL rejects NUL in text)."""
    printable = "".join(ch if ch.isprintable() else " " for ch in query)
    return " ".join(printable.split())


def is_postgresql() -> bool:
    return connection.vendor == "postgresql"


def rank_published(queryset: QuerySet, query: str) -> QuerySet:
    """The published records of `queryset` (one type's) that `search_content` finds for
    `query`, annotated with the same `rank` and in the same order, by name among equals:
    the lists' `search=`.

    Matches come from the search table, as the search endpoint's do: the words as typed, or
    their nearest names' words when nothing matches them (see `SearchResults.match`).
    """
    published = queryset.published()
    query = normalize_query(query)
    if not query:
        return published.annotate(rank=Value(0.0, output_field=FloatField())).none()
    if not is_postgresql():
        return _rank_fallback(published, query)
    type_ = type_of(queryset.model)
    match = SearchResults(query, [type_]).match
    if match is None:
        return published.annotate(rank=Value(0.0, output_field=FloatField())).none()
    text = SearchQuery(match.words, search_type=match.search_type, config=SEARCH_CONFIG)
    entries = _entries([type_])
    # Each match is looked up in its own GIN index (an OR across the join would read every
    # body), and only name and summary matches are ranked: body-only ones rank 0, as in
    # `search_content`, and are most of a common word's matches.
    ranked_ids = entries.filter(search_vector=text).values("record_id")
    body_ids = entries.filter(body__search_vector=text).values("record_id")
    ranked = SearchRank(F("search_vector"), text, normalization=Value(_SQUASHED))
    tiered = Case(
        When(
            names_search_vector=text,
            then=ranked + _exact_name_bonus(match.phrase) + Value(_NAMES_TIER),
        ),
        default=ranked,
        output_field=FloatField(),
    )
    ranks = entries.filter(record_id=OuterRef("pk")).annotate(rank=tiered).values("rank")[:1]
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


def _exact_name_bonus(query: str) -> Case:
    return Case(
        When(name__iexact=query, then=Value(_EXACT_NAME_BONUS)),
        default=Value(0.0),
        output_field=FloatField(),
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


def _entries(types: list[str] | None = None) -> QuerySet:
    """Rows of the search table the public may see now (see symptoms/search/index.py)."""
    entries = m.SearchEntry.objects.filter(published_at__lte=timezone.now())
    return (
        entries
        if types is None or set(types) == set(ENTITY_TYPES)
        else entries.filter(type__in=types)
    )


@dataclass(frozen=True)
class _TextMatch:
    """What a page is matched and ranked with: `words` parsed into a tsquery as
    `search_type` says (Django's `SearchQuery`), and the phrase whose exact name earns the
    bonus."""

    search_type: str
    words: str
    phrase: str


_PARSERS = {"websearch": "websearch_to_tsquery", "raw": "to_tsquery"}


@functools.cache
def _search_sql(search_type: str) -> dict[str, str]:
    """The PostgreSQL engine's queries as fixed SQL, for one tsquery parser: building them
    with the ORM took as long as running them.

    Matches come in tiers: on name or synonyms; else on the summary; else on the body
    alone. Each tier comes whole before the next, so a page reads and ranks only the tiers
    it reaches: a word in thousands of summaries costs nothing while names fill the page.
    Counts stop at `cap` rows: the count of a tier after the cap is reached is 0, and its
    subquery never runs (a CASE branch not taken; OFFSET 0 keeps the counts so far from
    being inlined, and run again, in every expression that uses them).
    """
    text = f"{_PARSERS[search_type]}('{SEARCH_CONFIG}', %(words)s)"
    entry, body = m.SearchEntry._meta.db_table, m.SearchEntryBody._meta.db_table
    visible = "e.published_at <= %(now)s AND e.type = ANY(%(types)s)"
    names = f"{entry} e WHERE {visible} AND e.names_search_vector @@ {text}"
    summaries = (
        f"{entry} e WHERE {visible} AND e.search_vector @@ {text} "
        f"AND NOT e.names_search_vector @@ {text}"
    )
    bodies = (
        f"{entry} e JOIN {body} b ON b.entry_id = e.id WHERE {visible} "
        f"AND b.search_vector @@ {text} AND NOT e.search_vector @@ {text}"
    )
    n0, n1, n2 = (
        f"(SELECT count(*) FROM (SELECT FROM {tier} LIMIT %(cap)s) AS tier)"
        for tier in (names, summaries, bodies)
    )
    snippet = (
        f"ts_headline('{SEARCH_CONFIG}', replace(replace(coalesce(nullif(e.summary, ''), "
        f"e.name), '<', %(less)s), '>', %(greater)s), {text}, %(headline)s)"
    )
    rank = f"ts_rank(e.search_vector, {text}, {_SQUASHED})"
    # Exact names come from the name index: upper() on every match cost more.
    exact = f'SELECT id FROM {entry} WHERE upper(name) COLLATE "C" = upper(%(phrase)s)'
    bonus = f"CASE WHEN e.id IN ({exact}) THEN {_EXACT_NAME_BONUS} ELSE 0 END"
    columns = "e.record_id, e.uid, e.slug, e.name, e.type, ({})::float8 AS rank, {} AS sort_name"
    order = "ORDER BY rank DESC, sort_name, type, record_id"
    name_columns = columns.format(f"{rank} + {bonus} + {_NAMES_TIER}", "e.name::text")
    summary_columns = columns.format(rank, "e.name::text")
    body_columns = columns.format("0", "''")
    ranked_names = f"SELECT {name_columns}, {snippet} AS snippet FROM {names} {order}"
    ranked_summaries = f"SELECT {summary_columns}, {snippet} AS snippet FROM {summaries} {order}"
    listed_bodies = (
        f"SELECT {body_columns}, {snippet} AS snippet FROM {bodies} ORDER BY type, record_id"
    )
    page = "LIMIT %(limit)s OFFSET %(offset)s"
    return {
        "counts": (
            f"SELECT n0, n1, CASE WHEN n0 + n1 < %(cap)s THEN {n2} ELSE 0 END FROM "
            f"(SELECT n0, CASE WHEN n0 < %(cap)s THEN {n1} ELSE 0 END AS n1 FROM "
            f"(SELECT {n0} AS n0 OFFSET 0) AS names OFFSET 0) AS summaries"
        ),
        "names": f"{ranked_names} {page}",
        "summaries": (
            f"SELECT * FROM (({ranked_names} LIMIT %(names)s) UNION ALL "
            f"({ranked_summaries} LIMIT %(summaries)s)) AS hits {order} {page}"
        ),
        "bodies": (
            f"SELECT * FROM (({ranked_names} LIMIT %(names)s) UNION ALL "
            f"({ranked_summaries} LIMIT %(summaries)s) UNION ALL "
            f"({listed_bodies} LIMIT %(bodies)s)) AS hits {order} {page}"
        ),
    }


def _run(sql: str, params: dict | list) -> list[tuple]:
    with connections[router.db_for_read(m.SearchEntry)].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


@functools.cache
def _near_words_sql() -> str:
    """The words near each typed word that some name public now holds.

    `SearchWord` keeps the words of every name ever published, those scheduled for later
    too; without the check, a misspelling would reveal a name before or after it is public.
    """
    entries = m.SearchEntry._meta.db_table
    held = (
        f"SELECT 1 FROM {entries} e WHERE e.published_at <= %(now)s "
        f"AND e.names_search_vector @@ plainto_tsquery('{SEARCH_CONFIG}', w.word)"
    )
    return (
        "SELECT typed.word, w.word, similarity(w.word, typed.word) AS similarity "
        "FROM unnest(%(typed)s::text[]) AS typed (word) "
        f"JOIN {m.SearchWord._meta.db_table} w ON w.word %% typed.word "
        f"WHERE similarity(w.word, typed.word) >= %(similar)s AND EXISTS ({held})"
    )


def _corrected_query(query: str) -> _TextMatch | None:
    """`query` with each word widened to the names' and synonyms' words nearest it.

    For misspellings: "magnesim" becomes `magnesim | magnesium`; records matching any of
    the words are found, those matching more of them ranked higher. Returns the query and
    the nearest guess for the whole (for the exact-name bonus), or None when no word has a
    near one. One query on the small table of words.
    """
    typed = re.findall(r"[^\W_]+", query.lower())
    fuzzy = [word for word in dict.fromkeys(typed) if len(word) >= 3]
    if not fuzzy:
        return None
    near: dict[str, list[tuple[float, str]]] = {word: [] for word in fuzzy}
    for word, candidate, similarity in _run(
        _near_words_sql(), {"typed": fuzzy, "similar": TYPO_SIMILARITY, "now": timezone.now()}
    ):
        near[word].append((-similarity, candidate))
    alternatives = {
        word: [candidate for _, candidate in sorted(found)[:TYPO_ALTERNATIVES]]
        for word, found in near.items()
    }
    if not any(alternatives.values()):
        return None
    groups = [" | ".join(dict.fromkeys([w, *alternatives.get(w, [])])) for w in typed]
    guess = " ".join((alternatives.get(w) or [w])[0] for w in typed)
    return _TextMatch("raw", " | ".join(f"({group})" for group in groups), guess)


class SearchResults:
    """Published matches of every type, best first; sliced lazily, one page at a time.

    All types share one table (`SearchEntry`), so a page reads one index however many
    types there are. On PostgreSQL matches come in tiers (see `_search_sql`), the count stops at
    `COUNT_LIMIT`, and when no word matches as typed, each is widened to the words of names
    and synonyms nearest it (see `_corrected_query`).
    """

    def __init__(self, query: str, types: Iterable[str] | None = None) -> None:
        self.query = normalize_query(query)
        self.types = [t for t in ENTITY_TYPES if types is None or t in set(types)]

    def _params(self, match: _TextMatch) -> dict:
        return {
            "words": match.words,
            "phrase": match.phrase,
            "now": timezone.now(),
            "types": self.types,
            "cap": COUNT_LIMIT,
        }

    def _counts(self, match: _TextMatch) -> list[int]:
        """Records of each tier matching `match`, counted up to `COUNT_LIMIT` in all."""
        [counts] = _run(_search_sql(match.search_type)["counts"], self._params(match))
        return list(counts)

    @cached_property
    def _typed(self) -> _TextMatch:
        return _TextMatch("websearch", self.query, self.query)

    @cached_property
    def _typed_counts(self) -> list[int]:
        return self._counts(self._typed)

    @cached_property
    def match(self) -> _TextMatch | None:
        """The words as typed; when nothing matches them, the nearest names' words."""
        if any(self._typed_counts):
            return self._typed
        return _corrected_query(self.query)

    @cached_property
    def _tier_counts(self) -> list[int]:
        if any(self._typed_counts) or self.match is None:
            return self._typed_counts
        return self._counts(self.match)

    def count(self) -> int:
        if not self.query or not self.types:
            return 0
        if not is_postgresql():
            return self._fallback().count()
        return min(sum(self._tier_counts), COUNT_LIMIT)

    def _fallback(self) -> QuerySet:
        return (
            _rank_fallback(_entries(self.types), self.query)
            .annotate(sort_name=F("name"), snippet=_SUMMARY_OR_NAME)
            .values(*_COLUMNS)
        )

    def _text_page(self, page: slice) -> list[tuple]:
        """Tier by tier, each read only as far as the page needs (see `_search_sql`).

        Names and summaries are ranked on the short vector, squashed below 1, plus 1 for
        an exact name and 2 for the names tier; body-only matches follow with rank 0, by
        type and id.
        """
        if self.match is None:
            return []
        start = page.start or 0
        stop = min(page.stop or COUNT_LIMIT, COUNT_LIMIT)
        if stop <= start:
            return []
        names, summaries, _ = self._tier_counts
        params = self._params(self.match) | {
            "limit": stop - start,
            "offset": start,
            "names": stop,
            "summaries": stop - names,
            "bodies": stop - names - summaries,
            "less": _LESS,
            "greater": _GREATER,
            "headline": _HEADLINE_OPTIONS,
        }
        # A later tier is read only when the earlier ones hold fewer rows than the page
        # needs; counts stop at `COUNT_LIMIT`, as pages do.
        if names >= stop:
            shape = "names"
        elif names + summaries >= stop:
            shape = "summaries"
        else:
            shape = "bodies"
        rows = _run(_search_sql(self.match.search_type)[shape], params)
        return [dict(zip(_COLUMNS, row, strict=True)) for row in rows]

    def __getitem__(self, page: slice) -> list[Hit]:
        if not self.query or not self.types:
            return []
        if is_postgresql():
            rows = self._text_page(page)
            mark = _marked
        else:
            rows = list(self._fallback().order_by("-rank", "name", "type", "record_id")[page])
            mark = partial(highlight, query=self.query)
        return [
            Hit(
                type=row["type"],
                pk=row["record_id"],
                uid=str(row["uid"]),
                slug=row["slug"],
                name=row["name"],
                rank=round(float(row["rank"]), 4),
                snippet=mark(row["snippet"]),
            )
            for row in rows
        ]


_COLUMNS = ("record_id", "uid", "slug", "name", "type", "rank", "sort_name", "snippet")


def search_content(query: str, *, types: Iterable[str] | None = None) -> SearchResults:
    """Search every published entity (or only `types`); slice the result to get a page."""
    return SearchResults(query, types)


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


def _like_escaped(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def suggest(prefix: str, *, limit: int = SUGGEST_LIMIT) -> list[Suggestion]:
    """Published names starting with `prefix`, then names with a later word starting with it.

    Each is read in index order and the reading stops at `limit`: names by name, then later
    words by word and name (`SearchNameWord`), so a completion costs the same however many
    names hold the word. Later words are looked at only when too few names start with
    `prefix`, and only from three characters: shorter, they complete too many words to help.
    """
    prefix = normalize_query(prefix)
    if not prefix:
        return []
    now, starts = timezone.now(), _like_escaped(prefix.upper()) + "%"
    if is_postgresql():
        rows = _run(_names_starting_sql(), [now, starts, limit])
    else:
        rows = list(
            _entries()
            .annotate(key=Upper("name"))
            .filter(name__istartswith=prefix)
            .order_by("key", "name", "type")
            .values_list("type", "slug", "name")[:limit]
        )
    if len(rows) < limit and len(prefix) >= 3:
        later_sql = _later_words_sql(' COLLATE "C"' if is_postgresql() else "")
        rows += _run(later_sql, [starts, starts, now, starts, limit - len(rows)])
    return [Suggestion(type=type_, slug=slug, name=name) for type_, slug, name in rows]


@functools.cache
def _names_starting_sql() -> str:
    """Names in the byte order the `upper(name) COLLATE "C"` index holds, so LIKE 'PREFIX%'
    and the order read one range of it. Fixed SQL: building it with the ORM cost more than
    running it."""
    key = 'upper(name) COLLATE "C"'
    return (
        f"SELECT type, slug, name FROM {m.SearchEntry._meta.db_table} "
        f"WHERE published_at <= %s AND {key} LIKE %s ORDER BY {key}, name, type LIMIT %s"
    )


@functools.cache
def _later_words_sql(collate: str) -> str:
    """Names with a later word starting with the prefix (and not the name itself), each once
    (at its first such word), by word and name: one range of the (word, key, entry) index,
    in byte order (`collate` on PostgreSQL; SQLite compares bytes)."""
    words, entries = m.SearchNameWord._meta.db_table, m.SearchEntry._meta.db_table
    word, key, like = f"w.word{collate}", f"w.key{collate}", "LIKE %s ESCAPE '\\'"
    return (
        f"SELECT e.type, e.slug, e.name FROM {words} w JOIN {entries} e ON e.id = w.entry_id "
        f"WHERE {word} {like} AND NOT {key} {like} AND e.published_at <= %s "
        f"AND NOT EXISTS (SELECT 1 FROM {words} x WHERE x.entry_id = w.entry_id "
        f"AND x.word{collate} {like} AND x.word{collate} < {word}) "
        f"ORDER BY {word}, {key}, w.entry_id LIMIT %s"
    )
