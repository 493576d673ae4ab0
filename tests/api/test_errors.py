"""One error shape for every 4xx/5xx; nothing a client sends produces a 500."""

import base64
import json

import pytest

from api.views import SymptomViewSet
from tests import factories as f
from tests.api.helpers import RESOURCES, error, parameters_at_fault, slugs

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "params, parameter",
    [
        ({"limit": "ten"}, "limit"),
        ({"limit": "-1"}, "limit"),
        ({"limit": "0"}, "limit"),
        ({"limit": "1.5"}, "limit"),
        ({"offset": "-5"}, "offset"),
        ({"offset": "x"}, "offset"),
        ({"ordering": "summary"}, "ordering"),
        ({"ordering": "name,-colour"}, "ordering"),
        ({"updated_since": "yesterday"}, "updated_since"),
        ({"updated_since": "2026-13-45"}, "updated_since"),
        ({"fields": "id,colour"}, "fields"),
        ({"condition": "no-such-condition"}, "condition"),
        ({"code": "XYZ:G35"}, "code"),
    ],
)
def test_bad_value_is_a_400_that_names_the_parameter_and_says_what_is_wrong(
    client, params, parameter
):
    f.SymptomFactory()
    body = error(client.get("/api/v1/symptoms/", params), 400)
    assert body["code"] == "invalid_parameter"
    assert [d["parameter"] for d in body["details"]] == [parameter]
    assert parameter in body["message"]


def test_every_bad_parameter_is_reported_at_once(client):
    response = client.get("/api/v1/causes/", {"category": "nope", "nature": "odd"})
    assert sorted(parameters_at_fault(response)) == ["category", "nature"]


def test_bad_choice_message_lists_what_is_accepted(client):
    body = error(client.get("/api/v1/treatments/", {"evidence": "strong"}), 400)
    assert body["details"][0]["message"] == (
        "Unknown value strong. Accepted: established, limited, none."
    )


def test_misspelled_filter_is_a_400_instead_of_matching_everything(client):
    f.SymptomFactory.create_batch(2)
    body = error(client.get("/api/v1/symptoms/", {"conditon": "als"}), 400)
    assert body["code"] == "unknown_parameter"
    assert body["message"] == "Unknown query parameter: conditon."
    assert body["details"][0]["parameter"] == "conditon"
    assert "Did you mean condition?" in body["details"][0]["message"]


def test_root_refuses_unknown_parameters(client):
    assert parameters_at_fault(client.get("/api/v1/", {"page": 2})) == ["page"]


def test_unknown_address_under_the_api_is_a_404_in_the_error_shape(client):
    assert error(client.get("/api/v1/no-such-resource/"), 404)["code"] == "not_found"


def test_writing_is_a_405_in_the_error_shape(client):
    record = f.SymptomFactory()
    response = client.post(f"/api/v1/symptoms/{record.slug}/", {})
    assert error(response, 405)["code"] == "method_not_allowed"
    assert response["Allow"] == "GET, HEAD, OPTIONS"


def test_unacceptable_format_is_an_error_in_the_shape(client):
    response = client.get("/api/v1/symptoms/", HTTP_ACCEPT="application/xml")
    assert error(response, 406)["code"] == "not_acceptable"


def test_unexpected_failure_is_a_500_in_the_error_shape(client, monkeypatch):
    def fail(self):
        raise RuntimeError("database on fire")

    monkeypatch.setattr(SymptomViewSet, "get_queryset", fail)
    client.raise_request_exception = False
    body = error(client.get("/api/v1/symptoms/"), 500)
    assert body["code"] == "server_error"
    assert "fire" not in body["message"]


HOSTILE_VALUES = ["", " ", "%00", "\x00", "'; DROP TABLE x;--", "9" * 40, "é" * 300, ",,,", "-"]


