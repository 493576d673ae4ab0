"""Finding the existing record a name refers to: by name, slug or synonym, then by similarity."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.postgres.search import TrigramSimilarity
from django.db import connection
from django.db.models import Q

from symptoms.models import ContentEntity, ContentStatus

TRIGRAM_THRESHOLD = 0.45
# The longest a record's name is: a longer bullet is compared by its start, since PostgreSQL
# computes the trigrams of the whole text again for every record compared.
MAX_COMPARED_LENGTH = 200
PARENTHESISED = re.compile(r"\(([^()]*)\)")
APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'"})
# Words that end in "s" in the singular; stripping it would merge unrelated names.
KEEP_S = ("ss", "us", "is", "os", "ys")


def _singular(word: str) -> str:
    if len(word) <= 3 or word.endswith(KEEP_S):
        return word
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "xes", "sses")):
        return word[:-2]
    if word.endswith("s"):
        return word[:-1]
    return word


def normalise(text: str) -> str:
    """Lower case, no accents, punctuation or possessive, every word in the singular."""
    text = unicodedata.normalize("NFKD", text.translate(APOSTROPHES))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    text = re.sub(r"'s\b", "", text)
    words = re.findall(r"[a-z0-9]+", text)
    return " ".join(_singular(word) for word in words)


def name_keys(text: str) -> set[str]:
    """Every normalised form a name may be written in.

    "Electromyography (EMG)" gives the full form, "electromyography" and "emg".
    """
    keys = {normalise(text)}
    inside = PARENTHESISED.findall(text)
    outside = PARENTHESISED.sub(" ", text)
    if inside:
        keys.add(normalise(outside))
        keys.update(normalise(part) for part in inside)
    return {key for key in keys if key}


def record_keys(record: ContentEntity) -> set[str]:
    keys = name_keys(record.name) | name_keys(record.slug.replace("-", " "))
    for synonym in record.synonym_list:
        keys |= name_keys(synonym)
    return keys


@dataclass(frozen=True)
class Match:
    record: ContentEntity
    how: str  # "name" for a normalised match, "similarity" for a trigram one
    score: float


class Matcher:
    """Matches names against one content model; built once per import, queried per bullet."""

    def __init__(self, model: type[ContentEntity]) -> None:
        self.model = model
        self.records = list(
            model.objects.originals().exclude(status=ContentStatus.ARCHIVED).order_by("pk")
        )
        self.by_key: dict[str, list[ContentEntity]] = {}
        for record in self.records:
            for key in record_keys(record):
                self.by_key.setdefault(key, []).append(record)

    def candidates(self, name: str, limit: int = 5) -> list[Match]:
        """Best matches first: exact normalised matches, then similar names on PostgreSQL."""
        found: dict[int, Match] = {}
        for key in sorted(name_keys(name), key=lambda k: (-len(k), k)):
            for record in self.by_key.get(key, []):
                found.setdefault(record.pk, Match(record, "name", 1.0))
        for match in similar(self.model, name, limit=limit):
            found.setdefault(match.record.pk, match)
        return list(found.values())[:limit]

    def best(self, name: str) -> Match | None:
        candidates = self.candidates(name, limit=1)
        return candidates[0] if candidates else None


def similar(
    model: type[ContentEntity],
    name: str,
    *,
    limit: int = 5,
    threshold: float = TRIGRAM_THRESHOLD,
    exclude: Iterable[int] = (),
) -> list[Match]:
    """Records whose name or synonyms look like `name` (trigram similarity; PostgreSQL only)."""
    if connection.vendor != "postgresql":
        return []
    plain = (PARENTHESISED.sub(" ", name).strip() or name)[:MAX_COMPARED_LENGTH]
    rows = (
        model.objects.originals()
        .exclude(status=ContentStatus.ARCHIVED)
        .exclude(pk__in=list(exclude))
        .annotate(
            score=TrigramSimilarity("name", plain),
            synonym_score=TrigramSimilarity("synonyms", plain),
        )
        .filter(Q(score__gte=threshold) | Q(synonym_score__gte=threshold))
        .order_by("-score", "pk")[:limit]
    )
    return [Match(row, "similarity", max(row.score, row.synonym_score)) for row in rows]
