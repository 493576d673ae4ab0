"""Limit/offset pagination with strict parameters and a hard maximum page size."""

from __future__ import annotations

import re
from collections import OrderedDict

from django.conf import settings
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import LimitOffsetPagination

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


class ContentPagination(LimitOffsetPagination):
    """`limit` (1-100, default 20) and `offset` (from 0); anything else is a 400."""

    default_limit = 20
    max_limit = 100

    def paginate_queryset(self, queryset, request, view=None):
        self.count_key = count_key(request, view)
        return super().paginate_queryset(queryset, request, view)

    def get_count(self, queryset) -> int:
        return COUNTS.count(self.count_key, queryset)

    def get_limit(self, request) -> int:
        limit = self._whole_number(request, self.limit_query_param, minimum=1)
        if limit is not None and limit > self.max_limit:
            raise ValidationError(
                {self.limit_query_param: f"At most {self.max_limit} (got {limit})."}
            )
        return self.default_limit if limit is None else limit

    def get_offset(self, request) -> int:
        return self._whole_number(request, self.offset_query_param, minimum=0) or 0

    @staticmethod
    def _whole_number(request, name: str, *, minimum: int) -> int | None:
        raw = request.query_params.get(name)
        if raw is None:
            return None
        if not WHOLE_NUMBER.fullmatch(raw) or int(raw) < minimum:
            raise ValidationError({name: f"Must be a whole number from {minimum} (got {raw!r})."})
        return int(raw)

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": self.limit_query_param,
                "required": False,
                "in": "query",
                "description": (
                    f"How many records per page: {self.default_limit} by default, at most "
                    f"{self.max_limit}. Not a whole number from 1 to {self.max_limit}: 400."
                ),
                "schema": {
                    "type": "integer",
                    "minimum": 1,
                    "maximum": self.max_limit,
                    "default": self.default_limit,
                },
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
