"""Medical code formats per coding system: the admin's validation and the database's check."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db.models import Q

# Portable regular expressions (PostgreSQL and SQLite's REGEXP both read them the same way).
FORMATS = {
    # WHO ICD-10: a letter, two digits, then optionally one or two digits (G35, R25.1).
    "ICD-10": r"^[A-Z][0-9]{2}(\.[0-9]{1,2})?$",
    # ICD-10-CM: categories like C4A, up to four characters after the dot (G35.D, S72.001A).
    "ICD-10-CM": r"^[A-Z][0-9][0-9A-Z](\.[0-9A-Z]{1,4})?$",
    # ICD-11 stem codes (8A40, 8A40.0, 1A00.00); I and O are never used.
    "ICD-11": r"^[1-9A-HJ-NP-Z][A-HJ-NP-Z][0-9][0-9A-HJ-NP-Z](\.[0-9A-HJ-NP-Z]{1,2})?$",
    # SNOMED CT identifiers: 6 to 18 digits, no leading zero; the check digit is checked in clean().
    "SNOMED-CT": r"^[1-9][0-9]{5,17}$",
    # MeSH descriptor (D009103) and supplementary concept (C000657245) identifiers.
    "MESH": r"^[CD][0-9]{6,9}$",
}

EXAMPLES = {
    "ICD-10": "G35, R25.1",
    "ICD-10-CM": "G35.D, G20.A1, F32.A",
    "ICD-11": "8A40, 8A40.0",
    "SNOMED-CT": "24700007",
    "MESH": "D009103",
}

_VERHOEFF_D = [
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
    [1, 2, 3, 4, 0, 6, 7, 8, 9, 5],
    [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
    [3, 4, 0, 1, 2, 8, 9, 5, 6, 7],
    [4, 0, 1, 2, 3, 9, 5, 6, 7, 8],
    [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
    [6, 5, 9, 8, 7, 1, 0, 4, 3, 2],
    [7, 6, 5, 9, 8, 2, 1, 0, 4, 3],
    [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
    [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
]
# Each row applies the first permutation once more than the row before.
_VERHOEFF_P = [list(range(10)), [1, 5, 7, 6, 2, 8, 3, 0, 9, 4]]
for _ in range(6):
    _VERHOEFF_P.append([_VERHOEFF_P[-1][_VERHOEFF_P[1][j]] for j in range(10)])


def verhoeff_valid(digits: str) -> bool:
    """Whether the last digit is the Verhoeff check digit of the others (SNOMED CT uses it)."""
    check = 0
    for position, digit in enumerate(reversed(digits)):
        check = _VERHOEFF_D[check][_VERHOEFF_P[position % 8][int(digit)]]
    return check == 0


def normalize(code: str) -> str:
    return code.strip().upper()


def validate_code(system: str, code: str) -> None:
    """Raise a ValidationError (on `code`) when `code` is not well formed in `system`."""
    pattern = FORMATS.get(system)
    if pattern is None:
        raise ValidationError({"system": f"Unknown coding system {system!r}."})
    if not re.fullmatch(pattern, code):
        raise ValidationError(
            {"code": f"{code!r} is not a {system} code. Examples: {EXAMPLES[system]}."}
        )
    if system == "SNOMED-CT" and not verhoeff_valid(code):
        raise ValidationError(
            {"code": f"{code} fails the SNOMED CT check digit: it is mistyped or incomplete."}
        )


def format_check() -> Q:
    """The database-side check: each system's code matches its format."""
    match = Q()
    for system, pattern in FORMATS.items():
        match |= Q(system=system, code__regex=pattern)
    return match
