"""OpenAPI generation: the error responses every operation shares, and per-resource texts."""

from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)

from api.errors import (
    BAD_REQUEST,
    INVALID_API_KEY,
    NOT_FOUND,
    SERVER_ERROR,
    SERVICE_UNAVAILABLE,
    THROTTLED,
    URI_TOO_LONG,
)
from api.schema import texts

NOT_MODIFIED = OpenApiResponse(
    description="Not modified: the `ETag` sent in `If-None-Match` (or the date in "
    "`If-Modified-Since`) is still current. No body; keep your copy."
)


JSONLD_SCHEMA = {
    "type": "object",
    "description": "schema.org JSON-LD with an inline `@context`: a detail as its schema.org "
    "type (MedicalSymptom, MedicalCondition, MedicalTest, ...), a list as an ItemList.",
    "properties": {"@context": {}, "@type": {"type": "string"}},
    "required": ["@context", "@type"],
    "additionalProperties": True,
}


# A string without NUL, which every endpoint refuses (no database stores it); an item of a
# comma-separated list has no comma either.
NO_NUL = "^[^\\u0000]*$"
NO_NUL_NOR_COMMA = "^[^\\u0000,]*$"


def refusing_empty(schema: dict) -> dict:
    """A query parameter's schema, saying what every endpoint refuses: an empty value
    (`?search=`), an empty item in a comma-separated list (`?condition=a,,b`), a NUL."""
    if schema.get("type") == "array":
        items = schema["items"]
        if items.get("type") == "string" and "enum" not in items:
            items = {"minLength": 1, "pattern": NO_NUL_NOR_COMMA, **items}
        return {**schema, "minItems": 1, "items": items}
    if schema.get("type") == "string" and "enum" not in schema:
        return {"minLength": 1, "pattern": NO_NUL, **schema}
    return schema


class AutoSchema(SpectacularAutoSchema):
    """Adds the shared responses (304, 400, 401, 404 on details, 414, 429, 500, 503), and
    says of every query parameter that an empty value is refused."""

    def _map_basic_serializer(self, serializer, direction):
        schema = super()._map_basic_serializer(serializer, direction)
        selectable = {
            getattr(self.view, "list_serializer_class", None),
            getattr(self.view, "detail_serializer_class", None),
        }
        if type(serializer) in selectable:
            # `fields` may leave any of them out.
            schema.pop("required", None)
        return schema

    def _get_parameters(self):
        parameters = super()._get_parameters()
        for parameter in parameters:
            if parameter["in"] == OpenApiParameter.QUERY and "schema" in parameter:
                parameter["schema"] = refusing_empty(parameter["schema"])
        return parameters

    def _is_list_view(self, serializer=None) -> bool:
        # A view that builds its own page answers one object (results with a cursor).
        if getattr(self.view, "answers_one_page_object", False):
            return False
        return super()._is_list_view(serializer)

    def _get_response_for_code(self, serializer, status_code, media_types=None, *args, **kwargs):
        response = super()._get_response_for_code(
            serializer, status_code, media_types, *args, **kwargs
        )
        jsonld = response.get("content", {}).get("application/ld+json")
        if jsonld is not None and str(status_code).startswith("2"):
            # The JSON-LD rendering is a schema.org graph, not the JSON shape.
            jsonld["schema"] = JSONLD_SCHEMA
        return response

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        errors = {
            "304": NOT_MODIFIED,
            "400": BAD_REQUEST,
            "401": INVALID_API_KEY,
            "414": URI_TOO_LONG,
            "429": THROTTLED,
            "500": SERVER_ERROR,
            "503": SERVICE_UNAVAILABLE,
        }
        if self.path.rstrip("/").endswith("}"):
            errors["404"] = NOT_FOUND
        for code, response in sorted(errors.items()):
            responses.setdefault(code, self._get_response_for_code(response, code))
        return responses


def _fields_parameter(serializer) -> OpenApiParameter:
    names = ", ".join(f"`{name}`" for name in serializer.Meta.fields)
    return OpenApiParameter(
        "fields",
        {"type": "array", "items": {"type": "string", "enum": list(serializer.Meta.fields)}},
        explode=False,
        style="form",
        description="Only these top-level fields, comma-separated (all by default). "
        f"Available: {names}. An unknown name is a 400. Without `fields`, every field is "
        "present. JSON-LD always keeps `id`, `url` and `name`, which every node is built from.",
    )


FORMAT_PARAMETER = OpenApiParameter(
    "format",
    str,
    enum=["json", "jsonld"],
    description="`jsonld`: schema.org JSON-LD (`application/ld+json`, as with that `Accept` "
    "header): a detail as its schema.org type (MedicalSymptom, MedicalCondition, ...), a list "
    "as an ItemList. Default `json`.",
)


def documented(viewset):
    """Summaries, descriptions, parameters and examples for the list and detail of the
    viewset's `kind`."""
    singular, resource = viewset.kind.verbose_name, viewset.kind.url_plural
    text = texts.RESOURCES[resource]
    list_view = extend_schema(
        tags=[resource],
        summary=f"List published {resource.replace('-', ' ')}",
        description=f"{text['list']}\n\n{texts.LIST_RULES}",
        parameters=[_fields_parameter(viewset.list_serializer_class), FORMAT_PARAMETER],
        examples=[texts.example(f"A {singular}", text["list_example"])],
    )
    detail_view = extend_schema(
        tags=[resource],
        summary=f"One published {singular}, with everything it links to",
        description=f"{text['detail']}\n\n{texts.DETAIL_RULES}",
        parameters=[
            OpenApiParameter(
                "slug",
                str,
                OpenApiParameter.PATH,
                description=f"The {singular}'s slug, as lists give it.",
            ),
            _fields_parameter(viewset.detail_serializer_class),
            FORMAT_PARAMETER,
        ],
        examples=[texts.example(text["detail_example"]["name"], text["detail_example"])],
    )
    return extend_schema_view(list=list_view, retrieve=detail_view)(viewset)
