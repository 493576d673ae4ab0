import pytest
from django.test import override_settings

from tests import factories as f

pytestmark = pytest.mark.django_db


def test_every_public_get_sends_validators_cache_control_and_vary(client):
    symptom = f.SymptomFactory()
    for url in ["/api/v1/symptoms/", f"/api/v1/symptoms/{symptom.slug}/", "/api/v1/changes/"]:
        response = client.get(url)
        assert response["ETag"].startswith('"')
        assert response["Last-Modified"].endswith("GMT")
        assert response["Cache-Control"] == "public, max-age=60"
        assert "Accept" in response["Vary"]


@override_settings(API_CACHE_MAX_AGE=300)
def test_max_age_is_configurable(client):
    assert client.get("/api/v1/symptoms/")["Cache-Control"] == "public, max-age=300"


def test_matching_if_none_match_is_a_304_without_a_body(client):
    symptom = f.SymptomFactory()
    url = f"/api/v1/symptoms/{symptom.slug}/"
    etag = client.get(url)["ETag"]
    response = client.get(url, HTTP_IF_NONE_MATCH=f'"other", {etag}')
    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag


def test_if_modified_since_is_a_304_until_a_change(client):
    symptom = f.SymptomFactory()
    url = f"/api/v1/symptoms/{symptom.slug}/"
    modified = client.get(url)["Last-Modified"]
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    assert (
        client.get(url, HTTP_IF_MODIFIED_SINCE="Sat, 01 Jan 2000 00:00:00 GMT").status_code == 200
    )


def test_a_linked_condition_rename_changes_the_symptom_etag(client, version_clock):
    link = f.SymptomConditionFactory()
    url = f"/api/v1/symptoms/{link.symptom.slug}/"
    before = client.get(url)["ETag"]
    link.condition.name = "Renamed"
    link.condition.save()
    version_clock.now += 1.0  # the staleness bound passes
    after = client.get(url, HTTP_IF_NONE_MATCH=before)
    assert after.status_code == 200
    assert after["ETag"] != before


def test_a_draft_edit_leaves_etags_alone(client):
    f.SymptomFactory()
    draft = f.SymptomFactory(draft=True)
    etag = client.get("/api/v1/symptoms/")["ETag"]
    draft.summary = "Unpublished text."
    draft.save()
    assert client.get("/api/v1/symptoms/", HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_json_and_json_ld_have_different_etags(client):
    symptom = f.SymptomFactory()
    url = f"/api/v1/symptoms/{symptom.slug}/"
    json_etag = client.get(url)["ETag"]
    ld = client.get(url, HTTP_ACCEPT="application/ld+json", HTTP_IF_NONE_MATCH=json_etag)
    assert ld.status_code == 200
    assert ld["ETag"] != json_etag


def test_bad_requests_are_not_cached_as_public(client):
    response = client.get("/api/v1/symptoms/", {"limit": "ten"})
    assert response.status_code == 400
    assert "ETag" not in response
    assert "public" not in response.get("Cache-Control", "")


def test_staff_pages_are_private_and_not_stored(staff_client):
    response = staff_client.get("/admin/symptoms/symptom/")
    assert "private" in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"]


def test_a_staff_preview_is_never_validated_nor_cached(staff_client):
    draft = f.SymptomFactory(draft=True)
    url = f"/api/v1/preview/symptoms/{draft.slug}/"
    first = staff_client.get(url)
    assert first.status_code == 200
    assert first["Cache-Control"] == "private, no-store"
    assert "ETag" not in first and "Last-Modified" not in first
    draft.summary = "Edited draft."
    draft.save()
    again = staff_client.get(url, HTTP_IF_MODIFIED_SINCE="Fri, 01 Jan 2100 00:00:00 GMT")
    assert again.status_code == 200
    assert again.json()["summary"] == "Edited draft."


FUTURE = "Fri, 01 Jan 2100 00:00:00 GMT"


@pytest.mark.parametrize("since", [FUTURE, "Sat, 01 Jan 2000 00:00:00 GMT"])
def test_an_unknown_slug_is_a_404_whatever_if_modified_since_says(client, since):
    f.SymptomFactory()
    modified = client.get("/api/v1/symptoms/")["Last-Modified"]
    for date in (since, modified):
        response = client.get("/api/v1/symptoms/no-such-symptom/", HTTP_IF_MODIFIED_SINCE=date)
        assert response.status_code == 404
        assert response.json()["error"]["status"] == 404


@pytest.mark.parametrize("cached", [False, True])
def test_an_if_modified_since_in_the_future_is_ignored(client, cached):
    symptom = f.SymptomFactory()
    for url in ["/api/v1/symptoms/", f"/api/v1/symptoms/{symptom.slug}/"]:
        if cached:  # the representation cache answers the second request
            client.get(url)
        response = client.get(url, HTTP_IF_MODIFIED_SINCE=FUTURE)
        assert response.status_code == 200
        assert symptom.slug.encode() in response.content


@pytest.mark.parametrize("cached", [False, True])
def test_an_invalid_query_parameter_is_a_400_whatever_if_none_match_says(client, cached, settings):
    settings.API_REPRESENTATION_CACHE = cached
    symptom = f.SymptomFactory()
    detail = f"/api/v1/symptoms/{symptom.slug}/"
    for url, bad in [("/api/v1/symptoms/", {"limit": "ten"}), (detail, {"bogus": "1"})]:
        etag = client.get(url)["ETag"]
        for tag in ("*", etag, f"W/{etag}"):
            assert client.get(url, bad, HTTP_IF_NONE_MATCH=tag).status_code == 400


@pytest.mark.parametrize("cached", [False, True])
def test_a_star_or_a_weak_tag_matches_as_rfc_9110_says(client, cached, settings):
    settings.API_REPRESENTATION_CACHE = cached
    symptom = f.SymptomFactory()
    for url in ["/api/v1/symptoms/", f"/api/v1/symptoms/{symptom.slug}/"]:
        etag = client.get(url)["ETag"]
        for tag in ("*", f"W/{etag}", f'"other", W/{etag}'):
            response = client.get(url, HTTP_IF_NONE_MATCH=tag)
            assert (response.status_code, response["ETag"]) == (304, etag), tag
        assert client.get(url, HTTP_IF_NONE_MATCH='"other"').status_code == 200


def test_a_failed_if_match_is_a_412(client):
    symptom = f.SymptomFactory()
    url = f"/api/v1/symptoms/{symptom.slug}/"
    etag = client.get(url)["ETag"]
    assert client.get(url, HTTP_IF_MATCH=etag).status_code == 200
    assert client.get(url, HTTP_IF_MATCH='"other"').status_code == 412


def test_an_invalid_feed_parameter_is_a_400_whatever_if_none_match_says(client):
    f.SymptomFactory()
    assert client.get("/api/v1/changes/", HTTP_IF_NONE_MATCH="*").status_code == 304
    response = client.get("/api/v1/changes/", {"since": "soon"}, HTTP_IF_NONE_MATCH="*")
    assert response.status_code == 400
