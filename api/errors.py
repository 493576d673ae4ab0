"""One JSON error shape for every 4xx and 5xx the API returns, and its OpenAPI description."""

from __future__ import annotations

import sys

from django.db import InterfaceError, OperationalError
from django.http import Http404, JsonResponse
from django.views import defaults
from drf_spectacular.utils import OpenApiExample, OpenApiResponse
from rest_framework import exceptions, serializers
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

MESSAGES = {
    "not_found": "Nothing is published at this address.",
    "method_not_allowed": "This endpoint is read-only: use GET.",
    "server_error": "The server failed to answer. The error has been logged.",
    "bad_request": "The request is malformed or too large.",
    "uri_too_long": "The query string is too long.",
    "service_unavailable": "The service is briefly unavailable. Retry in a few seconds.",
}
SERVICE_UNAVAILABLE_RETRY_AFTER = 5


class UnknownParameters(exceptions.ValidationError):
    """Query parameters the endpoint does not accept (a typo would otherwise be ignored)."""

    default_code = "unknown_parameter"


class ErrorDetailSerializer(serializers.Serializer):
    parameter = serializers.CharField(help_text="The query parameter at fault.")
    message = serializers.CharField(help_text="What is wrong with it, and what is accepted.")


class ErrorBodySerializer(serializers.Serializer):
    status = serializers.IntegerField(help_text="The HTTP status code, repeated.")
    code = serializers.CharField(
        help_text="A stable machine-readable code: `invalid_parameter`, `unknown_parameter`, "
        "`not_found`, `method_not_allowed`, `not_acceptable`, `bad_request`, `uri_too_long`, "
        "`server_error`, `service_unavailable`."
    )
    message = serializers.CharField(help_text="A human-readable summary.")
    details = ErrorDetailSerializer(
        many=True, help_text="One entry per faulty query parameter; empty otherwise."
    )


class ErrorSerializer(serializers.Serializer):
    """The body of every error response."""

    error = ErrorBodySerializer()


def error_body(status: int, code: str, message: str, details: list[dict] | None = None) -> dict:
    return {"error": {"status": status, "code": code, "message": message, "details": details or []}}


def error_response(status: int, code: str, headers: dict | None = None) -> JsonResponse:
    """A response in the error shape, for code outside DRF views (middleware, handlers)."""
    return JsonResponse(error_body(status, code, MESSAGES[code]), status=status, headers=headers)


def service_unavailable() -> JsonResponse:
    return error_response(
        503, "service_unavailable", {"Retry-After": str(SERVICE_UNAVAILABLE_RETRY_AFTER)}
    )


def _validation_details(detail) -> list[dict]:
    if not isinstance(detail, dict):
        return [{"parameter": "", "message": " ".join(str(item) for item in _flatten(detail))}]
    return [
        {"parameter": str(name), "message": " ".join(str(item) for item in _flatten(messages))}
        for name, messages in detail.items()
    ]


def _flatten(value) -> list:
    if isinstance(value, list | tuple):
        return [item for element in value for item in _flatten(element)]
    if isinstance(value, dict):
        return [item for element in value.values() for item in _flatten(element)]
    return [value]


def exception_handler(exc, context):
    """DRF's handler, reshaped: every error a view raises leaves in `ErrorSerializer`'s shape."""
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    details: list[dict] = []
    if isinstance(exc, exceptions.ValidationError):
        unknown = isinstance(exc, UnknownParameters)
        code = "unknown_parameter" if unknown else "invalid_parameter"
        details = _validation_details(exc.detail)
        names = ", ".join(d["parameter"] for d in details if d["parameter"])
        message = f"{'Unknown' if unknown else 'Invalid'} query parameter: {names}."
    elif isinstance(exc, Http404):
        code, message = "not_found", MESSAGES["not_found"]
    else:
        code = getattr(exc, "default_code", "error")
        message = MESSAGES.get(code) or " ".join(str(i) for i in _flatten(response.data))
    return Response(
        error_body(response.status_code, code, message, details),
        status=response.status_code,
        headers={k: v for k, v in response.items() if k in ("Allow", "Retry-After")},
    )


