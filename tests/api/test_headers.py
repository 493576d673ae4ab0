import pytest
from django.test import override_settings

from tests import factories as f

pytestmark = pytest.mark.django_db


def test_every_api_response_carries_the_licence_and_attribution(client, settings):
    for url in ["/api/v1/symptoms/", "/api/v1/nothing-here/", "/api/v1/changes/"]:
        response = client.get(url)
        assert response["X-Content-License"] == "CC-BY-4.0"
        assert response["Link"] == '<https://creativecommons.org/licenses/by/4.0/>; rel="license"'
        assert response["X-Content-Attribution"] == settings.CONTENT_ATTRIBUTION


@override_settings(
    CONTENT_LICENSE="Proprietary",
    CONTENT_LICENSE_URL="https://example.org/terms",
    CONTENT_ATTRIBUTION="Credit Example Health.",
)
def test_the_licence_is_configurable(client):
    response = client.get("/api/v1/symptoms/")
    assert response["X-Content-License"] == "Proprietary"
    assert response["Link"] == '<https://example.org/terms>; rel="license"'
    assert response["X-Content-Attribution"] == "Credit Example Health."


@override_settings(CORS_ALLOWED_ORIGINS=["https://app.example.org"])
def test_cors_allows_configured_origins_for_get_only(client):
    response = client.get("/api/v1/symptoms/", HTTP_ORIGIN="https://app.example.org")
    assert response["Access-Control-Allow-Origin"] == "https://app.example.org"
    preflight = client.options(
        "/api/v1/symptoms/",
        HTTP_ORIGIN="https://app.example.org",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
    )
    assert "POST" not in preflight["Access-Control-Allow-Methods"]
    assert "GET" in preflight["Access-Control-Allow-Methods"]
    assert "ETag" in response["Access-Control-Expose-Headers"]


@override_settings(CORS_ALLOWED_ORIGINS=["https://app.example.org"])
def test_cors_refuses_other_origins_and_the_admin(client):
    other = client.get("/api/v1/symptoms/", HTTP_ORIGIN="https://evil.example")
    assert "Access-Control-Allow-Origin" not in other
    admin = client.get("/admin/login/", HTTP_ORIGIN="https://app.example.org")
    assert "Access-Control-Allow-Origin" not in admin


@override_settings(CORS_ALLOWED_ORIGINS=["https://one.example.org", "https://two.example.org"])
def test_a_cached_answer_carries_the_callers_own_cors_origin(client):
    f.SymptomFactory(slug="cramps")
    url = "/api/v1/symptoms/cramps/"
    first = client.get(url, HTTP_ORIGIN="https://one.example.org")
    second = client.get(url, HTTP_ORIGIN="https://two.example.org")
    unlisted = client.get(url, HTTP_ORIGIN="https://evil.example.org")
    assert first["Access-Control-Allow-Origin"] == "https://one.example.org"
    assert second["Access-Control-Allow-Origin"] == "https://two.example.org"
    assert "Access-Control-Allow-Origin" not in unlisted
