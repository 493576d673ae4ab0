"""A fixed query budget: the number of SQL queries does not grow with the data."""

import pytest

from api.delivery.documents import building as documents
from tests import factories as f
from tests.api.helpers import RESOURCES
from tests.api.links import LINK_KINDS

pytestmark = pytest.mark.django_db

# A process reads the public version, the latest outbox row included (ETag, Last-Modified),
# on its first public read (then at most once per CONTENT_VERSION_TTL); each test's client
# is a fresh process.
VERSION_QUERY = 1
# count + page
LIST_QUERIES = 2
# Rendered per request (no stored document): stored document (none found) + record +
# sources, then one query per prefetched relation.
DETAIL_QUERIES = {
    "symptoms": 18,
    "conditions": 7,
    "causes": 4,
    "diagnostics": 4,
    "specialists": 5,
    "treatments": 5,
    "nutrients": 5,
    "dietary-sources": 4,
    "body-regions": 4,
}
SYMPTOM_PARTS = [
    f.SymptomCodeFactory,
    f.SectionTextFactory,
    f.SymptomTypeFactory,
    f.ComplicationFactory,
    f.FAQEntryFactory,
    f.ExpertOpinionFactory,
    f.RedFlagFactory,
]


# From its stored document: the document.
STORED_DETAIL_QUERIES = VERSION_QUERY + 1


def populate(resource, owner, size: int) -> None:
    """Give `owner` `size` links of every kind its detail shows, and `size` of each part."""
    owner.sources.add(*f.SourceFactory.create_batch(size))
    for kind in LINK_KINDS:
        if kind.owner == resource.path:
            for target in kind.target_factory.create_batch(size):
                kind.link(owner, target)
    if resource.path == "symptoms":
        for part in SYMPTOM_PARTS:
            part.create_batch(size, symptom=owner)
        for nutrient in owner.nutrients.all():
            f.NutrientSourceFactory(nutrient=nutrient)
    if resource.path == "conditions":
        f.ConditionCodeFactory.create_batch(size, condition=owner)


@pytest.mark.parametrize("resource", RESOURCES, ids=str)
@pytest.mark.parametrize("limit", [1, 100])
def test_list_query_count_does_not_depend_on_page_size(
    client, django_assert_num_queries, resource, limit
):
    resource.factory.create_batch(100)
    with django_assert_num_queries(VERSION_QUERY + LIST_QUERIES):
        page = client.get(resource.list_url(), {"limit": limit}).json()
    assert len(page["results"]) == limit


@pytest.mark.parametrize("resource", RESOURCES, ids=str)
@pytest.mark.parametrize("size", [1, 50])
def test_detail_query_count_does_not_depend_on_the_number_of_links(
    client, django_assert_num_queries, resource, size
):
    owner = resource.factory()
    populate(resource, owner, size)
    with django_assert_num_queries(VERSION_QUERY + DETAIL_QUERIES[resource.path]):
        body = client.get(resource.detail_url(owner.slug)).json()
    assert len(body["sources"]) == size
    for kind in LINK_KINDS:
        if kind.owner == resource.path:
            assert len(body[kind.field]) == size, kind


@pytest.mark.parametrize("resource", RESOURCES, ids=str)
@pytest.mark.parametrize("size", [1, 50])
def test_a_stored_detail_costs_the_same_whatever_its_links(
    client, settings, version_clock, django_assert_num_queries, resource, size
):
    settings.API_REPRESENTATION_CACHE = False
    owner = resource.factory()
    populate(resource, owner, size)
    rendered = client.get(resource.detail_url(owner.slug)).content
    documents.build_all()
    version_clock.now += 1.0  # the client reads the version again, as in a fresh process
    with django_assert_num_queries(STORED_DETAIL_QUERIES):
        stored = client.get(resource.detail_url(owner.slug)).content
    assert stored == rendered


def test_each_linked_slug_filter_adds_one_query_to_check_its_values(
    client, django_assert_num_queries
):
    link = f.SymptomConditionFactory()
    specialist = f.SymptomSpecialistFactory(symptom=link.symptom).specialist
    params = {"condition": link.condition.slug, "specialist": specialist.slug}
    with django_assert_num_queries(VERSION_QUERY + LIST_QUERIES + 2):
        page = client.get("/api/v1/symptoms/", params).json()
    assert page["count"] == 1
