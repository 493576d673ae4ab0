"""Views that fail the way a lost database or a broken cache makes real views fail."""

from django.core.cache import cache
from django.db import InterfaceError, OperationalError, connection
from django.http import JsonResponse
from django.urls import include, path

from healthcontent.urls import handler400, handler404, handler500  # noqa: F401


def database_gone(request):
    raise OperationalError("server closed the connection unexpectedly")


def connection_closed(request):
    raise InterfaceError("connection already closed")


def other_failure(request):
    raise ValueError("not a database problem")


def database_query(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        return JsonResponse({"value": cursor.fetchone()[0]})


def cached_query(request):
    """Reads through the cache as a cached API view does: a get, then a query and a set."""
    value = cache.get("faults:cached-query")
    if value is None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM django_migrations")
            value = cursor.fetchone()[0]
        cache.set("faults:cached-query", value, timeout=60)
    return JsonResponse({"value": value})


urlpatterns = [
    path("faults/database-gone/", database_gone),
    path("faults/connection-closed/", connection_closed),
    path("faults/other/", other_failure),
    path("faults/query/", database_query),
    path("faults/cached-query/", cached_query),
    path("", include("healthcontent.urls")),
]
