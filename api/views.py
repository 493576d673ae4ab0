"""One read-only viewset per resource; each builds its whole queryset in get_queryset()."""

from __future__ import annotations

import difflib
from urllib.parse import unquote_to_bytes

from django.db.models import Prefetch, QuerySet
from django.http import HttpResponse
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny

from api import filters, serializers
from api.delivery.conditional import ConditionalGetMixin
from api.delivery.counts import PAGE_PARAMETERS
from api.delivery.documents import serving as documents
from api.errors import UnknownParameters
from api.jsonld import JsonLdRenderer
from api.pagination import ContentPagination
from api.renderers import ORJSONRenderer
from api.schema.generation import documented
from api.serializers.base import ContentDetailSerializer, ContentListSerializer
from symptoms import kinds
from symptoms import models as m
from symptoms.kinds import Kind
from symptoms.models.links import Link

COMMON_PARAMETERS = {"fields", "format"}
# What every JSON-LD node is built from (its @id, identifier and name), whatever `fields` says.
JSONLD_FIELDS = {"id", "url", "name"}
# A linked record is shown in short, so its body is never read. (A deferred column read by
# a serializer would cost a query per record; the pinned query counts would catch it.)
LINKED_RECORD_UNUSED = ("body",)


def published_links(
    relation: str,
    link_model: type[Link],
    target: str,
    *,
    by_target_name: bool = False,
    then=(),
) -> Prefetch:
    """Links to published `target` records, into `published_<relation>`.

    Reverse links (a condition's symptoms) follow the target's name: the editors' `order`
    belongs to the other side.
    """
    queryset = (
        link_model.objects.published(target)
        .select_related(target)
        .defer(*(f"{target}__{name}" for name in LINKED_RECORD_UNUSED))
        .prefetch_related(*then)
    )
    if by_target_name:
        queryset = queryset.order_by(f"{target}__name", "pk")
    return Prefetch(relation, queryset=queryset, to_attr=f"published_{relation}")


def published_records(relation: str, model: type[m.ContentEntity]) -> Prefetch:
    queryset = model.objects.published().defer(*LINKED_RECORD_UNUSED)
    return Prefetch(relation, queryset=queryset, to_attr=f"published_{relation}")


def check_query_parameters(request, allowed: set[str]) -> None:
    """Refuse parameters the endpoint does not know: a misspelled filter must not match all."""
    unknown = sorted(set(request.query_params) - allowed)
    if not unknown:
        refuse_undecodable_query(request)
        refuse_nul_characters(request)
        refuse_repeated_parameters(request)
        refuse_empty_values(request)
        return
    details = {}
    for name in unknown:
        close = difflib.get_close_matches(name, allowed, n=1)
        hint = f" Did you mean {close[0]}?" if close else ""
        details[name] = f"Unknown parameter.{hint} Accepted: {', '.join(sorted(allowed))}."
    raise UnknownParameters(details)


def refuse_undecodable_query(request) -> None:
    """Bytes that are not UTF-8 would otherwise reach filters as replacement characters."""
    try:
        unquote_to_bytes(request.META.get("QUERY_STRING", "").replace("+", " ")).decode()
    except UnicodeDecodeError:
        raise ValidationError({"query string": "Not valid UTF-8."}) from None


def refuse_repeated_parameters(request) -> None:
    """One value per parameter: a repeat would silently drop all but the last."""
    repeated = {
        name: "Given more than once; separate several values with commas."
        for name, values in request.query_params.lists()
        if len(values) > 1
    }
    if repeated:
        raise ValidationError(repeated)


def refuse_empty_values(request) -> None:
    """`?condition=` is a mistake (a value left out), not a wish for every record."""
    empty = {
        name: "Empty: give a value, or leave the parameter out."
        for name, value in request.query_params.items()
        if value == ""
    }
    if empty:
        raise ValidationError(empty)


def refuse_nul_characters(request) -> None:
    """No database stores a NUL character: say so rather than fail on the query."""
    bad = {
        name: "Contains a NUL character."
        for name, values in request.query_params.lists()
        if any("\x00" in value for value in values)
    }
    if bad:
        raise ValidationError(bad)


def selected_fields(request, available: list[str]) -> set[str] | None:
    """The names in `fields`, each exactly as the schema lists it (no blank, no spaces)."""
    raw = request.query_params.get("fields")
    if raw is None:
        return None
    names = raw.split(",")
    unknown = [repr(name) for name in names if name not in available]
    if unknown:
        raise ValidationError(
            {"fields": f"Unknown field {', '.join(unknown)}. Available: {', '.join(available)}."}
        )
    return set(names)


