"""Behaviour every resource shares: list, detail, identity, pagination, ordering, filters."""

import datetime

import pytest
from django.utils import timezone

from symptoms import models as m
from symptoms.models import ContentChange
from tests import factories as f
from tests.api.helpers import BY_PATH, RESOURCES, error, parameters_at_fault, slugs

pytestmark = pytest.mark.django_db
each_resource = pytest.mark.parametrize("resource", RESOURCES, ids=str)


def test_root_lists_every_resource_with_absolute_urls(client):
    body = client.get("/api/v1/").json()
    expected = {r.path: f"http://testserver{r.list_url()}" for r in RESOURCES}
    assert body == expected | {"changes": "http://testserver/api/v1/changes/"}


@each_resource
def test_list_gives_a_compact_summary_of_each_record(client, resource):
    record = resource.factory()
    item = client.get(resource.list_url()).json()["results"][0]
    assert list(item) == resource.list_serializer.Meta.fields
    assert item["id"] == str(record.uid)
    assert item["slug"] == record.slug
    assert item["name"] == record.name
    assert item["url"] == f"http://testserver{resource.detail_url(record.slug)}"
    assert item["updated_at"] == record.updated_at.isoformat().replace("+00:00", "Z")


@each_resource
def test_detail_returns_the_whole_record(client, resource):
    reviewer = f.ExpertFactory(name="Dr. Ada Reviewer", title="Neurologist", credentials="MD")
    record = resource.factory(
        synonyms="first name\n\n second name ",
        body="Some **bold** text <script>alert(1)</script>",
        reviewed_by=reviewer,
        last_reviewed=datetime.date(2026, 1, 1),
        next_review_due=datetime.date(2027, 1, 1),
    )
    record.sources.add(f.SourceFactory(title="An article", url="https://example.org/a"))
    body = client.get(resource.detail_url(record.slug)).json()
    assert list(body) == resource.detail_serializer.Meta.fields
    assert body["id"] == str(record.uid)
    assert body["synonyms"] == ["first name", "second name"]
    assert body["body_markdown"] == record.body
    assert "<strong>bold</strong>" in body["body_html"]
    assert "<script>" not in body["body_html"]
    assert body["review"] == {
        "reviewer": {"name": "Dr. Ada Reviewer", "title": "Neurologist", "credentials": "MD"},
        "last_reviewed": "2026-01-01",
        "next_review_due": "2027-01-01",
    }
    assert body["sources"] == [
        {
            "title": "An article",
            "publisher": "Test publisher",
            "url": "https://example.org/a",
            "accessed_on": None,
        }
    ]


@each_resource
def test_id_survives_a_rename(client, resource):
    record = resource.factory()
    uid = record.uid
    before = client.get(resource.detail_url(record.slug)).json()["id"]
    record.name, record.slug = "Renamed", "renamed"
    record.save()
    record.refresh_from_db()
    after = client.get(resource.detail_url("renamed")).json()
    listed = client.get(resource.list_url()).json()["results"][0]
    assert record.uid == uid
    assert before == after["id"] == listed["id"] == str(uid)
    assert after["name"] == "Renamed"


@each_resource
def test_unknown_slug_is_a_404_in_the_error_shape(client, resource):
    resource.factory()
    assert error(client.get(resource.detail_url("no-such-thing")), 404)["code"] == "not_found"


@each_resource
def test_lists_are_paginated_by_limit_and_offset(client, resource):
    resource.factory.create_batch(5)
    everything = slugs(client.get(resource.list_url()))
    page = client.get(resource.list_url(), {"limit": 2, "offset": 2}).json()
    assert page["count"] == 5
    assert [item["slug"] for item in page["results"]] == everything[2:4]
    assert "limit=2" in page["next"] and "offset=4" in page["next"]
    assert "limit=2" in page["previous"]


def test_default_page_size_is_20(client):
    f.BodyRegionFactory.create_batch(21)
    page = client.get("/api/v1/body-regions/").json()
    assert len(page["results"]) == 20
    assert page["count"] == 21


def test_limit_above_the_maximum_is_refused(client):
    f.BodyRegionFactory.create_batch(101)
    assert len(client.get("/api/v1/body-regions/", {"limit": 100}).json()["results"]) == 100
    response = client.get("/api/v1/body-regions/", {"limit": 101})
    assert response.status_code == 400
    assert response.json()["error"]["details"][0]["parameter"] == "limit"


def test_offset_past_the_end_gives_an_empty_page(client):
    f.BodyRegionFactory()
    assert slugs(client.get("/api/v1/body-regions/", {"offset": 10**30})) == []


