from unittest import mock

import pytest
from django.core.cache import cache
from django.test import override_settings

from api.consumers.quotas import ClientRateThrottle
from api.models import ApiKey
from api.schema.view import SchemaView

pytestmark = pytest.mark.django_db
URL = "/api/v1/symptoms/"


@pytest.fixture(autouse=True)
def fresh_counters(monkeypatch):
    # A fixed clock: a test's requests never straddle the edge of a quota window.
    monkeypatch.setattr(ClientRateThrottle, "timer", staticmethod(lambda: 1_800_000_030.0))
    cache.clear()
    yield
    cache.clear()


def _statuses(client, count, **headers):
    return [client.get(URL, **headers).status_code for _ in range(count)]


@override_settings(API_ANON_RATE="3/min")
def test_anonymous_clients_get_a_429_in_the_error_shape_with_retry_after(client):
    assert _statuses(client, 3) == [200, 200, 200]
    response = client.get(URL)
    assert response.status_code == 429
    assert response.json()["error"]["code"] == "throttled"
    assert 0 < int(response["Retry-After"]) <= 60


@override_settings(API_ANON_RATE="2/min")
def test_the_anonymous_limit_is_per_client_address(client):
    assert _statuses(client, 3, REMOTE_ADDR="10.0.0.1")[-1] == 429
    assert client.get(URL, REMOTE_ADDR="10.0.0.2").status_code == 200


@override_settings(API_ANON_RATE="1/min", API_KEY_RATE="5/min")
@pytest.mark.parametrize("header", ["HTTP_AUTHORIZATION", "HTTP_X_API_KEY"])
def test_an_api_key_raises_the_limit(client, header):
    _, key = ApiKey.objects.create_key(name="Health app")
    value = f"Api-Key {key}" if header == "HTTP_AUTHORIZATION" else key
    assert _statuses(client, 2)[-1] == 429
    assert _statuses(client, 5, **{header: value}) == [200] * 5
    assert client.get(URL, **{header: value}).status_code == 429


@override_settings(API_KEY_RATE="1/min")
def test_a_per_key_rate_overrides_the_default_and_none_disables_it(client):
    _, fast = ApiKey.objects.create_key(name="Partner", rate="none")
    _, slow = ApiKey.objects.create_key(name="Hobbyist")
    assert _statuses(client, 4, HTTP_X_API_KEY=fast) == [200] * 4
    assert _statuses(client, 2, HTTP_X_API_KEY=slow) == [200, 429]


def test_none_turns_the_anonymous_limit_off(client, settings):
    settings.API_ANON_RATE = "none"
    assert set(_statuses(client, 70)) == {200}


def test_defaults_are_60_per_minute_anonymous_and_1200_per_key():
    from healthcontent import settings as real

    assert (real.API_ANON_RATE, real.API_KEY_RATE) == ("60/min", "1200/min")


@pytest.mark.parametrize("key", ["not-a-key", "abc.def"])
def test_an_unknown_key_is_a_401(client, key):
    response = client.get(URL, HTTP_X_API_KEY=key)
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "invalid_api_key"


def test_a_revoked_key_is_refused(client):
    api_key, key = ApiKey.objects.create_key(name="Old app")
    api_key.revoked = True
    api_key.save()
    assert client.get(URL, HTTP_X_API_KEY=key).status_code == 401


def test_keys_are_stored_hashed_and_shown_once_in_the_admin(staff_client):
    response = staff_client.post(
        "/admin/api/apikey/add/", {"name": "Health app", "rate": "5000/min"}, follow=True
    )
    shown = [str(message) for message in response.context["messages"]]
    key = shown[0].split("is: ")[1].split(". ")[0]
    stored = ApiKey.objects.get()
    assert key not in (stored.hashed_key, stored.id)
    assert stored.is_valid(key)
    assert stored.rate == "5000/min"
    assert key not in staff_client.get(f"/admin/api/apikey/{stored.pk}/change/").content.decode()


def test_the_admin_refuses_a_malformed_rate(staff_client):
    response = staff_client.post("/admin/api/apikey/add/", {"name": "App", "rate": "lots"})
    assert response.status_code == 200
    assert "is not a rate" in response.content.decode()
    assert not ApiKey.objects.exists()