def _is_api(request) -> bool:
    return request.path.startswith("/api/")


def page_not_found(request, exception):
    """Unknown API addresses get the API's error shape; the rest of the site keeps Django's."""
    if _is_api(request):
        return JsonResponse(error_body(404, "not_found", MESSAGES["not_found"]), status=404)
    return defaults.page_not_found(request, exception)


def bad_request(request, exception):
    """Requests Django refuses (too many parameters, an oversized body) in the API's shape."""
    if _is_api(request):
        return error_response(400, "bad_request")
    return defaults.bad_request(request, exception)


def server_error(request):
    if isinstance(sys.exc_info()[1], OperationalError | InterfaceError):
        # The database failed outside a view (in a middleware): still a 503, not a 500.
        return service_unavailable()
    if _is_api(request):
        return JsonResponse(error_body(500, "server_error", MESSAGES["server_error"]), status=500)
    return defaults.server_error(request)


def _example(name: str, status: int, code: str, message: str, details=None) -> OpenApiExample:
    return OpenApiExample(
        name, value=error_body(status, code, message, details), status_codes=[str(status)]
    )


BAD_REQUEST = OpenApiResponse(
    ErrorSerializer,
    description="A query parameter is unknown or has an invalid value. "
    "`details` names each one and says what is wrong.",
    examples=[
        _example(
            "Misspelled parameter",
            400,
            "unknown_parameter",
            "Unknown query parameter: conditon.",
            [{"parameter": "conditon", "message": "Unknown parameter. Did you mean condition?"}],
        ),
        _example(
            "Invalid value",
            400,
            "invalid_parameter",
            "Invalid query parameter: limit.",
            [{"parameter": "limit", "message": "Must be a whole number from 1 (got 'ten')."}],
        ),
    ],
)
NOT_FOUND = OpenApiResponse(
    ErrorSerializer,
    description="No published record has this slug (drafts and archived records are not found).",
    examples=[_example("Unknown slug", 404, "not_found", MESSAGES["not_found"])],
)
URI_TOO_LONG = OpenApiResponse(
    ErrorSerializer,
    description="The query string is longer than the server accepts (4096 bytes by default).",
    examples=[_example("Query string too long", 414, "uri_too_long", MESSAGES["uri_too_long"])],
)
SERVICE_UNAVAILABLE = OpenApiResponse(
    ErrorSerializer,
    description="The database is briefly unreachable; retry after `Retry-After` seconds.",
    examples=[
        _example(
            "Database unreachable", 503, "service_unavailable", MESSAGES["service_unavailable"]
        )
    ],
)
SERVER_ERROR = OpenApiResponse(
    ErrorSerializer,
    description="An unexpected failure on the server.",
    examples=[_example("Server error", 500, "server_error", MESSAGES["server_error"])],
)
THROTTLED = OpenApiResponse(
    ErrorSerializer,
    description="Over the rate limit (API_ANON_RATE per address, API_KEY_RATE per key; "
    "the OpenAPI document and its pages count too), or too many requests with an invalid "
    "API key from this address (API_INVALID_KEY_RATE): then any request sending a key is "
    "refused until the window ends. `Retry-After` says how many seconds to wait.",
    examples=[
        _example(
            "Throttled",
            429,
            "throttled",
            "Request was throttled. Expected available in 12 seconds.",
        )
    ],
)
INVALID_API_KEY = OpenApiResponse(
    ErrorSerializer,
    description="An API key was sent but is unknown, revoked or expired.",
    examples=[
        _example(
            "Invalid API key",
            401,
            "invalid_api_key",
            "The API key is unknown, revoked or expired. Send a valid key, or none.",
        )
    ],
)
FORBIDDEN = OpenApiResponse(
    ErrorSerializer,
    description="A staff login to the admin is needed (staff preview only).",
    examples=[
        _example(
            "Not staff", 403, "not_authenticated", "Authentication credentials were not provided."
        )
    ],
)
