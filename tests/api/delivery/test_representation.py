import pytest
from django.test import Client

from symptoms import models as m
from tests import factories as f
from tests.api import representation_urls

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.urls("tests.api.representation_urls"),
]


@pytest.fixture(autouse=True)
def clock(version_clock):
    representation_urls.calls.clear()
    return version_clock


@pytest.fixture
def symptom():
    record = f.SymptomFactory(slug="twitch", name="Twitch")
    f.SymptomConditionFactory(symptom=record, condition=f.ConditionFactory(name="Stress"))
    return record


URL = "/api/v1/probe/twitch/"


def test_a_repeated_get_is_answered_from_the_cache_without_queries(
    client, symptom, django_assert_num_queries
):
    first = client.get(URL)
    with django_assert_num_queries(0):
        second = client.get(URL)
    assert representation_urls.calls == ["twitch"]
    assert second.content == first.content
    assert second["Cache-Control"] == "max-age=60"
    assert second["ETag"] == first["ETag"]


def test_if_none_match_is_answered_304_from_the_cache(client, symptom):
    etag = client.get(URL)["ETag"]
    response = client.get(URL, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304
    assert response["ETag"] == etag
    assert response.content == b""
    assert client.get(URL, HTTP_IF_NONE_MATCH='"other"').status_code == 200


def test_if_none_match_on_a_miss_is_answered_304(client, symptom):
    etag = client.get(URL)["ETag"]
    fresh = Client()
    assert fresh.get(URL, HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_a_change_is_served_by_every_worker_once_the_bound_has_passed(clock, symptom):
    workers = [Client(), Client()]
    for worker in workers:
        assert b"Stress" in worker.get(URL).content
    condition = m.Condition.objects.get(name="Stress")
    condition.name = "Anxiety"
    condition.save()
    clock.now += 1.0
    for worker in workers:
        body = worker.get(URL).content
        assert b"Anxiety" in body
        assert b"Stress" not in body


def test_within_the_bound_a_worker_may_still_serve_its_hot_copy(clock, client, symptom):
    client.get(URL)
    m.Symptom.objects.get(slug="twitch").delete()
    clock.now += 0.5
    assert client.get(URL).status_code == 200
    clock.now += 0.5
    with pytest.raises(m.Symptom.DoesNotExist):
        client.get(URL)


def test_the_url_and_its_query_string_are_part_of_the_key(client, symptom):
    client.get(URL)
    client.get(URL + "?cache_control=max-age=5")
    assert representation_urls.calls == ["twitch", "twitch"]


def test_the_host_is_part_of_the_key(client, symptom, settings):
    settings.ALLOWED_HOSTS = ["a.example", "b.example"]
    client.get(URL, HTTP_HOST="a.example")
    client.get(URL, HTTP_HOST="b.example")
    assert len(representation_urls.calls) == 2


def test_only_successful_json_is_kept(client):
    for _ in range(2):
        assert client.get("/api/v1/page/").status_code == 200
        assert client.get("/api/v1/missing/").status_code == 404
    assert representation_urls.calls == ["page", "missing", "page", "missing"]


def test_private_responses_are_not_kept(client, symptom):
    for _ in range(2):
        client.get(URL + "?cache_control=private")
    assert len(representation_urls.calls) == 2


def test_paths_outside_the_public_api_are_not_cached(client, symptom):
    client.get("/elsewhere/twitch/")
    client.get("/elsewhere/twitch/")
    assert len(representation_urls.calls) == 2


def test_other_methods_pass_through(client, symptom):
    client.get(URL)
    client.head(URL)
    assert len(representation_urls.calls) == 2


def test_workers_share_bodies_through_the_shared_cache(settings, symptom):
    settings.REDIS_URL = "redis://shared"  # the default cache stands in for Redis
    Client().get(URL)
    response = Client().get(URL)
    assert representation_urls.calls == ["twitch"]
    assert b"Stress" in response.content


def test_the_cache_can_be_switched_off(settings, client, symptom):
    settings.API_REPRESENTATION_CACHE = False
    client.get(URL)
    client.get(URL)
    assert len(representation_urls.calls) == 2


def test_least_recently_used_bodies_leave_first_when_memory_is_full():
    from api.delivery.representation import Entry, LocalBodies

    bodies = LocalBodies(max_bytes=3 * 300)
    for key in "abc":
        bodies.put(1, key, Entry(b"x" * 100, '"e"', []))
    bodies.get(1, "a")
    bodies.put(1, "d", Entry(b"x" * 100, '"e"', []))
    assert bodies.get(1, "b") is None
    assert bodies.get(1, "a") is not None
    assert bodies.get(2, "a") is None
