"""What the API tests share: the resources, their factories, and request helpers."""

from dataclasses import dataclass
from typing import Any

from factory.django import DjangoModelFactory

from api import serializers
from tests import factories as f


@dataclass(frozen=True)
class Resource:
    path: str
    factory: type[DjangoModelFactory[Any]]
    list_serializer: type
    detail_serializer: type

    def __str__(self) -> str:
        return self.path

    def list_url(self) -> str:
        return f"/api/v1/{self.path}/"

    def detail_url(self, slug: str) -> str:
        return f"/api/v1/{self.path}/{slug}/"


RESOURCES = [
    Resource(
        "symptoms",
        f.SymptomFactory,
        serializers.SymptomListSerializer,
        serializers.SymptomDetailSerializer,
    ),
    Resource(
        "conditions",
        f.ConditionFactory,
        serializers.ConditionListSerializer,
        serializers.ConditionDetailSerializer,
    ),
    Resource(
        "causes", f.CauseFactory, serializers.CauseListSerializer, serializers.CauseDetailSerializer
    ),
    Resource(
        "diagnostics",
        f.DiagnosticFactory,
        serializers.DiagnosticListSerializer,
        serializers.DiagnosticDetailSerializer,
    ),
    Resource(
        "specialists",
        f.SpecialistFactory,
        serializers.SpecialistListSerializer,
        serializers.SpecialistDetailSerializer,
    ),
    Resource(
        "treatments",
        f.TreatmentFactory,
        serializers.TreatmentListSerializer,
        serializers.TreatmentDetailSerializer,
    ),
    Resource(
        "nutrients",
        f.NutrientFactory,
        serializers.NutrientListSerializer,
        serializers.NutrientDetailSerializer,
    ),
    Resource(
        "dietary-sources",
        f.DietarySourceFactory,
        serializers.DietarySourceListSerializer,
        serializers.DietarySourceDetailSerializer,
    ),
    Resource(
        "body-regions",
        f.BodyRegionFactory,
        serializers.BodyRegionListSerializer,
        serializers.BodyRegionDetailSerializer,
    ),
]
BY_PATH = {resource.path: resource for resource in RESOURCES}


def slugs(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["slug"] for item in response.json()["results"]]


def error(response, status: int) -> dict:
    """The error body, after checking the status and the documented shape."""
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"status", "code", "message", "details"}
    assert body["error"]["status"] == status
    assert body["error"]["message"]
    for detail in body["error"]["details"]:
        assert set(detail) == {"parameter", "message"}
    return body["error"]


def parameters_at_fault(response) -> list[str]:
    return [detail["parameter"] for detail in error(response, 400)["details"]]
