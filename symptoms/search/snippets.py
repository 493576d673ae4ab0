"""Snippets: a short passage of each hit, HTML-escaped, with the matched words in <mark>."""

from __future__ import annotations

import html
import re

from django.db.models import TextField, Value
from django.db.models.functions import Coalesce, NullIf

# ts_headline marks matches with these private-use characters so that the text can be
# HTML-escaped afterwards without escaping the <mark> tags themselves; angle brackets are
# swapped out before, since ts_headline would drop anything that looks like an HTML tag.
_MARK_START, _MARK_STOP, _LESS, _GREATER = "\ue000", "\ue001", "\ue002", "\ue003"
_HEADLINE_OPTIONS = f"StartSel='{_MARK_START}', StopSel='{_MARK_STOP}', MaxWords=30, MinWords=12"
# The parameters of the snippet in the search statements (see `sql.TieredSearch`).
HEADLINE_PARAMETERS = {"less": _LESS, "greater": _GREATER, "headline": _HEADLINE_OPTIONS}
_REPLACEMENTS = {_MARK_START: "<mark>", _MARK_STOP: "</mark>", _LESS: "&lt;", _GREATER: "&gt;"}

# A snippet is a short passage of the summary, or the name when there is none.
SUMMARY_OR_NAME = Coalesce(NullIf("summary", Value("")), "name", output_field=TextField())


def marked(headline: str) -> str:
    """A headline of `HEADLINE_PARAMETERS`, HTML-escaped, its marks made <mark> tags."""
    escaped = html.escape(headline)
    for character, replacement in _REPLACEMENTS.items():
        escaped = escaped.replace(character, replacement)
    return escaped


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
