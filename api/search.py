"""The search endpoints: ranked results across every entity, and name completions."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.pagination import StrictPagination
from api.serializers.base import slug_url
from api.views import COMMON_PARAMETERS, check_query_parameters
from symptoms import kinds
from symptoms.search.engine import search_content
from symptoms.search.query import MAX_QUERY_LENGTH, normalize_query
from symptoms.search.suggest import SUGGEST_LIMIT, suggest
from symptoms.search.table import Hit


class SearchPagination(StrictPagination):
    default_limit = 20
    max_limit = 50
    refuse_larger_limit = False


# Something besides whitespace (str.isspace(), which the serializer trims), and no NUL.
WHITESPACE = r"\t-\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
SEARCHABLE = rf"^[^\x00]*[^\x00{WHITESPACE}][^\x00]*$"


class QueryParameterSerializer(serializers.Serializer):
    q = serializers.CharField(
        max_length=MAX_QUERY_LENGTH,
        trim_whitespace=True,
        error_messages={"blank": "Type something to search for."},
    )

    def validate_q(self, value: str) -> str:
        return normalize_query(value)


class SearchParameterSerializer(QueryParameterSerializer):
    type = serializers.ListField(
        child=serializers.ChoiceField(choices=kinds.CHOICES), required=False
    )


class SearchHitSerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=kinds.CHOICES)
    id = serializers.UUIDField(source="uid", help_text="The record's stable ID.")
    slug = serializers.SlugField()
    name = serializers.CharField()
    url = serializers.SerializerMethodField(help_text="The record's detail URL.")
    snippet = serializers.CharField(
        help_text="A short passage, HTML-escaped, with the matched words in <mark> tags."
    )
    rank = serializers.FloatField(help_text="Relevance: higher is better; compare within a query.")

    def get_url(self, hit) -> str:
        return detail_url(self.context["request"], hit.type, hit.slug)


class SearchPageSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = SearchHitSerializer(many=True)


class SuggestionSerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=kinds.CHOICES)
    slug = serializers.SlugField()
    name = serializers.CharField()
    url = serializers.SerializerMethodField()

    def get_url(self, suggestion) -> str:
        return detail_url(self.context["request"], suggestion.type, suggestion.slug)


class SuggestPageSerializer(serializers.Serializer):
    results = SuggestionSerializer(many=True)


def detail_url(request: Request, type_: str, slug: str) -> str:
    """The hit's detail URL: routes are named after the kind, as hits are."""
    return slug_url(request, f"{type_}-detail", slug)


# The kinds' enum of the schema (settings.SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"]).
CONTENT_KIND_SCHEMA = "#/components/schemas/ContentKindEnum"

Q_PARAMETER = OpenApiParameter(
    "q",
    {"type": "string", "minLength": 1, "maxLength": MAX_QUERY_LENGTH, "pattern": SEARCHABLE},
    required=True,
    description=f"What to search for: 1 to {MAX_QUERY_LENGTH} characters. Lay words, synonyms "
    'and misspellings work ("twitchy eyelid", "lou gehrig", "myokimia").',
)


PAGE_PARAMETERS = [
    OpenApiParameter(parameter["name"], parameter["schema"], description=parameter["description"])
    for parameter in SearchPagination().get_schema_operation_parameters(view=None)
]


class PublicSearchView(APIView):
    """Public, anonymous, strict about its query parameters."""

    authentication_classes = []
    permission_classes = [AllowAny]
    allowed_parameters: set[str] = set()

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        check_query_parameters(request, self.allowed_parameters | COMMON_PARAMETERS)


class SearchView(PublicSearchView):
    """Ranked search across every published entity."""

    pagination_class = SearchPagination
    allowed_parameters = {"q", "type", "limit", "offset"}

    @extend_schema(
        operation_id="search",
        summary="Search all content",
        description=(
            "Searches published symptoms, conditions, causes, diagnostic tests, specialists, "
            "treatments, nutrients, dietary sources and body regions at once. Names and "
            "synonyms weigh most, then summaries, then the full text; words are stemmed "
            '("twitching" finds "twitches") and misspellings are tolerated. Results are '
            "ordered by relevance, best first."
        ),
        parameters=[
            Q_PARAMETER,
            OpenApiParameter(
                "type",
                {"type": "array", "items": {"$ref": CONTENT_KIND_SCHEMA}},
                explode=False,
                description="Only these entity types, comma-separated (type=symptom,condition), "
                "like every multi-value filter of the API.",
            ),
            *PAGE_PARAMETERS,
        ],
        responses={200: SearchPageSerializer},
    )
    def get(self, request: Request) -> Response:
        types = request.query_params["type"].split(",") if "type" in request.query_params else []
        parameters = SearchParameterSerializer(data={**request.query_params.dict(), "type": types})
        parameters.is_valid(raise_exception=True)
        results = search_content(
            parameters.validated_data["q"], types=parameters.validated_data.get("type") or None
        )
        paginator = self.pagination_class()
        # DRF pages anything that counts and slices; the stubs ask for a QuerySet.
        page: list[Hit] | None
        page = paginator.paginate_queryset(results, request, view=self)  # type: ignore[arg-type]
        hits = SearchHitSerializer(page, many=True, context={"request": request})
        return paginator.get_paginated_response(hits.data)


class SuggestView(PublicSearchView):
    """Name completions for a search-as-you-type box."""

    allowed_parameters = {"q"}

    @extend_schema(
        operation_id="search_suggest",
        summary="Complete a name",
        description=(
            f"Up to {SUGGEST_LIMIT} published names that start with `q`, in alphabetical "
            "order, then names with a later word starting with it (from three characters), "
            "by that word, then name. Meant to be called on every keystroke."
        ),
        parameters=[Q_PARAMETER],
        responses={200: SuggestPageSerializer},
    )
    def get(self, request: Request) -> Response:
        parameters = QueryParameterSerializer(data=request.query_params.dict())
        parameters.is_valid(raise_exception=True)
        suggestions = suggest(parameters.validated_data["q"])
        return Response(
            {
                "results": SuggestionSerializer(
                    suggestions, many=True, context={"request": request}
                ).data
            }
        )
