"""Middleware that turns hostile requests and a lost database into clean JSON errors."""

import logging

from django.conf import settings
from django.contrib import admin
from django.db import InterfaceError, OperationalError
from django.http import JsonResponse

from api.errors import error_response, service_unavailable

logger = logging.getLogger(__name__)


class QueryStringLimitMiddleware:
    """Refuses query strings over MAX_QUERY_STRING_LENGTH bytes before anything parses them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if len(request.META.get("QUERY_STRING", "")) > settings.MAX_QUERY_STRING_LENGTH:
            return error_response(414, "uri_too_long")
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
        return service_unavailable()


class AdminAutocompleteNulMiddleware:
    """The admin's autocomplete finds nothing for a term with a NUL character.

    No name holds one, and PostgreSQL refuses it in a query (a server error otherwise).
    Only staff get the empty answer; anyone else goes on to the admin's login redirect.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if (
            request.resolver_match.view_name == "admin:autocomplete"
            and "\x00" in request.GET.get("term", "")
            and admin.site.has_permission(request)
        ):
            return JsonResponse({"results": [], "pagination": {"more": False}})
        return None
