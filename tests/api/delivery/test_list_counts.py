"""Lists share their count across pages, per filter set and public version (api.delivery.counts)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from symptoms import models as m
from tests import factories as f

pytestmark = pytest.mark.django_db

URL = "/api/v1/symptoms/"
# the page (the version and the count come from the first page's request)
LATER_PAGE_QUERIES = 1


@pytest.fixture
def clock(version_clock, settings):
    settings.API_REPRESENTATION_CACHE = False  # whole bodies: tested on their own
    return version_clock


@pytest.fixture
def symptoms():
    return f.SymptomFactory.create_batch(5)


def test_later_pages_of_a_list_reuse_its_count(client, clock, symptoms, django_assert_num_queries):
    first = client.get(URL, {"limit": 2}).json()
    with django_assert_num_queries(LATER_PAGE_QUERIES):
        second = client.get(URL, {"limit": 2, "offset": 2}).json()
    assert first["count"] == second["count"] == 5
    assert {r["slug"] for r in second["results"]}.isdisjoint(r["slug"] for r in first["results"])


def test_each_filter_set_is_counted_on_its_own(client, clock, symptoms):
    condition = f.ConditionFactory(slug="stress")
    f.SymptomConditionFactory(symptom=symptoms[0], condition=condition)
    assert client.get(URL).json()["count"] == 5
    assert client.get(URL, {"condition": "stress"}).json()["count"] == 1
    assert client.get(URL, {"condition": "stress", "limit": 1}).json()["count"] == 1


def test_a_change_is_counted_within_the_bound(client, clock, symptoms):
    assert client.get(URL).json()["count"] == 5
    f.SymptomFactory()
    clock.now += 1.0
    assert client.get(URL, {"offset": 1}).json()["count"] == 6
    symptoms[0].status = m.ContentStatus.ARCHIVED
    symptoms[0].save()
    clock.now += 1.0
    assert client.get(URL, {"offset": 2}).json()["count"] == 5


def test_a_record_going_public_by_the_clock_is_counted_within_the_bound(client, clock, symptoms):
    scheduled = f.SymptomFactory(published_at=timezone.now() + datetime.timedelta(hours=1))
    assert client.get(URL).json()["count"] == 5
    # Its time comes: nothing is saved, so no change is recorded.
    past = timezone.now() - datetime.timedelta(seconds=1)
    m.Symptom.objects.filter(pk=scheduled.pk).update(published_at=past)
    m.ContentVersion.objects.update(next_change=past)
    clock.now += 1.0
    page = client.get(URL, {"offset": 1}).json()
    assert page["count"] == 6
    assert scheduled.slug in {r["slug"] for r in client.get(URL).json()["results"]}


def test_a_draft_edit_keeps_the_counts(client, settings, symptoms, django_assert_num_queries):
    """Without a staleness bound too: counts key on the public version, which drafts leave."""
    settings.CONTENT_VERSION_TTL = 0
    client.get(URL)
    draft = f.SymptomFactory(draft=True)
    draft.summary = "Unpublished text."
    draft.save()
    with django_assert_num_queries(1 + LATER_PAGE_QUERIES):
        assert client.get(URL, {"offset": 1}).json()["count"] == 5


def test_a_list_reads_only_the_columns_its_items_show(client, symptoms):
    with CaptureQueriesContext(connection) as queries:
        client.get(URL)
    page_query = queries.captured_queries[-1]["sql"]
    selected = page_query.split(" FROM ")[0]
    for shown in ("uid", "slug", "name", "summary", "updated_at"):
        assert f'"{shown}"' in selected
    for unread in ("body", "created_at", "last_reviewed", "reviewed_by_id"):
        assert f'"{unread}"' not in selected
