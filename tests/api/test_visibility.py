"""Only published records, and only links to published records, reach the public."""

import datetime

import pytest
from django.utils import timezone

from symptoms import models as m
from tests import factories as f
from tests.api.helpers import BY_PATH, RESOURCES, error, parameters_at_fault, slugs
from tests.api.links import LINK_KINDS

pytestmark = pytest.mark.django_db

UNPUBLISHED = {
    "draft": {"draft": True},
    "in review": {"status": m.ContentStatus.IN_REVIEW, "published_at": None},
    "archived": {"archived": True},
    "scheduled": {"published_at": timezone.now() + datetime.timedelta(days=1)},
}
each_link_kind = pytest.mark.parametrize("kind", LINK_KINDS, ids=str)


@pytest.mark.parametrize("resource", RESOURCES, ids=str)
@pytest.mark.parametrize("state", UNPUBLISHED)
def test_unpublished_record_is_absent_from_list_and_its_detail_is_a_404(client, resource, state):
    public = resource.factory()
    hidden = resource.factory(**UNPUBLISHED[state])
    assert slugs(client.get(resource.list_url())) == [public.slug]
    assert error(client.get(resource.detail_url(hidden.slug)), 404)["code"] == "not_found"


@each_link_kind
def test_detail_shows_only_links_to_published_records(client, kind):
    owner = kind.owner_factory()
    public = kind.target_factory()
    kind.link(owner, public)
    for state in UNPUBLISHED.values():
        kind.link(owner, kind.target_factory(**state))
    body = client.get(BY_PATH[kind.owner].detail_url(owner.slug)).json()
    assert [item["slug"] for item in body[kind.field]] == [public.slug]


@each_link_kind
def test_filter_by_an_unpublished_slug_is_a_400(client, kind):
    owner = kind.owner_factory()
    hidden = kind.target_factory(draft=True)
    kind.link(owner, hidden)
    response = client.get(BY_PATH[kind.owner].list_url(), {kind.filter: hidden.slug})
    assert parameters_at_fault(response) == [kind.filter]
    assert hidden.slug in error(response, 400)["details"][0]["message"]


@each_link_kind
def test_filter_by_linked_slug_takes_several_values_meaning_any(client, kind):
    first, second, unlinked = kind.owner_factory.create_batch(3)
    a, b, c = kind.target_factory.create_batch(3)
    kind.link(first, a)
    kind.link(second, b)
    kind.link(unlinked, c)
    kind.link(first, b)
    url = BY_PATH[kind.owner].list_url()
    assert slugs(client.get(url, {kind.filter: a.slug})) == [first.slug]
    both = slugs(client.get(url, {kind.filter: f"{a.slug},{b.slug}"}))
    assert sorted(both) == sorted([first.slug, second.slug])
    assert client.get(url, {kind.filter: f"{a.slug},{b.slug}"}).json()["count"] == 2


def test_unpublished_owner_is_not_reached_through_a_filter(client):
    condition = f.ConditionFactory()
    public = f.SymptomConditionFactory(condition=condition).symptom
    f.SymptomConditionFactory(symptom=f.SymptomFactory(draft=True), condition=condition)
    assert slugs(client.get("/api/v1/symptoms/", {"condition": condition.slug})) == [public.slug]


def test_nutrient_in_a_symptom_shows_only_published_dietary_sources(client):
    link = f.SymptomNutrientFactory()
    food = f.NutrientSourceFactory(nutrient=link.nutrient).dietary_source
    f.NutrientSourceFactory(
        nutrient=link.nutrient, dietary_source=f.DietarySourceFactory(draft=True)
    )
    body = client.get(f"/api/v1/symptoms/{link.symptom.slug}/").json()
    assert [s["slug"] for s in body["nutrients"][0]["dietary_sources"]] == [food.slug]


def test_link_kinds_cover_every_link_field_of_every_detail():
    link_fields = {
        (resource.path, name)
        for resource in RESOURCES
        for name, field in resource.detail_serializer().fields.items()
        if getattr(field, "source", "").startswith("published_") and name != "published_at"
    }
    assert link_fields == {(kind.owner, kind.field) for kind in LINK_KINDS}
