"""Limit/offset pagination with strict parameters and a hard maximum page size."""

import re

from rest_framework.exceptions import ValidationError
from rest_framework.pagination import LimitOffsetPagination

WHOLE_NUMBER = re.compile(r"[0-9]+")


class ContentPagination(LimitOffsetPagination):
    """`limit` (1-100, default 20) and `offset` (from 0); anything else is a 400."""

    default_limit = 20
    max_limit = 100

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
