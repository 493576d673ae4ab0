import json
import logging

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from healthcontent.observability import (
    JsonFormatter,
    RequestIdFilter,
    RequestLogMiddleware,
    request_id_var,
)


@pytest.fixture
def access_records(caplog):
    caplog.set_level(logging.INFO, logger="healthcontent.access")
    return lambda: [r for r in caplog.records if r.name == "healthcontent.access"]


def test_request_id_is_generated_and_returned(client):
    first = client.get("/healthz")
    second = client.get("/healthz")

    assert len(first["X-Request-ID"]) == 32
    assert first["X-Request-ID"] != second["X-Request-ID"]


def test_callers_request_id_is_kept(client):
    response = client.get("/healthz", HTTP_X_REQUEST_ID="lb-7f3a.42")

    assert response["X-Request-ID"] == "lb-7f3a.42"


@pytest.mark.parametrize("bad", ["two words", "x" * 201, 'quote"injection', "new\\nline"])
def test_malformed_request_id_is_replaced(client, bad):
    response = client.get("/healthz", HTTP_X_REQUEST_ID=bad)

    assert response["X-Request-ID"] != bad
    assert len(response["X-Request-ID"]) == 32


def test_one_access_line_per_request_with_its_fields(client, access_records):
    response = client.get("/no-such-page/", HTTP_X_REQUEST_ID="abc-123")

    [record] = access_records()
    assert response.status_code == 404
    assert record.method == "GET"
    assert record.path == "/no-such-page/"
    assert record.status == 404
    assert record.duration_ms >= 0
    assert record.request_id == "abc-123"


def test_failing_view_is_logged_with_status_500(access_records):
    def broken_view(request):
        return HttpResponse(status=500)

    middleware = RequestLogMiddleware(broken_view)
    response = middleware(RequestFactory().post("/api/v1/symptoms/"))

    [record] = access_records()
    assert record.status == 500
    assert record.method == "POST"
    assert response["X-Request-ID"] == record.request_id


def test_json_formatter_writes_one_parseable_line_with_extra_fields():
    record = logging.makeLogRecord(
        {
            "name": "healthcontent.access",
            "levelname": "INFO",
            "msg": "GET %s",
            "args": ("/healthz",),
            "status": 200,
            "request_id": "r1",
        }
    )

    line = JsonFormatter().format(record)

    assert "\n" not in line
    entry = json.loads(line)
    assert entry["message"] == "GET /healthz"
    assert entry["logger"] == "healthcontent.access"
    assert entry["level"] == "INFO"
    assert entry["status"] == 200
    assert entry["request_id"] == "r1"
    assert "time" in entry


def test_every_log_line_during_a_request_carries_its_id():
    record = logging.makeLogRecord({"msg": "inside a view"})
    token = request_id_var.set("req-9")
    try:
        RequestIdFilter().filter(record)
    finally:
        request_id_var.reset(token)

    assert record.request_id == "req-9"
