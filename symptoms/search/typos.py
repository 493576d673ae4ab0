"""Misspellings: each typed word widened to the nearest words of public names and synonyms.

Tried only when nothing matches the words as typed; the nearness is pg_trgm's similarity,
read from `SearchWord`, the small table of those words (see `sql.NEAR_WORDS`).
"""

from __future__ import annotations

import re

from django.utils import timezone

from symptoms.search import sql
from symptoms.search.query import TextMatch
from symptoms.search.table import run

# Each word is widened to at most this many words at least this similar (0 to 1).
TYPO_ALTERNATIVES = 3
TYPO_SIMILARITY = 0.4


def corrected_query(query: str) -> TextMatch | None:
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
    params = {"typed": fuzzy, "similar": TYPO_SIMILARITY, "now": timezone.now()}
    for word, candidate, similarity in run(sql.NEAR_WORDS, params):
        near[word].append((-similarity, candidate))
    alternatives = {
        word: [candidate for _, candidate in sorted(found)[:TYPO_ALTERNATIVES]]
        for word, found in near.items()
    }
    if not any(alternatives.values()):
        return None
    groups = [" | ".join(dict.fromkeys([w, *alternatives.get(w, [])])) for w in typed]
    guess = " ".join((alternatives.get(w) or [w])[0] for w in typed)
    return TextMatch("raw", " | ".join(f"({group})" for group in groups), guess)
