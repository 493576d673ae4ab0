"""The causes resource: category and nature filters, and the symptoms it is behind."""

import pytest

from tests import factories as f
from tests.api.helpers import slugs

pytestmark = pytest.mark.django_db


def test_filter_by_category_and_nature(client):
    stress = f.CauseFactory(category="psychological", nature="benign")
    f.CauseFactory(category="psychological", nature="pathological")
    caffeine = f.CauseFactory(category="lifestyle", nature="benign")
    url = "/api/v1/causes/"
    assert slugs(client.get(url, {"category": "psychological", "nature": "benign"})) == [
        stress.slug
    ]
    both = slugs(client.get(url, {"category": "psychological,lifestyle", "nature": "benign"}))
    assert sorted(both) == sorted([stress.slug, caffeine.slug])


def test_detail_shows_symptoms_with_likelihood(client):
    link = f.SymptomCauseFactory(likelihood="common", note="The most frequent trigger.")
    body = client.get(f"/api/v1/causes/{link.cause.slug}/").json()
    assert body["category"] == link.cause.category
    assert body["nature"] == "benign"
    assert [(s["slug"], s["likelihood"], s["note"]) for s in body["symptoms"]] == [
        (link.symptom.slug, "common", "The most frequent trigger.")
    ]
