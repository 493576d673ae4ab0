"""Limit/offset pagination with strict parameters and a hard maximum page size."""

from __future__ import annotations

import re
from collections import OrderedDict

from django.conf import settings
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import LimitOffsetPagination

# ASCII digits only: str.isdigit() and int() also take "²" or "١".
WHOLE_NUMBER = re.compile(r"[0-9]+")
# Parameters that choose the page or its shape, not which records it counts.
PAGE_PARAMETERS = {"limit", "offset", "fields", "format"}


class CountCache:
    """This process's counts of public lists, by filter set and content version.

    Every page of a list repeats its count, and a count reads every match: at 10,000
    symptoms it was a fifth of a page's time, and the only part that grew with the table.
    Pages of one filter set share it until the content version moves (on every change, and
    when scheduled content goes public); with `CONTENT_VERSION_TTL=0` nothing is kept.
    """

    def __init__(self, max_entries: int = 1024) -> None:
        self.max_entries = max_entries
        self.entries: OrderedDict[tuple, int] = OrderedDict()

    def count(self, key: tuple | None, queryset) -> int:
        if key is None or settings.CONTENT_VERSION_TTL <= 0:
            return queryset.count()
        count = self.entries.get(key)
        if count is None:
            count = self.entries[key] = queryset.count()
            while len(self.entries) > self.max_entries:
                self.entries.popitem(last=False)
        self.entries.move_to_end(key)
        return count


COUNTS = CountCache()


def count_key(request, view) -> tuple | None:
    """The list and its filters at the content version the view read; None when the list
    shows anything but public content (nothing to share)."""
    version = getattr(view, "content_version", None)
    if version is None:
        return None
    filters = sorted(
        (name, value) for name, value in request.query_params.items() if name not in PAGE_PARAMETERS
    )
    return (version, request.path, tuple(filters))


def whole_number(raw: str | None, name: str, *, minimum: int) -> int | None:
    """The parameter as an int (None when absent); not ASCII digits, or below `minimum`: 400."""
    if raw is None:
        return None
    if not WHOLE_NUMBER.fullmatch(raw) or int(raw) < minimum:
        raise ValidationError({name: f"Must be a whole number from {minimum} (got {raw!r})."})
    return int(raw)


class StrictPagination(LimitOffsetPagination):
    """`limit` (from 1) and `offset` (from 0) as ASCII whole numbers; anything else is a 400
    rather than the default."""

    # A `limit` above `max_limit`: a 400, or (False) a page of `max_limit`.
    refuse_larger_limit = True
    # Set by each subclass (the library also allows None: no default, no maximum).
    default_limit: int
    max_limit: int

    def get_limit(self, request) -> int:
        name = self.limit_query_param
        limit = whole_number(request.query_params.get(name), name, minimum=1)
        if limit is None:
            return self.default_limit
        if limit > self.max_limit and self.refuse_larger_limit:
            raise ValidationError({name: f"At most {self.max_limit} (got {limit})."})
        return min(limit, self.max_limit)

    def get_offset(self, request) -> int:
        name = self.offset_query_param
        return whole_number(request.query_params.get(name), name, minimum=0) or 0

    def get_schema_operation_parameters(self, view):
        limit = {"type": "integer", "minimum": 1, "default": self.default_limit}
        if self.refuse_larger_limit:
            limit["maximum"] = self.max_limit
            larger = f"Not a whole number from 1 to {self.max_limit}: 400."
        else:
            larger = f"A larger one gives {self.max_limit}; not a whole number from 1: 400."
        return [
            {
                "name": self.limit_query_param,
                "required": False,
                "in": "query",
                "description": (
                    f"How many records per page: {self.default_limit} by default, at most "
                    f"{self.max_limit}. {larger}"
                ),
                "schema": limit,
            },
            {
                "name": self.offset_query_param,
                "required": False,
                "in": "query",
                "description": (
                    "How many records to skip from the start. Follow `next` and `previous` "
                    "rather than computing it. Not a whole number from 0: 400."
                ),
                "schema": {"type": "integer", "minimum": 0, "default": 0},
            },
        ]


class ContentPagination(StrictPagination):
    """`limit` (1-100, default 20) and `offset` (from 0), with counts shared between pages."""

    default_limit = 20
    max_limit = 100

    def paginate_queryset(self, queryset, request, view=None):
        self.count_key = count_key(request, view)
        return super().paginate_queryset(queryset, request, view)

    def get_count(self, queryset) -> int:
        return COUNTS.count(self.count_key, queryset)
