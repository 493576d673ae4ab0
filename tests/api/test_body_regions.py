"""The body-regions resource: the symptoms felt in a region."""

import pytest

from tests import factories as f

pytestmark = pytest.mark.django_db


def test_detail_shows_symptoms_felt_there_in_short(client):
    region = f.BodyRegionFactory()
    symptom = f.SymptomFactory()
    symptom.body_regions.add(region)
    body = client.get(f"/api/v1/body-regions/{region.slug}/").json()
    assert body["symptoms"] == [
        {
            "id": str(symptom.uid),
            "slug": symptom.slug,
            "name": symptom.name,
            "url": f"http://testserver/api/v1/symptoms/{symptom.slug}/",
        }
    ]
