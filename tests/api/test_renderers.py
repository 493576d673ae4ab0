import datetime
import decimal
import uuid

import pytest
from django.utils.translation import gettext_lazy
from rest_framework.exceptions import ErrorDetail
from rest_framework.renderers import JSONRenderer

from api.renderers import ORJSONRenderer

DOCUMENT = {
    "id": uuid.UUID("183479e5-5d55-4baf-a513-110d4591b4bb"),
    "name": "Muscle twitches — fasciculations",
    "updated_at": datetime.datetime(2026, 1, 5, 9, 0, 0, 123456, tzinfo=datetime.UTC),
    "last_reviewed": datetime.date(2026, 1, 5),
    "dose": decimal.Decimal("1.50"),
    "label": gettext_lazy("Published"),
    "errors": [ErrorDetail("Unknown parameter.", code="invalid")],
    "tags": ("a", "b"),
    "count": 3,
    "ratio": 0.25,
    "nested": {"empty": [], "none": None, "flag": True},
}


def test_renders_the_same_bytes_as_drf():
    assert ORJSONRenderer().render(DOCUMENT) == JSONRenderer().render(DOCUMENT)


def test_renders_nothing_for_no_data():
    assert ORJSONRenderer().render(None) == b""


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/",
        "/api/v1/symptoms/",
        "/api/v1/symptoms/no-such-symptom/",
        "/api/v1/changes/",
        "/api/v1/search/?q=twitch",
    ],
)
def test_the_api_answers_with_the_orjson_renderer(client, url):
    # Both renderers write the same bytes, so only the renderer DRF chose tells them apart.
    response = client.get(url)

    assert response["Content-Type"] == "application/json"
    assert type(response.accepted_renderer) is ORJSONRenderer
