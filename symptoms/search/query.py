"""What was typed, made ready to search with."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

MAX_QUERY_LENGTH = 200


def normalize_query(query: str) -> str:
    """Collapse whitespace and drop control characters (PostgreSQL rejects NUL in text)."""
    printable = "".join(ch if ch.isprintable() else " " for ch in query)
    return " ".join(printable.split())


@dataclass(frozen=True)
class TextMatch:
    """What a page is matched and ranked with: `words` parsed into a tsquery as
    `search_type` says (Django's `SearchQuery`), and the phrase whose exact name earns the
    bonus."""

    search_type: Literal["websearch", "raw"]
    words: str
    phrase: str
