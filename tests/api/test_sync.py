"""A consumer written only from the OpenAPI docs: full sync, incremental sync, revalidation."""

import datetime
from unittest import mock

import pytest
from django.utils import timezone

from symptoms import models as m
from tests import factories as f

pytestmark = pytest.mark.django_db
FEED = "/api/v1/changes/"


def follow_feed(client, since: str | None) -> tuple[list[dict], str]:
    """Every change after `since` (from the first without it), following `next` while
    `has_more`; the cursor to keep."""
    seen = []
    while True:
        page = client.get(FEED, {"limit": 2} | ({"since": since} if since else {})).json()
        seen += page["results"]
        since = page["next_cursor"]
        if not page["has_more"]:
            return seen, since


def full_copy(client, path: str) -> dict[str, dict]:
    copy, url = {}, path
    while url:
        page = client.get(url).json()
        copy.update({item["id"]: item for item in page["results"]})
        url = page["next"]
    return copy


def test_full_sync_then_incremental_sync_then_revalidation(client, version_clock):
    ms = f.ConditionFactory(slug="multiple-sclerosis", name="Multiple sclerosis")
    als = f.ConditionFactory(slug="als")
    epilepsy = f.ConditionFactory(slug="epilepsy")
    twitch = f.SymptomConditionFactory(symptom__slug="muscle-twitch", condition=ms).symptom

    now = timezone.now().isoformat()
    start = client.get(FEED, {"since": now}).json()
    assert start["results"] == [] and start["has_more"] is False
    conditions = full_copy(client, "/api/v1/conditions/")
    assert {c["slug"] for c in conditions.values()} == {"multiple-sclerosis", "als", "epilepsy"}
    detail = client.get(f"/api/v1/symptoms/{twitch.slug}/")
    etag, modified = detail["ETag"], detail["Last-Modified"]

    assert client.get(detail.request["PATH_INFO"], HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert (
        client.get(f"/api/v1/symptoms/{twitch.slug}/", HTTP_IF_MODIFIED_SINCE=modified).status_code
        == 304
    )

    ms.name = "Multiple sclerosis (MS)"
    ms.save()
    als.status = m.ContentStatus.DRAFT
    als.save()
    epilepsy.delete()
    version_clock.now += 1.0  # the staleness bound passes

    changes, cursor = follow_feed(client, start["next_cursor"])
    for change in changes:
        if change["tombstone"]:
            conditions.pop(change["id"], None)
        elif change["type"] == "condition":
            conditions[change["id"]] = client.get(change["url"]).json()
    assert [(c["slug"], c["action"]) for c in changes] == [
        ("multiple-sclerosis", "update"),
        ("muscle-twitch", "update"),
        ("als", "unpublish"),
        ("epilepsy", "delete"),
    ]
    assert {c["name"] for c in conditions.values()} == {"Multiple sclerosis (MS)"}

    again = client.get(f"/api/v1/symptoms/{twitch.slug}/", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 200
    assert again.json()["conditions"][0]["name"] == "Multiple sclerosis (MS)"
    assert client.get(FEED, {"since": cursor}).json()["results"] == []


def test_no_change_is_skipped_when_several_share_a_timestamp(client):
    instant = timezone.now()
    with mock.patch("symptoms.changes.outbox.timezone.now", return_value=instant):
        f.SymptomFactory.create_batch(5)
    changes, _ = follow_feed(client, None)
    assert len(changes) == 5
    assert len({c["time"] for c in changes}) == 1
    assert len({c["cursor"] for c in changes}) == 5


def test_since_a_time_includes_changes_at_that_time(client):
    old = f.SymptomFactory(slug="old")
    m.ContentChange.objects.filter(uid=old.uid).update(
        time=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    )
    f.SymptomFactory(slug="new")
    results = client.get(FEED, {"since": "2026-01-01T00:00:00Z"}).json()["results"]
    assert [r["slug"] for r in results] == ["old", "new"]
    results = client.get(FEED, {"since": "2026-01-01T00:00:01Z"}).json()["results"]
    assert [r["slug"] for r in results] == ["new"]


@pytest.mark.parametrize("since", ["yesterday", "Yzp4", "2026-13-01"])
def test_a_bad_since_is_a_400_in_the_error_shape(client, since):
    response = client.get(FEED, {"since": since})
    assert response.status_code == 400
    assert response.json()["error"]["details"][0]["parameter"] == "since"


def test_a_change_item_has_type_id_slug_action_time_url_and_tombstone(client):
    symptom = f.SymptomFactory(slug="twitch")
    item = client.get(FEED).json()["results"][0]
    assert item["type"] == "symptom" and item["id"] == str(symptom.uid)
    assert item["slug"] == "twitch" and item["action"] == "create"
    assert item["url"] == "http://testserver/api/v1/symptoms/twitch/"
    assert item["tombstone"] is False and item["time"].endswith("Z")


@pytest.mark.parametrize("since", ["2026-01-01", "2026-01-01T00:00:00", "2026-01-01T00:00"])
def test_since_without_a_time_zone_is_read_as_utc(client, since):
    old = f.SymptomFactory(slug="old")
    m.ContentChange.objects.filter(uid=old.uid).update(
        time=datetime.datetime(2025, 12, 31, 23, 59, 59, tzinfo=datetime.UTC)
    )
    f.SymptomFactory(slug="new")
    response = client.get(FEED, {"since": since})
    assert response.status_code == 200, response.content
    assert [r["slug"] for r in response.json()["results"]] == ["new"]
