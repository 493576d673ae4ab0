"""Every fixed statement search runs, as named constants.

Fixed SQL because building these queries with the ORM took as long as PostgreSQL took to
run them. All are PostgreSQL's but `LATER_WORDS_BYTEWISE`, the later-words completion as
SQLite runs it (SQLite compares bytes without being told).
"""

from __future__ import annotations

from dataclasses import dataclass

from symptoms import models as m
from symptoms.models.searchable import SEARCH_CONFIG
from symptoms.search.ranking import EXACT_NAME_BONUS, NAMES_TIER, SQUASHED

_ENTRY = m.SearchEntry._meta.db_table
_BODY = m.SearchEntryBody._meta.db_table
_WORD = m.SearchWord._meta.db_table
_NAME_WORD = m.SearchNameWord._meta.db_table


@dataclass(frozen=True)
class TieredSearch:
    """The search statements for one tsquery parser.

    Matches come in tiers: on name or synonyms; else on the summary; else on the body
    alone. Each tier comes whole before the next, so a page reads and ranks only the tiers
    it reaches: a word in thousands of summaries costs nothing while names fill the page.
    Counts stop at `cap` rows: the count of a tier after the cap is reached is 0, and its
    subquery never runs (a CASE branch not taken; OFFSET 0 keeps the counts so far from
    being inlined, and run again, in every expression that uses them).
    """

    counts: str
    names_page: str
    summaries_page: str
    bodies_page: str


def _tiered_search(parser: str) -> TieredSearch:
    text = f"{parser}('{SEARCH_CONFIG}', %(words)s)"
    visible = "e.published_at <= %(now)s AND e.type = ANY(%(types)s)"
    names = f"{_ENTRY} e WHERE {visible} AND e.names_search_vector @@ {text}"
    summaries = (
        f"{_ENTRY} e WHERE {visible} AND e.search_vector @@ {text} "
        f"AND NOT e.names_search_vector @@ {text}"
    )
    bodies = (
        f"{_ENTRY} e JOIN {_BODY} b ON b.entry_id = e.id WHERE {visible} "
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
    rank = f"ts_rank(e.search_vector, {text}, {SQUASHED})"
    # Exact names come from the name index: upper() on every match cost more.
    exact = f'SELECT id FROM {_ENTRY} WHERE upper(name) COLLATE "C" = upper(%(phrase)s)'
    bonus = f"CASE WHEN e.id IN ({exact}) THEN {EXACT_NAME_BONUS} ELSE 0 END"
    columns = "e.record_id, e.uid, e.slug, e.name, e.type, ({})::float8 AS rank, {} AS sort_name"
    order = "ORDER BY rank DESC, sort_name, type, record_id"
    name_columns = columns.format(f"{rank} + {bonus} + {NAMES_TIER}", "e.name::text")
    summary_columns = columns.format(rank, "e.name::text")
    body_columns = columns.format("0", "''")
    ranked_names = f"SELECT {name_columns}, {snippet} AS snippet FROM {names} {order}"
    ranked_summaries = f"SELECT {summary_columns}, {snippet} AS snippet FROM {summaries} {order}"
    listed_bodies = (
        f"SELECT {body_columns}, {snippet} AS snippet FROM {bodies} ORDER BY type, record_id"
    )
    page = "LIMIT %(limit)s OFFSET %(offset)s"
    return TieredSearch(
        counts=(
            f"SELECT n0, n1, CASE WHEN n0 + n1 < %(cap)s THEN {n2} ELSE 0 END FROM "
            f"(SELECT n0, CASE WHEN n0 < %(cap)s THEN {n1} ELSE 0 END AS n1 FROM "
            f"(SELECT {n0} AS n0 OFFSET 0) AS names OFFSET 0) AS summaries"
        ),
        names_page=f"{ranked_names} {page}",
        summaries_page=(
            f"SELECT * FROM (({ranked_names} LIMIT %(names)s) UNION ALL "
            f"({ranked_summaries} LIMIT %(summaries)s)) AS hits {order} {page}"
        ),
        bodies_page=(
            f"SELECT * FROM (({ranked_names} LIMIT %(names)s) UNION ALL "
            f"({ranked_summaries} LIMIT %(summaries)s) UNION ALL "
            f"({listed_bodies} LIMIT %(bodies)s)) AS hits {order} {page}"
        ),
    )


# Keyed by the `search_type` of Django's `SearchQuery`: the words as typed go through
# websearch_to_tsquery, the widened misspellings (a tsquery already) through to_tsquery.
TIERED_SEARCH = {
    "websearch": _tiered_search("websearch_to_tsquery"),
    "raw": _tiered_search("to_tsquery"),
}

# The words near each typed word that some name public now holds. `SearchWord` keeps the
# words of every name ever published, those scheduled for later too; without the EXISTS, a
# misspelling would reveal a name before or after it is public.
NEAR_WORDS = (
    "SELECT typed.word, w.word, similarity(w.word, typed.word) AS similarity "
    "FROM unnest(%(typed)s::text[]) AS typed (word) "
    f"JOIN {_WORD} w ON w.word %% typed.word "
    "WHERE similarity(w.word, typed.word) >= %(similar)s AND EXISTS ("
    f"SELECT 1 FROM {_ENTRY} e WHERE e.published_at <= %(now)s "
    f"AND e.names_search_vector @@ plainto_tsquery('{SEARCH_CONFIG}', w.word))"
)

# Names in the byte order the `upper(name) COLLATE "C"` index holds, so LIKE 'PREFIX%' and
# the order read one range of it.
_NAME_KEY = 'upper(name) COLLATE "C"'
NAMES_STARTING = (
    f"SELECT type, slug, name FROM {_ENTRY} "
    f"WHERE published_at <= %s AND {_NAME_KEY} LIKE %s ORDER BY {_NAME_KEY}, name, type LIMIT %s"
)


def _later_words(collate: str) -> str:
    """Names with a later word starting with the prefix (and not the name itself), each once
    (at its first such word), by word and name: one range of the (word, key, entry) index,
    in byte order."""
    word, key, like = f"w.word{collate}", f"w.key{collate}", "LIKE %s ESCAPE '\\'"
    return (
        f"SELECT e.type, e.slug, e.name FROM {_NAME_WORD} w JOIN {_ENTRY} e ON e.id = w.entry_id "
        f"WHERE {word} {like} AND NOT {key} {like} AND e.published_at <= %s "
        f"AND NOT EXISTS (SELECT 1 FROM {_NAME_WORD} x WHERE x.entry_id = w.entry_id "
        f"AND x.word{collate} {like} AND x.word{collate} < {word}) "
        f"ORDER BY {word}, {key}, w.entry_id LIMIT %s"
    )


LATER_WORDS = _later_words(' COLLATE "C"')
LATER_WORDS_BYTEWISE = _later_words("")
