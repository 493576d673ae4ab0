"""Middleware that turns hostile requests and a lost database into clean JSON errors."""

import logging

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import JsonResponse

logger = logging.getLogger(__name__)

DATABASE_RETRY_AFTER_SECONDS = 5


def error_response(status: int, code: str, message: str) -> JsonResponse:
    """A response in the API's documented error shape."""
    body = {"error": {"status": status, "code": code, "message": message, "details": []}}
    return JsonResponse(body, status=status)


class QueryStringLimitMiddleware:
    """Refuses query strings over MAX_QUERY_STRING_LENGTH bytes before anything parses them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = settings.MAX_QUERY_STRING_LENGTH
        if len(request.META.get("QUERY_STRING", "")) > limit:
            return error_response(
                414, "uri_too_long", f"The query string is longer than {limit} bytes."
            )
        return self.get_response(request)


class DatabaseUnavailableMiddleware:
    """Answers 503 while the database is unreachable, instead of a 500.

    The failed connection is discarded at the end of the request (CONN_HEALTH_CHECKS), so
    the next request reconnects by itself once the database is back.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        logger.warning("database unavailable: %s", exception.__class__.__name__, exc_info=True)
        response = error_response(
            503,
            "service_unavailable",
            "The service is briefly unavailable. Retry in a few seconds.",
        )
        response["Retry-After"] = str(DATABASE_RETRY_AFTER_SECONDS)
        return response
