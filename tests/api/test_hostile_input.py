"""Bad requests across the API: each a 4xx in the error shape, revealing nothing inside."""

import json

import pytest
from django.db import transaction
from django.test import override_settings

pytestmark = pytest.mark.django_db

S = "/api/v1/symptoms/"
C = "/api/v1/conditions/"
LONG = "a" * 3000

# (method, path, extra request headers, expected status)
BAD_REQUESTS = [
    ("get", S + "?colour=red", {}, 400),
    ("get", S + "?conditon=als", {}, 400),
    ("get", S + "?limit=10&limit=20", {}, 400),
    ("get", S + "?search=a&search=b", {}, 400),
    ("get", S + "?limit=ten", {}, 400),
    ("get", S + "?limit=1.5", {}, 400),
    ("get", S + "?limit=0", {}, 400),
    ("get", S + "?limit=-5", {}, 400),
    ("get", S + f"?limit={10**9}", {}, 400),
    ("get", S + f"?limit={10**40}", {}, 400),
    ("get", S + "?offset=-1", {}, 400),
    ("get", S + "?offset=1e3", {}, 400),
    ("get", S + "?offset=0x10", {}, 400),
    ("get", S + "?updated_since=yesterday", {}, 400),
    ("get", S + "?updated_since=2026-13-45", {}, 400),
    ("get", S + "?ordering=password", {}, 400),
    ("get", S + "?ordering=name;DROP%20TABLE%20symptoms_symptom", {}, 400),
    ("get", S + "?condition=x'%20OR%201=1--", {}, 400),
    ("get", S + "?condition=" + LONG, {}, 400),
    ("get", S + "?condition=,,,", {}, 400),
    ("get", S + '?condition={"$ne":null}', {}, 400),
    ("get", S + "?condition[]=als", {}, 400),
    ("get", S + "?fields=password", {}, 400),
    ("get", S + "?fields=__class__", {}, 400),
    ("get", S + "?search=%00", {}, 400),
    ("get", S + "?search=abc%00def", {}, 400),
    ("get", S + "?search=%FF%FE", {}, 400),
    ("get", S + "?search=%C3%28", {}, 400),
    ("get", C + "?category=not-a-category", {}, 400),
    ("get", C + "?category=" + LONG, {}, 400),
    ("get", S + "%FF%FE/", {}, 404),
    ("get", S + "..%2F..%2Fetc%2Fpasswd/", {}, 404),
    ("get", S + "....//....//etc/passwd/", {}, 404),
    ("get", S + "%2e%2e/%2e%2e/settings.py/", {}, 404),
    ("get", S + "muscle-twitches%00/", {}, 404),
    ("get", S + "' OR '1'='1/", {}, 404),
    ("get", S + LONG + "/", {}, 404),
    ("get", "/api/v1/no-such-resource/", {}, 404),
    ("get", "/api/v2/symptoms/", {}, 404),
    ("post", S, {}, 405),
    ("put", S + "muscle-twitches/", {}, 405),
    ("patch", S + "muscle-twitches/", {}, 405),
    ("delete", S + "muscle-twitches/", {}, 405),
    ("post", C, {"content_type": "application/json"}, 405),
    ("get", S, {"HTTP_ACCEPT": "application/xml"}, 406),
    ("get", S, {"HTTP_ACCEPT": "text/csv"}, 406),
    ("get", S + "muscle-twitches/", {"HTTP_ACCEPT": "image/png"}, 406),
    ("get", S + "?q=" + "x" * 1024 * 1024, {}, 414),
    ("get", S + "?" + "a=1&" * 1001, {}, 400),
]

LEAKS = [
    "Traceback",
    'File "',
    "/work/",
    "site-packages",
    "SECRET_KEY",
    "DATABASES",
    "psycopg",
    "sqlite3",
    "SELECT ",
    "django.db",
    "Exception Value",
]


def test_the_table_is_at_least_forty_requests_long():
    assert len(BAD_REQUESTS) >= 40


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """Load once for the module; roll back at its end."""
    from symptoms.demo.bundle import load_demo_content

    with django_db_blocker.unblock(), transaction.atomic():
        load_demo_content()
        yield
        transaction.set_rollback(True)


@override_settings(DEBUG=False)
@pytest.mark.parametrize(
    ("method", "path", "headers", "status"),
    BAD_REQUESTS,
    ids=[f"{m} {p[:60]} {s}" for m, p, _, s in BAD_REQUESTS],
)
def test_bad_request_gets_a_4xx_in_the_error_shape_and_reveals_nothing(
    client, demo, method, path, headers, status
):
    response = getattr(client, method)(path, **headers)

    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    error = json.loads(response.content)["error"]
    assert error["status"] == status
    assert error["code"] and error["message"]
    assert isinstance(error["details"], list)
    text = response.content.decode()
    assert [leak for leak in LEAKS if leak in text] == []
    if status == 405:
        assert response["Allow"] == "GET, HEAD, OPTIONS"