@pytest.mark.parametrize("resource", RESOURCES, ids=str)
def test_no_parameter_value_produces_a_500(client, no_quotas, resource):
    record = resource.factory()
    names = ["limit", "offset", "fields", *resource_filters(resource)]
    for name in names:
        for value in HOSTILE_VALUES:
            response = client.get(resource.list_url(), {name: value})
            assert response.status_code in (200, 400), (name, value, response.content)
    for value in HOSTILE_VALUES:
        response = client.get(resource.detail_url(record.slug), {"fields": value})
        assert response.status_code in (200, 400), (value, response.content)
    assert client.get(f"{resource.list_url()}%00/").status_code == 404


def resource_filters(resource) -> list[str]:
    from api.routers import RESOURCES as REGISTERED

    viewset = next(v for prefix, v, _ in REGISTERED if prefix == resource.path)
    return list(viewset.filterset_class.base_filters)


def test_public_responses_do_not_vary_by_cookie(client):
    record = f.SymptomFactory()
    for url in ["/api/v1/", "/api/v1/symptoms/", f"/api/v1/symptoms/{record.slug}/"]:
        response = client.get(url)
        assert "Cookie" not in response.get("Vary", ""), url
        assert "Set-Cookie" not in response, url


def test_an_unknown_format_is_a_400_naming_it(client):
    response = client.get("/api/v1/symptoms/", {"format": "xml"})
    assert response.status_code == 400
    body = response.json()["error"]
    assert body["details"][0]["parameter"] == "format"
    assert "jsonld" in body["details"][0]["message"]


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/body-regions/?updated_since=8619-11-20T19:39:31%2B19:38",
        "/api/v1/changes/?since=2026-11-20T19:39:31-19:59",
        "/api/v1/symptoms/?updated_since=9999-12-31T23:59:59-10:00",
        "/api/v1/symptoms/?updated_since=0001-01-01T00:00:00%2B01:00",
    ],
)
def test_odd_but_valid_iso_offsets_never_reach_the_database_as_such(client, url):
    assert client.get(url).status_code == 200


@pytest.mark.parametrize(
    ("updated_since", "finds_the_record"),
    [
        ("9999-12-31T23:59:59-10:00", False),
        ("8619-11-20T19:39:31+19:38", False),
        ("0001-01-01T00:00:00+01:00", True),
    ],
)
def test_an_updated_since_past_the_calendar_still_filters(client, updated_since, finds_the_record):
    record = f.SymptomFactory()
    found = slugs(client.get("/api/v1/symptoms/", {"updated_since": updated_since}))
    assert found == ([record.slug] if finds_the_record else [])


# "²" and "١" pass str.isdigit(); int() refuses the first and reads the second as 1.
UNICODE_DIGITS = ["²", "١", "12³"]
WHOLE_NUMBER_PARAMETERS = [
    ("/api/v1/changes/", {}, "limit"),
    ("/api/v1/symptoms/", {}, "limit"),
    ("/api/v1/symptoms/", {}, "offset"),
    ("/api/v1/search/", {"q": "twitch"}, "limit"),
    ("/api/v1/search/", {"q": "twitch"}, "offset"),
]


@pytest.mark.parametrize("digits", UNICODE_DIGITS)
@pytest.mark.parametrize("url, others, parameter", WHOLE_NUMBER_PARAMETERS)
def test_a_whole_number_in_other_than_ascii_digits_is_a_400(client, url, others, parameter, digits):
    f.SymptomFactory(name="Muscle twitch")
    response = client.get(url, {**others, parameter: digits})
    assert parameters_at_fault(response) == [parameter]


@pytest.mark.parametrize("digits", UNICODE_DIGITS)
def test_a_cursor_of_other_than_ascii_digits_is_a_400(client, digits):
    forged = base64.urlsafe_b64encode(f"c:{digits}".encode()).decode().rstrip("=")
    assert parameters_at_fault(client.get("/api/v1/changes/", {"since": forged})) == ["since"]


