"""Unpublished content cannot be found or inferred anonymously through any path on the API."""

import pytest

from symptoms import models as m
from tests import factories as f

pytestmark = pytest.mark.django_db

HIDDEN = [m.ContentStatus.DRAFT, m.ContentStatus.IN_REVIEW, m.ContentStatus.ARCHIVED]


def symptom_response(client, slug):
    response = client.get(f"/api/v1/symptoms/{slug}/")
    return response.status_code, response.content, response.get("ETag")


@pytest.mark.parametrize("status", HIDDEN)
def test_unpublished_condition_is_invisible_through_every_path(client, status):
    symptom = f.SymptomFactory(slug="cramps", name="Cramps")
    before = symptom_response(client, "cramps")
    hidden = f.ConditionFactory(slug="secret-disease", name="Secret disease", status=status)
    f.SymptomConditionFactory(symptom=symptom, condition=hidden)
    never = "/api/v1/conditions/no-such-disease/"

    detail = client.get("/api/v1/conditions/secret-disease/")
    assert (detail.status_code, detail.content) == (404, client.get(never).content)
    assert b"secret-disease" not in client.get("/api/v1/conditions/").content
    for query in ("Secret", "secret-disease", "Secret disease"):
        assert b"secret" not in client.get("/api/v1/conditions/", {"search": query}).content
        assert b"secret" not in client.get("/api/v1/symptoms/", {"search": query}).content
    by_hidden = client.get("/api/v1/symptoms/", {"condition": "secret-disease"})
    by_unknown = client.get("/api/v1/symptoms/", {"condition": "no-such-disease"})
    assert by_hidden.status_code == by_unknown.status_code
    assert by_hidden.content.replace(b"secret-disease", b"no-such-disease") == by_unknown.content
    # The published symptom's page, links and validators are the same as before the link.
    assert symptom_response(client, "cramps") == before


@pytest.mark.parametrize("status", HIDDEN)
def test_unpublished_symptom_is_invisible_in_detail_list_and_search(client, status):
    f.SymptomFactory(slug="hidden-symptom", name="Hidden symptom", status=status)

    assert client.get("/api/v1/symptoms/hidden-symptom/").status_code == 404
    assert b"hidden-symptom" not in client.get("/api/v1/symptoms/").content
    assert b"hidden" not in client.get("/api/v1/symptoms/", {"search": "Hidden"}).content
    search = client.get("/api/v1/search/", {"q": "Hidden symptom"})
    assert b"hidden-symptom" not in search.content


def test_api_offers_no_write_or_staff_path_even_to_a_logged_in_admin(staff_client):
    f.SymptomFactory(slug="draft-symptom", status=m.ContentStatus.DRAFT)

    assert staff_client.get("/api/v1/symptoms/draft-symptom/").status_code == 404
    assert staff_client.delete("/api/v1/symptoms/draft-symptom/").status_code == 405
    assert staff_client.post("/api/v1/symptoms/", {"slug": "x"}).status_code == 405
