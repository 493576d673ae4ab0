"""The dietary-sources resource: the nutrients a food supplies."""

import pytest

from tests import factories as f

pytestmark = pytest.mark.django_db


def test_detail_shows_the_nutrients_it_supplies_by_name(client):
    food = f.DietarySourceFactory()
    zinc = f.NutrientSourceFactory(dietary_source=food, nutrient__name="Zinc", order=1).nutrient
    iron = f.NutrientSourceFactory(dietary_source=food, nutrient__name="Iron", order=2).nutrient
    body = client.get(f"/api/v1/dietary-sources/{food.slug}/").json()
    assert [n["slug"] for n in body["nutrients"]] == [iron.slug, zinc.slug]
