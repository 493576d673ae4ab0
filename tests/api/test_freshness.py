"""One freshness rule for every tier (api.delivery): only a public change moves public output."""

import pytest

from api.delivery.counts import COUNTS
from api.models import Document
from symptoms.editorial import publishing
from tests import factories as f

pytestmark = pytest.mark.django_db

DETAIL = "/api/v1/symptoms/twitch/"
LIST = "/api/v1/symptoms/"


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Runs what waits for a commit (document builds) at the end of the block."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def symptom(committed):
    with committed():
        return f.SymptomFactory(slug="twitch", name="Twitch")


def seen(client) -> dict:
    """What the public has of the symptom: validators, the stored document, the counts."""
    detail, page = client.get(DETAIL), client.get(LIST)
    document = Document.objects.get(slug="twitch")
    return {
        "detail etag": detail["ETag"],
        "list etag": page["ETag"],
        "last modified": detail["Last-Modified"],
        "document": (document.change_id, document.built_at),
        "counts": list(COUNTS.entries),
    }


def test_a_draft_edit_invalidates_nothing_public(
    version_clock, client, committed, symptom, editor, django_assert_num_queries
):
    before = seen(client)
    with committed():
        draft = f.SymptomFactory(draft=True)
        draft.summary = "Unpublished text."
        draft.save()
        revision = publishing.new_revision(symptom, by=editor)
        revision.name = "Twitch, revised"
        revision.save()
    version_clock.now += 1.0
    # The version is read again, and the cached body is still the one to send.
    with django_assert_num_queries(1):
        assert client.get(DETAIL)["ETag"] == before["detail etag"]
    assert seen(client) == before
    assert client.get(DETAIL, HTTP_IF_NONE_MATCH=before["detail etag"]).status_code == 304
    assert client.get(DETAIL).json()["name"] == "Twitch"


def test_a_publish_changes_every_tier(version_clock, client, committed, symptom):
    before = seen(client)
    with committed():
        symptom.name = "Muscle twitch"
        symptom.save()
    version_clock.now += 1.0
    after = seen(client)
    # Last-Modified has a resolution of a second: it may not have moved yet.
    for tier in ("detail etag", "list etag", "document", "counts"):
        assert after[tier] != before[tier], tier
    response = client.get(DETAIL, HTTP_IF_NONE_MATCH=before["detail etag"])
    assert response.status_code == 200
    assert response.json()["name"] == "Muscle twitch"
    assert b"Muscle twitch" in bytes(Document.objects.get(slug="twitch").body)


def test_a_new_public_record_moves_lists_and_their_counts(version_clock, client, symptom):
    before = seen(client)
    f.SymptomFactory(name="Ache")
    version_clock.now += 1.0
    after = seen(client)
    assert after["list etag"] != before["list etag"]
    assert after["counts"] != before["counts"]
    assert client.get(LIST).json()["count"] == 2
