"""The representation cache in front of the real API: every kind of change is served in time."""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.http import parse_http_date

from symptoms import models as m
from tests import factories as f

pytestmark = pytest.mark.django_db

DETAIL = "/api/v1/symptoms/twitch/"
LIST = "/api/v1/symptoms/"


@pytest.fixture
def clock(version_clock):
    return version_clock


@pytest.fixture
def symptom():
    record = f.SymptomFactory(slug="twitch", name="Twitch")
    f.SymptomConditionFactory(symptom=record, condition=f.ConditionFactory(name="Stress"))
    f.FAQEntryFactory(symptom=record, question="Is it serious?")
    record.body_regions.add(f.BodyRegionFactory(name="Calf"))
    return record


def after_the_bound(clock, workers, url, change) -> list[dict]:
    """Warm every worker, make the change, let the bound pass, and read from every worker.

    Each worker must answer differently than before the change, so that a test asserting
    that something is gone cannot pass on a body that never showed it."""
    before = [worker.get(url).json() for worker in workers]
    change()
    clock.now += 1.0
    after = [worker.get(url).json() for worker in workers]
    assert all(old != new for old, new in zip(before, after, strict=True))
    return after


def condition_names(body: dict) -> list[str]:
    return [link["name"] for link in body["conditions"]]


@pytest.fixture
def workers():
    return [Client(), Client()]


def test_renaming_a_linked_record_reaches_every_worker(clock, workers, symptom):
    def rename():
        condition = m.Condition.objects.get(name="Stress")
        condition.name = "Anxiety"
        condition.save()

    for body in after_the_bound(clock, workers, DETAIL, rename):
        assert condition_names(body) == ["Anxiety"]


def test_archiving_a_linked_record_removes_it(clock, workers, symptom):
    def archive():
        condition = m.Condition.objects.get(name="Stress")
        condition.status = m.ContentStatus.ARCHIVED
        condition.save()

    for body in after_the_bound(clock, workers, DETAIL, archive):
        assert condition_names(body) == []


def test_removing_a_link_removes_it(clock, workers, symptom):
    for body in after_the_bound(
        clock, workers, DETAIL, lambda: m.SymptomCondition.objects.all().delete()
    ):
        assert body["conditions"] == []


def test_editing_a_part_changes_the_detail(clock, workers, symptom):
    def edit():
        entry = m.FAQEntry.objects.get(symptom=symptom)
        entry.question = "Should I worry?"
        entry.save()

    for body in after_the_bound(clock, workers, DETAIL, edit):
        assert body["faq"][0]["question"] == "Should I worry?"


def test_changing_plain_links_changes_the_detail(clock, workers, symptom):
    for body in after_the_bound(clock, workers, DETAIL, lambda: symptom.body_regions.clear()):
        assert body["body_regions"] == []


def test_unpublishing_a_record_removes_it_from_lists(clock, workers, symptom):
    def unpublish():
        symptom.status = m.ContentStatus.ARCHIVED
        symptom.save()

    for body in after_the_bound(clock, workers, LIST, unpublish):
        assert body["results"] == []


def test_a_new_record_appears_in_lists(clock, workers, symptom):
    for body in after_the_bound(clock, workers, LIST, lambda: f.SymptomFactory(name="Ache")):
        assert [item["name"] for item in body["results"]] == ["Ache", "Twitch"]


def schedule_ache() -> None:
    f.SymptomFactory(name="Ache", published_at=timezone.now() + datetime.timedelta(hours=1))


def its_time_comes(clock) -> None:
    """The scheduled symptom's time comes: the database says so, no record is saved; then
    the staleness bound passes."""
    past = timezone.now() - datetime.timedelta(seconds=1)
    m.Symptom.objects.filter(name="Ache").update(published_at=past)
    m.ContentVersion.objects.update(next_change=past)
    clock.now += 1.0


def test_scheduled_content_appears_when_its_time_comes(clock, workers, symptom):
    schedule_ache()
    for worker in workers:
        assert len(worker.get(LIST).json()["results"]) == 1
    its_time_comes(clock)
    for worker in workers:
        assert len(worker.get(LIST).json()["results"]) == 2


def test_a_revalidation_sees_scheduled_content_when_its_time_comes(clock, client, symptom):
    schedule_ache()
    etag = client.get(LIST)["ETag"]
    its_time_comes(clock)
    response = client.get(LIST, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert response["ETag"] != etag
    page = response.json()
    assert (page["count"], len(page["results"])) == (2, 2)


def test_last_modified_moves_when_scheduled_content_goes_public(clock, client, symptom):
    """Before the worker records it, a publication by the clock changes no outbox row: a
    client revalidating by date alone must not be told nothing changed."""
    schedule_ache()
    m.ContentChange.objects.update(time=timezone.now() - datetime.timedelta(hours=2))
    modified = client.get(LIST)["Last-Modified"]
    assert client.get(LIST, HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    its_time_comes(clock)
    response = client.get(LIST, HTTP_IF_MODIFIED_SINCE=modified)
    assert response.status_code == 200
    assert parse_http_date(response["Last-Modified"]) > parse_http_date(modified)
    assert response.json()["count"] == 2


def test_a_cached_detail_costs_no_query(clock, client, symptom, django_assert_num_queries):
    client.get(DETAIL)
    with django_assert_num_queries(0):
        assert client.get(DETAIL).status_code == 200


def test_after_the_bound_an_unchanged_version_costs_one_query(
    clock, client, symptom, django_assert_num_queries
):
    client.get(DETAIL)
    clock.now += 1.0
    with django_assert_num_queries(1):
        assert client.get(DETAIL).status_code == 200


def test_after_a_change_the_detail_is_rendered_once_again(
    clock, client, symptom, django_assert_num_queries
):
    with CaptureQueriesContext(connection) as first_render:
        client.get(DETAIL)
    m.Condition.objects.get(name="Stress").save()
    clock.now += 1.0
    with django_assert_num_queries(len(first_render)):
        client.get(DETAIL)
    with django_assert_num_queries(0):
        client.get(DETAIL)


def test_cached_and_rendered_responses_are_identical(clock, client, symptom):
    rendered = client.get(DETAIL)
    cached = client.get(DETAIL)
    assert cached.content == rendered.content
    assert cached["Content-Type"] == rendered["Content-Type"]
    assert cached["ETag"] == rendered["ETag"]
    assert "Cookie" not in cached.get("Vary", "")


def test_errors_are_not_cached(clock, client, symptom, django_assert_num_queries):
    client.get("/api/v1/symptoms/nothing-here/")
    f.SymptomFactory(slug="nothing-here")
    clock.now += 1.0
    assert client.get("/api/v1/symptoms/nothing-here/").status_code == 200
    assert client.get(LIST, {"limit": "x"}).status_code == 400


def test_staff_preview_is_never_replayed_to_anyone_else(clock, staff_client, symptom):
    url = "/api/v1/preview/symptoms/twitch/"
    assert staff_client.get(url).status_code == 200
    assert Client().get(url).status_code == 403