@pytest.mark.parametrize("path", ["/api/v1/symptoms/", "/api/v1/symptoms/{slug}/"])
@pytest.mark.parametrize("fields", ["slug", "summary", "url", "id,slug"])
def test_jsonld_with_fields_keeps_what_every_node_needs(client, path, fields):
    record = f.SymptomFactory()
    response = client.get(path.format(slug=record.slug), {"format": "jsonld", "fields": fields})
    assert response.status_code == 200, response.content
    body = json.loads(response.content)
    node = body["itemListElement"][0]["item"] if "itemListElement" in body else body
    assert node["@id"] == node["url"] == f"http://testserver/api/v1/symptoms/{record.slug}/"
    assert node["name"] == record.name


def test_jsonld_with_fields_on_a_detail_keeps_its_identifier(client):
    record = f.SymptomFactory()
    url = f"/api/v1/symptoms/{record.slug}/"
    body = json.loads(client.get(url, {"format": "jsonld", "fields": "summary"}).content)
    assert body["identifier"] == str(record.uid)
    assert body["description"] == record.summary
    assert "text" not in body


def test_an_unsupported_method_is_a_405_whatever_the_parameters(client):
    record = f.SymptomFactory()
    for url in ["/api/v1/symptoms/?limit=5&colour=red", f"/api/v1/symptoms/{record.slug}/?x=1"]:
        response = client.generic("TRACE", url)
        assert error(response, 405)["code"] == "method_not_allowed"
        assert "GET" in response["Allow"]


@pytest.mark.parametrize(
    "url, parameter",
    [
        ("/api/v1/symptoms/", "condition"),
        ("/api/v1/symptoms/", "search"),
        ("/api/v1/symptoms/", "format"),
        ("/api/v1/symptoms/", "updated_since"),
        ("/api/v1/changes/", "since"),
        ("/api/v1/search/?q=twitch", "type"),
    ],
)
def test_an_empty_value_is_a_400_rather_than_no_filter(client, url, parameter):
    f.SymptomFactory(name="Muscle twitch")
    path, _, query = url.partition("?")
    params = dict([query.split("=")]) if query else {}
    body = error(client.get(path, {**params, parameter: ""}), 400)
    assert [d["parameter"] for d in body["details"]] == [parameter]
    assert "Empty" in body["details"][0]["message"]


@pytest.mark.parametrize("fields", ["id,,name", "id, name", "id,", " id"])
def test_fields_names_each_field_exactly(client, fields):
    record = f.SymptomFactory()
    for url in ["/api/v1/symptoms/", f"/api/v1/symptoms/{record.slug}/"]:
        assert parameters_at_fault(client.get(url, {"fields": fields})) == ["fields"]


@pytest.mark.parametrize("types", ["symptom,", " symptom", "symptom,,condition"])
def test_search_types_are_named_exactly(client, types):
    response = client.get("/api/v1/search/", {"q": "twitch", "type": types})
    assert parameters_at_fault(response) == ["type"]


def test_a_search_for_nothing_searchable_finds_nothing(client):
    f.SymptomFactory(name="Muscle twitch")
    for path in ["/api/v1/search/", "/api/v1/search/suggest/"]:
        response = client.get(path, {"q": "\x05\U000ad86d"})
        assert response.status_code == 200, response.content
        assert response.json()["results"] == []


@pytest.mark.parametrize("cursor", ["Yz.ox", "Yzo+", "Yzox!"])
def test_a_cursor_with_characters_outside_its_alphabet_is_a_400(client, cursor):
    assert parameters_at_fault(client.get("/api/v1/changes/", {"since": cursor})) == ["since"]


@pytest.mark.parametrize("code", ["ICD-10: ", "ICD-10:\x85"])
def test_a_medical_code_is_read_as_given_not_stripped_into_a_malformed_one(client, code):
    f.SymptomFactory()
    response = client.get("/api/v1/symptoms/", {"code": code})
    assert response.status_code == 200, response.content
    assert response.json()["results"] == []
