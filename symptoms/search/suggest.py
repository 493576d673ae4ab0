"""Name completions for a search-as-you-type box."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone

from symptoms.search import fallback, sql
from symptoms.search.query import normalize_query
from symptoms.search.table import on_postgresql, run

SUGGEST_LIMIT = 10


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
    if on_postgresql():
        rows = run(sql.NAMES_STARTING, [now, starts, limit])
        later_words = sql.LATER_WORDS
    else:
        rows = fallback.names_starting(prefix, limit)
        later_words = sql.LATER_WORDS_BYTEWISE
    if len(rows) < limit and len(prefix) >= 3:
        rows += run(later_words, [starts, starts, now, starts, limit - len(rows)])
    return [Suggestion(type=type_, slug=slug, name=name) for type_, slug, name in rows]
