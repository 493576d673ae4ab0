"""Limit/offset pagination with strict parameters and a hard maximum page size."""

from __future__ import annotations

import re

from rest_framework.exceptions import ValidationError
from rest_framework.pagination import LimitOffsetPagination

from api.delivery.counts import COUNTS, count_key

# ASCII digits only: str.isdigit() and int() also take "²" or "١".
WHOLE_NUMBER = re.compile(r"[0-9]+")


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