def test_limits_are_kept_in_the_shared_cache(client, settings):
    settings.API_ANON_RATE = "1/min"
    assert _statuses(client, 2) == [200, 429]
    cache.clear()
    assert client.get(URL).status_code == 200


@override_settings(API_ANON_RATE="2/min", API_NUM_PROXIES=1)
def test_clients_behind_one_proxy_get_a_quota_each(client):
    proxy = {"REMOTE_ADDR": "127.0.0.1"}
    first = {**proxy, "HTTP_X_FORWARDED_FOR": "203.0.113.7"}
    second = {**proxy, "HTTP_X_FORWARDED_FOR": "198.51.100.9"}

    assert _statuses(client, 3, **first) == [200, 200, 429]
    assert _statuses(client, 2, **second) == [200, 200]


@override_settings(API_ANON_RATE="2/min", API_NUM_PROXIES=1)
def test_a_client_cannot_escape_its_quota_by_writing_x_forwarded_for(client):
    # The proxy appends the address it saw after whatever the client sent.
    claims = ["192.0.2.1, 203.0.113.7", "192.0.2.2, 203.0.113.7", "192.0.2.3, 203.0.113.7"]

    statuses = [
        client.get(URL, REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=claim).status_code
        for claim in claims
    ]

    assert statuses == [200, 200, 429]


@override_settings(API_INVALID_KEY_RATE="3/min")
def test_invalid_keys_are_limited_per_address_and_then_not_looked_up(client):
    _, valid = ApiKey.objects.create_key(name="Health app")
    assert _statuses(client, 3, HTTP_X_API_KEY="not-a-key") == [401] * 3
    with mock.patch.object(ApiKey.objects, "get_from_key") as lookup:
        for key in ("not-a-key", valid):
            response = client.get(URL, HTTP_X_API_KEY=key)
            assert response.status_code == 429
            assert response.json()["error"]["code"] == "throttled"
            assert "invalid API key" in response.json()["error"]["message"]
            assert 0 < int(response["Retry-After"]) <= 60
    lookup.assert_not_called()
    assert client.get(URL).status_code == 200  # reading without a key is not refused
    assert client.get(URL, HTTP_X_API_KEY="not-a-key", REMOTE_ADDR="10.0.0.2").status_code == 401


@override_settings(API_INVALID_KEY_RATE="1/min")
def test_valid_keys_do_not_count_as_invalid_ones(client):
    _, valid = ApiKey.objects.create_key(name="Health app")
    assert _statuses(client, 3, HTTP_X_API_KEY=valid) == [200] * 3
    assert _statuses(client, 2, HTTP_X_API_KEY="not-a-key") == [401, 429]


@pytest.mark.parametrize("path", ["/api/schema/", "/api/docs/", "/api/redoc/"])
def test_the_schema_and_its_pages_count_against_the_quota(client, settings, path):
    settings.API_ANON_RATE = "2/min"
    assert [client.get(path).status_code for _ in range(2)] == [200, 200]
    response = client.get(path)
    assert response.status_code == 429
    assert response.json()["error"]["code"] == "throttled"
    assert client.get(URL).status_code == 429  # one quota for the whole API


def test_the_schema_is_generated_once_per_format(client, monkeypatch):
    monkeypatch.setattr(SchemaView, "renderings", {})
    generated = []
    original = SchemaView.generator_class.get_schema

    def generate(generator, *args, **kwargs):
        generated.append(kwargs)
        return original(generator, *args, **kwargs)

    monkeypatch.setattr(SchemaView.generator_class, "get_schema", generate)
    json_type = "application/vnd.oai.openapi+json"
    first, again = (client.get("/api/schema/", HTTP_ACCEPT=json_type) for _ in range(2))
    assert first.content == again.content
    assert first.json()["info"]["title"] == "Health Content API"
    assert len(generated) == 1
    yaml_ = [client.get("/api/schema/", {"lang": "fr", "version": "9"}) for _ in range(2)]
    assert yaml_[0]["Content-Type"].startswith("application/vnd.oai.openapi")
    assert yaml_[0].content == yaml_[1].content
    assert b"version: 1.0.0" in yaml_[0].content
    assert len(generated) == 2