# The mixin answers 304 and 412 with Django's responses, where DRF's stubs name Response.
class ContentViewSet(ConditionalGetMixin, viewsets.ReadOnlyModelViewSet):  # type: ignore[misc]
    """Lists and details of published records, by slug, with strict query parameters."""

    lookup_field = "slug"
    lookup_value_regex = r"[-a-zA-Z0-9_]+"
    authentication_classes = []
    permission_classes = [AllowAny]
    pagination_class = ContentPagination
    filter_backends = [DjangoFilterBackend]
    renderer_classes = [ORJSONRenderer, JsonLdRenderer]
    kind: Kind
    filterset_class: type[filters.ContentFilter]
    list_serializer_class: type[ContentListSerializer]
    detail_serializer_class: type[ContentDetailSerializer]

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if self.action is None:
            # A method the viewset does not answer: a 405, whatever the parameters.
            return
        allowed = set(COMMON_PARAMETERS)
        if self.action == "list":
            allowed |= {"limit", "offset", *self.filterset_class.base_filters}
        check_query_parameters(request, allowed)
        self.selected_fields = selected_fields(request, self.get_serializer_class().Meta.fields)
        if self.selected_fields is not None and isinstance(
            request.accepted_renderer, JsonLdRenderer
        ):
            self.selected_fields |= JSONLD_FIELDS

    def list(self, request, *args, **kwargs):
        """A 304 only once the filters and the page asked for are known to be valid."""
        queryset = self.filter_queryset(self.get_queryset())
        paginator = self.paginator
        assert isinstance(paginator, ContentPagination)
        paginator.get_limit(request)
        paginator.get_offset(request)
        self.raise_if_not_modified()
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        """The stored document when a current one exists (api.delivery.documents), else rendered."""
        if (
            self.public_cache
            and self.selected_fields is None
            and isinstance(request.accepted_renderer, ORJSONRenderer)
        ):
            body = documents.body_for(request, self.kind.name, kwargs[self.lookup_field])
            if body is not None:
                self.raise_if_not_modified()
                return HttpResponse(body, content_type=request.accepted_renderer.media_type)
        return super().retrieve(request, *args, **kwargs)

    def get_serializer_class(self):
        return self.list_serializer_class if self.action == "list" else self.detail_serializer_class

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "selected_fields": self.selected_fields}

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        # Filters narrow lists; a detail is found by its slug alone, and a list without a
        # filter parameter is spared building the filter form (a fifth of its time).
        if self.action != "list" or not set(self.request.query_params) - PAGE_PARAMETERS:
            return queryset
        return super().filter_queryset(queryset)

    def records(self, model: type[m.ContentEntity]) -> QuerySet:
        """The records this endpoint shows: the public ones (staff preview shows any)."""
        return self.read_columns(model.objects.published())

    def read_columns(self, queryset: QuerySet) -> QuerySet:
        """Only the columns the serializer reads: a list item's few (its `id` is the uid,
        its `url` is built from the slug), a detail's all."""
        if self.action != "list":
            return queryset
        shown = [
            name for name in self.list_serializer_class.Meta.fields if name not in ("id", "url")
        ]
        return queryset.only("uid", "slug", *shown)

    def detail_queryset(self, queryset: QuerySet) -> QuerySet:
        return queryset.select_related("reviewed_by").prefetch_related("sources")


@documented
class SymptomViewSet(ContentViewSet):
    kind = kinds.get("symptom")
    filterset_class = filters.SymptomFilter
    list_serializer_class = serializers.SymptomListSerializer
    detail_serializer_class = serializers.SymptomDetailSerializer

    def get_queryset(self) -> QuerySet:
        queryset = self.records(m.Symptom)
        if self.action == "list":
            return queryset
        return self.detail_queryset(queryset).prefetch_related(
            published_records("body_regions", m.BodyRegion),
            "codes",
            "sections",
            published_links("condition_links", m.SymptomCondition, "condition"),
            published_links("cause_links", m.SymptomCause, "cause"),
            published_links("diagnostic_links", m.SymptomDiagnostic, "diagnostic"),
            published_links("specialist_links", m.SymptomSpecialist, "specialist"),
            published_links("treatment_links", m.SymptomTreatment, "treatment"),
            published_links(
                "nutrient_links",
                m.SymptomNutrient,
                "nutrient",
                then=[
                    Prefetch(
                        "nutrient__source_links",
                        queryset=m.NutrientSource.objects.published(
                            "dietary_source"
                        ).select_related("dietary_source"),
                        to_attr="published_source_links",
                    )
                ],
            ),
            "types",
            "complications",
            "faq",
            Prefetch("expert_opinions", queryset=m.ExpertOpinion.objects.select_related("expert")),
            "red_flags",
        )


