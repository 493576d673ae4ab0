import json

import pytest
from django.db import OperationalError
from django.test import override_settings

from api.errors import server_error

pytestmark = pytest.mark.urls("tests.healthcontent.urls")


def assert_error_shape(response, status: int, code: str):
    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    body = json.loads(response.content)
    assert set(body) == {"error"}
    assert body["error"]["status"] == status
    assert body["error"]["code"] == code
    assert body["error"]["message"]
    assert body["error"]["details"] == []
    assert b"Traceback" not in response.content


@pytest.mark.parametrize("path", ["/faults/database-gone/", "/faults/connection-closed/"])
def test_lost_database_is_a_503_in_the_error_shape(client, path):
    response = client.get(path)

    assert_error_shape(response, 503, "service_unavailable")
    assert response["Retry-After"] == "5"


def test_other_failures_are_not_reported_as_a_lost_database(client):
    with pytest.raises(ValueError):
        client.get("/faults/other/")


@override_settings(MAX_QUERY_STRING_LENGTH=100)
def test_query_string_over_the_limit_is_a_414_in_the_error_shape(client):
    response = client.get("/api/schema/?q=" + "a" * 99)

    assert_error_shape(response, 414, "uri_too_long")


@override_settings(MAX_QUERY_STRING_LENGTH=100)
def test_query_string_at_the_limit_is_served(client):
    response = client.get("/admin/login/?q=" + "a" * 98)

    assert response.status_code == 200


def test_a_megabyte_query_string_is_a_414(client):
    response = client.get("/api/schema/?q=" + "x" * 1024 * 1024)

    assert_error_shape(response, 414, "uri_too_long")


def test_too_many_query_parameters_is_a_400_in_the_error_shape(client, db):
    response = client.get("/api/v1/symptoms/?" + "a=1&" * 1001)

    assert_error_shape(response, 400, "bad_request")


def test_database_failure_outside_a_view_is_a_503_not_a_500(rf):
    try:
        raise OperationalError("the database system is shutting down")
    except OperationalError:
        response = server_error(rf.get("/admin/"))

    assert_error_shape(response, 503, "service_unavailable")
