import json

import pytest
from django.test import override_settings

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
