"""Typo widening and suggestions read the names of public records only."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from symptoms import models as m
from symptoms.search.engine import search_content
from symptoms.search.suggest import suggest
from tests.factories import ConditionFactory, SymptomFactory

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


@pytest.fixture
def hidden_names():
    """A record archived, one scheduled for later, and a public one whose body names both."""
    archived = ConditionFactory(name="Zorblaxia", synonyms="zorblaxic fever")
    archived.status = m.ContentStatus.ARCHIVED
    archived.save()
    ConditionFactory(name="Quuxitis", published_at=timezone.now() + datetime.timedelta(days=1))
    SymptomFactory(name="Headache", body="Neither zorblaxia nor quuxitis nor zorblaxic fever.")


@pytest.mark.parametrize("misspelt", ["zorblaxa", "zorblaxik", "quuxitus"])
def test_a_misspelt_name_that_is_not_public_finds_and_suggests_nothing(
    client, hidden_names, misspelt
):
    results = search_content(misspelt)
    assert results.match is None
    assert results.count() == 0
    response = client.get(reverse("search"), {"q": misspelt})
    assert response.status_code == 200
    assert response.json()["results"] == []
    assert suggest(misspelt[:4]) == []


def test_a_misspelt_public_name_is_still_widened(hidden_names):
    assert [hit.name for hit in search_content("headachr")[0:10]] == ["Headache"]


def test_a_scheduled_name_widens_misspellings_once_it_is_due(hidden_names):
    m.SearchEntry.objects.filter(name="Quuxitis").update(
        published_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    assert {hit.name for hit in search_content("quuxitus")[0:10]} == {"Quuxitis", "Headache"}