@each_resource
def test_ordering_by_name_and_updated_at_in_both_directions(client, resource):
    old = resource.factory(name="B record")
    new = resource.factory(name="A record")
    type(old).objects.filter(pk=old.pk).update(updated_at=timezone.now() - datetime.timedelta(1))
    url = resource.list_url()
    assert slugs(client.get(url)) == [new.slug, old.slug]
    assert slugs(client.get(url, {"ordering": "name"})) == [new.slug, old.slug]
    assert slugs(client.get(url, {"ordering": "-name"})) == [old.slug, new.slug]
    assert slugs(client.get(url, {"ordering": "updated_at"})) == [old.slug, new.slug]
    assert slugs(client.get(url, {"ordering": "-updated_at"})) == [new.slug, old.slug]


@each_resource
def test_updated_since_takes_an_iso_date_or_date_time(client, resource):
    old = resource.factory()
    new = resource.factory()
    old_time = datetime.datetime(2026, 1, 1, 12, 0, tzinfo=datetime.UTC)
    type(old).objects.filter(pk=old.pk).update(updated_at=old_time)
    ContentChange.objects.filter(uid=old.uid).update(time=old_time)
    url = resource.list_url()
    assert slugs(client.get(url, {"updated_since": "2026-01-02"})) == [new.slug]
    assert set(slugs(client.get(url, {"updated_since": "2026-01-01"}))) == {old.slug, new.slug}
    assert slugs(client.get(url, {"updated_since": "2026-01-01T12:00:01Z"})) == [new.slug]
    assert len(slugs(client.get(url, {"updated_since": "2026-01-01T13:00:00+01:00"}))) == 2


def test_updated_since_includes_a_symptom_whose_linked_condition_changed(client):
    link = f.SymptomConditionFactory()
    ContentChange.objects.update(time=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC))
    m.Symptom.objects.update(updated_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC))
    since = timezone.now()
    link.condition.name = "Renamed"
    link.condition.save()
    body = client.get("/api/v1/symptoms/", {"updated_since": since.isoformat()}).json()
    assert [r["slug"] for r in body["results"]] == [link.symptom.slug]


@each_resource
@pytest.mark.parametrize(
    "field, value",
    [("name", "Eyelid TWITCH"), ("synonyms", "x\nmyokymia"), ("summary", "Flickering")],
)
def test_search_looks_in_name_synonyms_and_summary(client, resource, field, value):
    match = resource.factory(**{field: value})
    resource.factory()
    term = {"name": "twitch", "synonyms": "MYOKYMIA", "summary": "flicker"}[field]
    assert slugs(client.get(resource.list_url(), {"search": term})) == [match.slug]


@each_resource
def test_fields_selects_top_level_fields_on_lists_and_details(client, resource):
    record = resource.factory()
    item = client.get(resource.list_url(), {"fields": "id,name"}).json()["results"][0]
    assert item == {"id": str(record.uid), "name": record.name}
    detail = client.get(resource.detail_url(record.slug), {"fields": "slug,review"}).json()
    assert list(detail) == ["slug", "review"]


@each_resource
def test_unknown_field_is_a_400(client, resource):
    record = resource.factory()
    assert parameters_at_fault(client.get(resource.list_url(), {"fields": "id,nme"})) == ["fields"]
    detail = client.get(resource.detail_url(record.slug), {"fields": ""})
    assert parameters_at_fault(detail) == ["fields"]


@each_resource
def test_misspelled_parameter_is_a_400_naming_it(client, resource):
    resource.factory()
    response = client.get(resource.list_url(), {"serach": "x", "limit": 5})
    body = error(response, 400)
    assert body["code"] == "unknown_parameter"
    assert body["details"][0]["parameter"] == "serach"
    assert "Did you mean search?" in body["details"][0]["message"]


@each_resource
def test_detail_refuses_list_parameters(client, resource):
    record = resource.factory()
    response = client.get(resource.detail_url(record.slug), {"limit": 5})
    assert parameters_at_fault(response) == ["limit"]


def test_resources_table_covers_every_registered_resource():
    from api.routers import RESOURCES as REGISTERED

    assert sorted(BY_PATH) == sorted(prefix for prefix, _, _ in REGISTERED)


def test_fields_leaves_linked_records_whole(client):
    region = f.BodyRegionFactory()
    symptom = f.SymptomFactory()
    symptom.body_regions.add(region)
    detail = client.get(f"/api/v1/symptoms/{symptom.slug}/", {"fields": "body_regions"}).json()
    assert list(detail) == ["body_regions"]
    assert {"id", "slug", "name", "url"} <= set(detail["body_regions"][0])