@documented
class ConditionViewSet(ContentViewSet):
    kind = kinds.get("condition")
    filterset_class = filters.ConditionFilter
    list_serializer_class = serializers.ConditionListSerializer
    detail_serializer_class = serializers.ConditionDetailSerializer

    def get_queryset(self) -> QuerySet:
        queryset = self.records(m.Condition)
        if self.action == "list":
            return queryset
        return self.detail_queryset(queryset).prefetch_related(
            "codes",
            published_links("symptom_links", m.SymptomCondition, "symptom", by_target_name=True),
            published_links("treatment_links", m.ConditionTreatment, "treatment"),
            published_links("specialist_links", m.ConditionSpecialist, "specialist"),
        )


@documented
class CauseViewSet(ContentViewSet):
    kind = kinds.get("cause")
    filterset_class = filters.CauseFilter
    list_serializer_class = serializers.CauseListSerializer
    detail_serializer_class = serializers.CauseDetailSerializer

    def get_queryset(self) -> QuerySet:
        queryset = self.records(m.Cause)
        if self.action == "list":
            return queryset
        return self.detail_queryset(queryset).prefetch_related(
            published_links("symptom_links", m.SymptomCause, "symptom", by_target_name=True),
        )


@documented
class DiagnosticViewSet(ContentViewSet):
    kind = kinds.get("diagnostic")
    filterset_class = filters.DiagnosticFilter
    list_serializer_class = serializers.DiagnosticListSerializer
    detail_serializer_class = serializers.DiagnosticDetailSerializer

    def get_queryset(self) -> QuerySet:
        queryset = self.records(m.Diagnostic)
        if self.action == "list":
            return queryset
        return self.detail_queryset(queryset).prefetch_related(
            published_links("symptom_links", m.SymptomDiagnostic, "symptom", by_target_name=True),
        )


@documented
class SpecialistViewSet(ContentViewSet):
    kind = kinds.get("specialist")
    filterset_class = filters.SpecialistFilter
    list_serializer_class = serializers.SpecialistListSerializer
    detail_serializer_class = serializers.SpecialistDetailSerializer

    def get_queryset(self) -> QuerySet:
        queryset = self.records(m.Specialist)
        if self.action == "list":
            return queryset
        return self.detail_queryset(queryset).prefetch_related(
            published_links("symptom_links", m.SymptomSpecialist, "symptom", by_target_name=True),
            published_links(
                "condition_links", m.ConditionSpecialist, "condition", by_target_name=True
            ),
        )


@documented
class TreatmentViewSet(ContentViewSet):
    kind = kinds.get("treatment")
    filterset_class = filters.TreatmentFilter
    list_serializer_class = serializers.TreatmentListSerializer
    detail_serializer_class = serializers.TreatmentDetailSerializer

    def get_queryset(self) -> QuerySet:
        queryset = self.records(m.Treatment)
        if self.action == "list":
            return queryset
        return self.detail_queryset(queryset).prefetch_related(
            published_links("symptom_links", m.SymptomTreatment, "symptom", by_target_name=True),
            published_links(
                "condition_links", m.ConditionTreatment, "condition", by_target_name=True
            ),
        )


@documented
class NutrientViewSet(ContentViewSet):
    kind = kinds.get("nutrient")
    filterset_class = filters.NutrientFilter
    list_serializer_class = serializers.NutrientListSerializer
    detail_serializer_class = serializers.NutrientDetailSerializer

    def get_queryset(self) -> QuerySet:
        queryset = self.records(m.Nutrient)
        if self.action == "list":
            return queryset
        return self.detail_queryset(queryset).prefetch_related(
            published_links("source_links", m.NutrientSource, "dietary_source"),
            published_links("symptom_links", m.SymptomNutrient, "symptom", by_target_name=True),
        )


@documented
class DietarySourceViewSet(ContentViewSet):
    kind = kinds.get("dietary_source")
    filterset_class = filters.DietarySourceFilter
    list_serializer_class = serializers.DietarySourceListSerializer
    detail_serializer_class = serializers.DietarySourceDetailSerializer

    def get_queryset(self) -> QuerySet:
        queryset = self.records(m.DietarySource)
        if self.action == "list":
            return queryset
        return self.detail_queryset(queryset).prefetch_related(
            published_links("nutrient_links", m.NutrientSource, "nutrient", by_target_name=True),
        )


@documented
class BodyRegionViewSet(ContentViewSet):
    kind = kinds.get("body_region")
    filterset_class = filters.BodyRegionFilter
    list_serializer_class = serializers.BodyRegionListSerializer
    detail_serializer_class = serializers.BodyRegionDetailSerializer

    def get_queryset(self) -> QuerySet:
        queryset = self.records(m.BodyRegion)
        if self.action == "list":
            return queryset
        return self.detail_queryset(queryset).prefetch_related(
            published_records("symptoms", m.Symptom),
        )
