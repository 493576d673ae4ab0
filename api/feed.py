"""The change feed: every change of public content since a cursor or a time, oldest first."""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

from api.delivery.conditional import ConditionalGetMixin
from api.filters import as_utc
from api.pagination import whole_number
from api.views import check_query_parameters
from symptoms import kinds
from symptoms.changes import outbox
from symptoms.models import ChangeAction, ContentChange

DEFAULT_LIMIT, MAX_LIMIT = 100, 1000


class ChangeSerializer(serializers.Serializer):
    """One change of public content (webhook deliveries carry the same object)."""

    cursor = serializers.CharField(help_text="Resume after this change: pass it as `since`.")
    type = serializers.ChoiceField(choices=kinds.CHOICES)
    id = serializers.UUIDField(help_text="The record's stable id (survives renames).")
    slug = serializers.SlugField(help_text="The slug at the time of the change.")
    action = serializers.ChoiceField(choices=ChangeAction.choices)
    tombstone = serializers.BooleanField(
        help_text="True for unpublish, archive and delete: remove your copy."
    )
    time = serializers.DateTimeField()
    url = serializers.URLField(help_text="The record's detail (404 after a tombstone).")

    def to_representation(self, change: ContentChange) -> dict:
        return outbox.describe(change, base_url=self.context["base_url"])


class ChangePageSerializer(serializers.Serializer):
    results = ChangeSerializer(many=True)
    next_cursor = serializers.CharField(
        help_text="Store it: the next sync sends it as `since`. Present even when "
        "`results` is empty."
    )
    has_more = serializers.BooleanField(help_text="More changes wait: fetch `next` now.")
    next = serializers.URLField(help_text="This feed from `next_cursor` on.")


def parse_since(raw: str | None) -> tuple[int | None, datetime.datetime | None]:
    """(change id, None) for a cursor, (None, datetime) for an ISO time; 400 otherwise."""
    if raw is None or raw == "":
        return 0, None
    cursor = outbox.decode_cursor(raw)
    if cursor is not None:
        return cursor, None
    try:
        moment = parse_datetime(raw)
        if moment is None and (day := parse_date(raw)) is not None:
            moment = datetime.datetime(day.year, day.month, day.day)
    except ValueError:
        moment = None
    if moment is None:
        raise ValidationError(
            {
                "since": "Not a cursor from this feed nor an ISO 8601 date or date-time "
                "(for example 2026-11-01T09:00:00Z)."
            }
        )
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, datetime.UTC)
    return None, as_utc(moment)


def parse_limit(raw: str | None) -> int:
    limit = whole_number(raw, "limit", minimum=1)
    return DEFAULT_LIMIT if limit is None else min(limit, MAX_LIMIT)


# The mixin answers 304 and 412 with Django's responses, where DRF's stubs name Response.
class ChangeFeedViewSet(ConditionalGetMixin, viewsets.ViewSet):  # type: ignore[misc]
    """Creates, updates, publications and tombstones of public content, oldest first."""

    authentication_classes = []
    permission_classes = [AllowAny]
    # The page (results, next_cursor, has_more) is one object: the schema must not wrap it.
    answers_one_page_object = True

    def initial(self, request, *args, **kwargs):
        check_query_parameters(request, {"since", "limit", "format"})
        super().initial(request, *args, **kwargs)

    @extend_schema(
        tags=["changes"],
        summary="Changes of public content since a cursor or a time",
        description=(
            "Keep a copy in sync. Every create, update, publish, unpublish, archive and "
            "delete of public content, oldest first, each once, including changes that share "
            "a timestamp. Unpublished, archived and deleted records appear as tombstones "
            "(`tombstone: true`): remove them. A record is also reported as updated when a "
            "record it shows (a linked condition's name, say) changes.\n\n"
            "**Full sync, then incremental:** first call `/changes/?since=<now>` and keep "
            "`next_cursor`; copy every list; later call `/changes/?since=<next_cursor>`, "
            "follow `next` while `has_more`, fetch each `url` (or drop tombstones), and keep "
            "the last `next_cursor`."
        ),
        parameters=[
            OpenApiParameter(
                "since",
                {
                    "type": "string",
                    "anyOf": [
                        {"pattern": outbox.CURSOR_PATTERN},
                        {"format": "date-time"},
                        {"format": "date"},
                    ],
                },
                description="A `cursor`/`next_cursor` from this feed (changes after it), or "
                "an ISO 8601 date or date-time (changes at or after it). Absent: from the "
                "first change. Anything else: 400.",
            ),
            OpenApiParameter(
                "limit",
                {"type": "integer", "minimum": 1, "default": DEFAULT_LIMIT},
                description=f"Changes per page: {DEFAULT_LIMIT} by default, at most {MAX_LIMIT} "
                f"(a larger one gives {MAX_LIMIT}). Not a whole number from 1: 400.",
            ),
        ],
        responses=ChangePageSerializer,
    )
    def list(self, request):
        after, moment = parse_since(request.query_params.get("since"))
        limit = parse_limit(request.query_params.get("limit"))
        self.raise_if_not_modified()
        queryset = ContentChange.objects.order_by("pk")
        if moment is not None:
            queryset = queryset.filter(time__gte=moment)
        else:
            queryset = queryset.filter(pk__gt=after)
        page = list(queryset[: limit + 1])
        has_more, page = len(page) > limit, page[:limit]
        if page:
            last = page[-1].pk
        elif moment is not None:
            last = (
                ContentChange.objects.filter(time__lt=moment)
                .order_by("-pk")
                .values_list("pk", flat=True)
                .first()
                or 0
            )
        else:
            assert after is not None, "a cursor when not a time"
            last = after
        next_cursor = outbox.encode_cursor(last)
        base_url = request.build_absolute_uri("/")
        url = replace_query_param(request.build_absolute_uri(), "since", next_cursor)
        return Response(
            {
                "results": ChangeSerializer(page, many=True, context={"base_url": base_url}).data,
                "next_cursor": next_cursor,
                "has_more": has_more,
                "next": url,
            }
        )
