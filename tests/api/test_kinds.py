"""One spelling of each kind on every public surface: routes, search, feed, webhooks, schema."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.urls import reverse

from api import jsonld
from api.delivery.documents import building, serving
from api.feed import ChangeSerializer
from api.models import Document
from api.routers import RESOURCES, router
from api.search import SearchHitSerializer, SuggestionSerializer
from symptoms import kinds
from symptoms import models as m
from symptoms.changes import outbox
from tests import factories as f

pytestmark = pytest.mark.django_db

FEED = "/api/v1/changes/"
KIND_ENUM = {"$ref": "#/components/schemas/ContentKindEnum"}


def migration(name: str):
    return importlib.import_module(name)


def test_every_registered_route_is_a_kind_and_every_kind_is_routed():
    routes = [(prefix, basename) for prefix, _, basename in router.registry]
    assert routes == [(kind.url_plural, kind.name) for kind in kinds.KINDS] + [
        ("changes", "change")
    ]
    for prefix, viewset, basename in RESOURCES:
        assert viewset.kind is kinds.get(basename)
        assert viewset.detail_serializer_class.Meta.model is viewset.kind.model
        assert reverse(f"{basename}-detail", kwargs={"slug": "x"}) == f"/api/v1/{prefix}/x/"


def test_feed_search_and_json_ld_name_the_kinds_of_the_registry():
    assert dict(ChangeSerializer().fields["type"].choices) == dict(kinds.CHOICES)
    assert dict(SearchHitSerializer().fields["type"].choices) == dict(kinds.CHOICES)
    assert dict(SuggestionSerializer().fields["type"].choices) == dict(kinds.CHOICES)
    assert set(jsonld.TYPES) == set(jsonld.EXTRAS) == set(kinds.NAMES)
    assert set(building.viewsets()) == set(kinds.NAMES)


def test_the_feed_names_a_dietary_source_dietary_source(client):
    food = f.DietarySourceFactory(slug="buckwheat")
    [change] = client.get(FEED).json()["results"]
    assert change["type"] == "dietary_source"
    assert change["url"].endswith("/api/v1/dietary-sources/buckwheat/")
    assert m.ContentChange.objects.get().type == "dietary_source"
    assert client.get(change["url"]).json()["id"] == str(food.uid)


def test_webhooks_name_a_body_region_body_region():
    f.BodyRegionFactory(slug="calf")
    payload = outbox.describe(m.ContentChange.objects.get(), base_url="https://example.org/")
    assert payload["type"] == "body_region"
    assert payload["url"] == "https://example.org/api/v1/body-regions/calf/"


def test_search_names_a_dietary_source_dietary_source(client):
    f.DietarySourceFactory(name="Buckwheat", slug="buckwheat")
    [hit] = client.get("/api/v1/search/", {"q": "buckwheat", "type": "dietary_source"}).json()[
        "results"
    ]
    assert hit["type"] == "dietary_source"
    assert hit["url"].endswith("/api/v1/dietary-sources/buckwheat/")


def test_a_stored_document_is_kept_under_the_public_name(client):
    food = f.DietarySourceFactory(slug="buckwheat")
    building.build_all()
    assert Document.objects.get(uid=food.uid).type == "dietary_source"
    assert serving.body_for(_request(client), "dietary_source", "buckwheat") is not None


def _request(client):
    return client.get("/api/v1/").wsgi_request


def test_changes_recorded_with_the_model_name_are_served_with_the_public_name(client):
    food = f.DietarySourceFactory(slug="buckwheat")
    region = f.BodyRegionFactory(slug="calf")
    m.ContentChange.objects.filter(uid=food.uid).update(type="dietarysource")
    m.ContentChange.objects.filter(uid=region.uid).update(type="bodyregion")

    migration("symptoms.migrations.0019_outbox_public_kind_names").forwards(apps, None)

    types = [change["type"] for change in client.get(FEED).json()["results"]]
    assert types == ["dietary_source", "body_region"]


def test_documents_stored_with_the_model_name_are_served_after_the_migration(
    client, django_assert_num_queries
):
    food = f.DietarySourceFactory(slug="buckwheat")
    building.build_all()
    m.ContentChange.objects.filter(uid=food.uid).update(type="dietarysource")
    Document.objects.filter(uid=food.uid).update(type="dietarysource")
    assert serving.body_for(_request(client), "dietary_source", "buckwheat") is None

    migration("symptoms.migrations.0019_outbox_public_kind_names").forwards(apps, None)
    migration("api.migrations.0003_documents_public_kind_names").forwards(apps, None)

    request = _request(client)
    with django_assert_num_queries(1):
        body = serving.body_for(request, "dietary_source", "buckwheat")
    assert body is not None and str(food.uid).encode() in body


def test_the_schema_publishes_the_kinds_as_one_enum(client):
    schema = client.get("/api/schema/", {"format": "json"}).json()
    components = schema["components"]["schemas"]
    assert components["ContentKindEnum"]["enum"] == list(kinds.NAMES)
    assert "TypeEnum" not in components
    assert components["Change"]["properties"]["type"] == KIND_ENUM
    assert components["SearchHit"]["properties"]["type"] == KIND_ENUM
    assert components["Suggestion"]["properties"]["type"] == KIND_ENUM
    search = schema["paths"]["/api/v1/search/"]["get"]
    [type_parameter] = [p for p in search["parameters"] if p["name"] == "type"]
    assert type_parameter["schema"]["items"] == KIND_ENUM
