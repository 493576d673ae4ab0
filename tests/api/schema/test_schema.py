"""The OpenAPI schema: valid, warning-free, committed, complete, served offline."""

from pathlib import Path

import pytest
import yaml
from django.core.management import call_command
from openapi_spec_validator import validate

from api.schema.texts import RESOURCES as DOCUMENTED
from tests import factories as f
from tests.api.helpers import BY_PATH

COMMITTED = Path(__file__).resolve().parents[3] / "api" / "openapi.yaml"


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("schema") / "openapi.yaml"
    # --fail-on-warn makes any generator warning an error, so this fixture fails on one.
    call_command("spectacular", "--file", str(path), "--validate", "--fail-on-warn")
    return path.read_text()


@pytest.fixture(scope="module")
def schema(generated) -> dict:
    return yaml.safe_load(generated)


def operations(schema):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            yield path, method, operation


def test_schema_generates_without_warnings_and_is_valid_openapi(schema):
    validate(schema)
    assert schema["openapi"].startswith("3.")


def test_committed_schema_matches_the_code(generated):
    assert COMMITTED.read_text() == generated, "api/openapi.yaml is stale: run `make schema`"


def test_every_resource_has_a_list_and_a_detail(schema):
    for resource in BY_PATH:
        assert f"/api/v1/{resource}/" in schema["paths"]
        assert f"/api/v1/{resource}/{{slug}}/" in schema["paths"]
    assert "/api/v1/" in schema["paths"]


def test_every_operation_has_a_summary_description_and_documented_errors(schema):
    for path, method, operation in operations(schema):
        assert operation.get("summary"), (path, method)
        assert operation.get("description"), (path, method)
        responses = operation["responses"]
        for code in ("200", "400", "500") + (("404",) if "{slug}" in path else ()):
            assert code in responses, (path, code)
        for code in ("400", "404", "500"):
            if code in responses:
                ref = responses[code]["content"]["application/json"]["schema"]["$ref"]
                assert ref == "#/components/schemas/Error", (path, code)
                assert responses[code]["content"]["application/json"]["examples"], (path, code)


def test_every_parameter_has_a_type_and_a_meaning(schema):
    for path, _, operation in operations(schema):
        for parameter in operation.get("parameters", []):
            assert parameter.get("description"), (path, parameter["name"])
            assert parameter["schema"].get("type"), (path, parameter["name"])


def test_error_shape_is_a_documented_component(schema):
    error = schema["components"]["schemas"]["ErrorBody"]
    assert set(error["properties"]) == {"status", "code", "message", "details"}


def test_list_filters_are_documented_with_their_types(schema):
    parameters = {p["name"]: p for p in schema["paths"]["/api/v1/symptoms/"]["get"]["parameters"]}
    assert parameters["condition"]["schema"] == {
        "type": "array",
        "items": {"type": "string", "minLength": 1, "pattern": "^[^\\u0000,]*$"},
        "minItems": 1,
    }
    assert parameters["condition"]["explode"] is False
    assert parameters["updated_since"]["schema"]["anyOf"] == [
        {"format": "date-time"},
        {"format": "date"},
    ]
    assert parameters["limit"]["schema"]["type"] == "integer"
    assert "at most 100" in parameters["limit"]["description"]
    condition_parameters = {
        p["name"]: p for p in schema["paths"]["/api/v1/conditions/"]["get"]["parameters"]
    }
    assert "ICD-10:G35" in condition_parameters["code"]["description"]
    specialists = {
        p["name"]: p for p in schema["paths"]["/api/v1/specialists/"]["get"]["parameters"]
    }
    assert specialists["first_contact"]["schema"]["type"] == "boolean"


def test_docs_answer_which_symptoms_point_to_a_condition_and_whom_to_see_first(schema):
    symptoms = schema["paths"]["/api/v1/symptoms/"]["get"]
    assert "?condition=multiple-sclerosis" in symptoms["description"]
    specialist_link = schema["components"]["schemas"]["SymptomSpecialistLink"]
    assert "first" in specialist_link["properties"]["first_contact"]["description"]
    assert "first_contact" in schema["info"]["description"]


def shape(value):
    """The keys of a JSON value, recursively (the first item stands for a list)."""
    if isinstance(value, dict):
        return {key: shape(item) for key, item in value.items()}
    if isinstance(value, list):
        return [shape(value[0])] if value else []
    return None


def merge_empty_lists(example, actual):
    if isinstance(example, dict) and isinstance(actual, dict):
        return {k: merge_empty_lists(example[k], actual.get(k)) for k in example}
    if isinstance(example, list) and isinstance(actual, list):
        if not example or not actual:
            return actual
        return [merge_empty_lists(example[0], actual[0])]
    return example


@pytest.mark.django_db
@pytest.mark.parametrize("resource", sorted(DOCUMENTED))
def test_examples_have_exactly_the_shape_of_real_responses(client, resource):
    from tests.api.test_query_counts import populate

    owner = BY_PATH[resource].factory(reviewed_by=f.ExpertFactory())
    populate(BY_PATH[resource], owner, 1)
    actual_detail = client.get(BY_PATH[resource].detail_url(owner.slug)).json()
    actual_item = client.get(BY_PATH[resource].list_url()).json()["results"][0]
    example_detail = shape(DOCUMENTED[resource]["detail_example"])
    assert merge_empty_lists(example_detail, shape(actual_detail)) == shape(actual_detail)
    assert shape(DOCUMENTED[resource]["list_example"]) == shape(actual_item)


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/api/docs/", "/api/redoc/"])
def test_documentation_pages_work_offline(client, settings, url):
    # Production serves hashed names after collectstatic; the page's references are the point.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    html = client.get(url).content.decode()
    assert "drf_spectacular_sidecar" in html
    assert "cdn." not in html
    assert "unpkg" not in html


@pytest.mark.django_db
def test_schema_is_served(client):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    validate(response.json())


def references(value):
    """Every record an example names: (resource, slug, name), recursively."""
    if isinstance(value, dict):
        if {"url", "slug", "name"} <= set(value):
            resource = value["url"].split("/api/v1/")[1].split("/")[0]
            yield resource, value["slug"], value["name"]
        for item in value.values():
            yield from references(item)
    elif isinstance(value, list):
        for item in value:
            yield from references(item)


@pytest.mark.django_db
def test_examples_name_records_of_the_demo_content(client):
    from symptoms.demo.bundle import load_demo_content

    load_demo_content()
    for resource, text in DOCUMENTED.items():
        for example in (text["list_example"], text["detail_example"]):
            for path, slug, name in references(example):
                response = client.get(BY_PATH[path].detail_url(slug), {"fields": "name,summary"})
                assert response.status_code == 200, (resource, path, slug)
                assert response.json()["name"] == name, (resource, path, slug)
            record = client.get(BY_PATH[resource].detail_url(example["slug"])).json()
            assert record["summary"] == example["summary"], (resource, example["slug"])
