"""Views that fail the way a lost database or a broken cache makes real views fail."""

from django.db import InterfaceError, OperationalError, connection
from django.http import JsonResponse
from django.urls import include, path


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


urlpatterns = [
    path("faults/database-gone/", database_gone),
    path("faults/connection-closed/", connection_closed),
    path("faults/other/", other_failure),
    path("faults/query/", database_query),
    path("", include("healthcontent.urls")),
]
