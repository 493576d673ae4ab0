"""Stored documents: served as the serializers render them, and never once out of date."""

import datetime
import io
from pathlib import Path
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from api.delivery.documents import building as documents
from api.delivery.documents import serving
from api.models import Document
from symptoms import kinds
from symptoms import models as m
from symptoms.changes import outbox
from tests import factories as f
from tests.api.helpers import RESOURCES

pytestmark = pytest.mark.django_db

STORED = 2  # public version + the document


@pytest.fixture(autouse=True)
def no_representation_cache(settings):
    """Every request reaches the view: what is measured here is the document, not that cache."""
    settings.API_REPRESENTATION_CACHE = False


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Runs what waits for a commit (document builds) at the end of the block."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def detail(client, record) -> dict:
    path = next(r for r in RESOURCES if r.factory._meta.model is type(record)).path
    return client.get(f"/api/v1/{path}/{record.slug}/").json()


def stored_body(record) -> bytes:
    document = Document.objects.get(type=kinds.of_model(record).name, uid=record.uid)
    return bytes(document.body)


def test_a_stored_detail_is_the_rendered_detail_byte_for_byte_headers_included(client):
    symptom = f.SymptomFactory(reviewed_by=f.ExpertFactory())
    symptom.sources.add(f.SourceFactory())
    f.SymptomConditionFactory(symptom=symptom)
    nutrient = f.SymptomNutrientFactory(symptom=symptom).nutrient
    f.NutrientSourceFactory(nutrient=nutrient)
    f.FAQEntryFactory(symptom=symptom)
    url = f"/api/v1/symptoms/{symptom.slug}/"
    rendered = client.get(url, secure=True, HTTP_HOST="localhost")

    documents.build_all()
    stored = client.get(url, secure=True, HTTP_HOST="localhost")

    assert stored.content == rendered.content
    assert b"https://localhost/api/v1/" in stored.content
    assert serving.PLACEHOLDER_ORIGIN.encode() not in stored.content
    varying = {"X-Request-ID"}
    assert {k: v for k, v in stored.items() if k not in varying} == {
        k: v for k, v in rendered.items() if k not in varying
    }


def test_a_stored_detail_answers_304_to_its_validators(client):
    symptom = f.SymptomFactory()
    documents.build_all()
    url = f"/api/v1/symptoms/{symptom.slug}/"
    first = client.get(url)
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304


def test_documents_are_built_when_the_change_commits(client, committed):
    with committed():
        symptom = f.SymptomFactory(name="Eyelid twitch")
    assert b"Eyelid twitch" in stored_body(symptom)


def test_a_renamed_linked_record_rebuilds_the_documents_that_show_it(
    client, committed, django_assert_num_queries
):
    with committed():
        link = f.SymptomConditionFactory()
    symptom, condition = link.symptom, link.condition

    with committed():
        condition.name = "Benign fasciculation syndrome"
        condition.save()

    assert b"Benign fasciculation syndrome" in stored_body(symptom)
    with django_assert_num_queries(STORED):
        body = detail(client, symptom)
    assert body["conditions"][0]["name"] == "Benign fasciculation syndrome"


def test_a_renamed_food_rebuilds_the_symptoms_of_its_nutrients(client, committed):
    with committed():
        nutrient_link = f.SymptomNutrientFactory()
        food_link = f.NutrientSourceFactory(nutrient=nutrient_link.nutrient)
    food = food_link.dietary_source

    with committed():
        food.name = "Pumpkin seeds"
        food.save()

    assert b"Pumpkin seeds" in stored_body(nutrient_link.symptom)
    foods = detail(client, nutrient_link.symptom)["nutrients"][0]["dietary_sources"]
    assert [item["name"] for item in foods] == ["Pumpkin seeds"]


def test_an_edited_source_or_expert_rebuilds_the_documents_that_show_them(client, committed):
    source, expert = f.SourceFactory(), f.ExpertFactory()
    with committed():
        condition = f.ConditionFactory(reviewed_by=expert)
        condition.sources.add(source)
        opinion = f.ExpertOpinionFactory(expert=expert)
        opinion.symptom.save()

    with committed():
        source.title = "Muscle cramps: a review"
        source.save()
        expert.name = "Dr Ada Byrne"
        expert.save()

    body = detail(client, condition)
    assert body["sources"][0]["title"] == "Muscle cramps: a review"
    assert body["review"]["reviewer"]["name"] == "Dr Ada Byrne"
    assert b"Dr Ada Byrne" in stored_body(opinion.symptom)


def test_an_unpublished_record_loses_its_document_and_answers_404(client, committed):
    with committed():
        symptom = f.SymptomFactory()
    with committed():
        symptom.status = m.ContentStatus.ARCHIVED
        symptom.save()

    assert not Document.objects.filter(uid=symptom.uid).exists()
    assert client.get(f"/api/v1/symptoms/{symptom.slug}/").status_code == 404


def test_a_document_older_than_its_records_latest_change_is_never_served(client, committed):
    with committed():
        link = f.SymptomConditionFactory()
    # The change commits but its document build has not run (or failed).
    link.condition.name = "Renamed"
    link.condition.save()

    assert b"Renamed" not in stored_body(link.symptom)
    assert detail(client, link.symptom)["conditions"][0]["name"] == "Renamed"


def test_a_build_that_read_older_content_does_not_replace_a_newer_document(committed):
    with committed():
        symptom = f.SymptomFactory(name="Newer")
    newer = Document.objects.get(uid=symptom.uid)
    m.Symptom.objects.filter(pk=symptom.pk).update(name="Older")
    head = outbox.head().pk

    with mock.patch("api.delivery.documents.building.ContentChange.objects.order_by") as latest:
        latest.return_value.values_list.return_value.first.return_value = head - 1
        documents.build("symptom", [symptom.uid])

    assert bytes(Document.objects.get(uid=symptom.uid).body) == bytes(newer.body)


def test_a_linked_record_scheduled_for_later_expires_the_document_when_it_goes_public(
    client, committed
):
    later = timezone.now() + datetime.timedelta(hours=1)
    with committed():
        symptom = f.SymptomFactory()
        condition = f.ConditionFactory(published_at=later)
        f.SymptomConditionFactory(symptom=symptom, condition=condition)

    document = Document.objects.get(uid=symptom.uid)
    assert document.expires_at == later
    assert detail(client, symptom)["conditions"] == []

    with mock.patch("django.utils.timezone.now", return_value=later + datetime.timedelta(1)):
        names = [item["name"] for item in detail(client, symptom)["conditions"]]
    assert names == [condition.name]


def test_a_scheduled_publication_coming_due_rebuilds_the_records_that_show_it(committed):
    later = timezone.now() + datetime.timedelta(hours=1)
    with committed():
        link = f.SymptomConditionFactory(condition=f.ConditionFactory(published_at=later))
    m.Condition.objects.filter(pk=link.condition.pk).update(published_at=timezone.now())

    with committed():
        outbox.record_due_publications()

    assert link.condition.name.encode() in stored_body(link.symptom)
    assert Document.objects.filter(uid=link.condition.uid).exists()


def test_changes_rolled_back_build_nothing_and_leave_nothing_waiting(committed):
    with committed():
        symptom = f.SymptomFactory(name="Saved")
    with pytest.raises(RuntimeError), committed(), transaction.atomic():
        symptom.name = "Never saved"
        symptom.save()
        raise RuntimeError
    assert b"Saved" in stored_body(symptom)

    with committed():
        other = f.ConditionFactory()
    assert Document.objects.filter(uid=other.uid).exists()


def test_sparse_fields_json_ld_and_preview_are_rendered_not_stored(client, admin_user):
    symptom = f.SymptomFactory()
    draft = f.SymptomFactory(draft=True)
    documents.build_all()
    Document.objects.filter(uid=symptom.uid).update(body=b'{"stored": true}')
    url = f"/api/v1/symptoms/{symptom.slug}/"

    assert client.get(url).json() == {"stored": True}
    assert client.get(url, {"fields": "name"}).json() == {"name": symptom.name}
    assert client.get(url, HTTP_ACCEPT="application/ld+json").json()["name"] == symptom.name
    client.force_login(admin_user)
    preview = client.get(f"/api/v1/preview/symptoms/{draft.slug}/")
    assert preview.json()["slug"] == draft.slug
    assert not Document.objects.filter(uid=draft.uid).exists()


def test_build_documents_builds_every_public_record_or_only_the_missing(capsys):
    public = [f.SymptomFactory(), f.ConditionFactory(), f.DietarySourceFactory()]
    f.SymptomFactory(draft=True)

    call_command("build_documents")
    assert "3 document(s) built." in capsys.readouterr().out
    assert {d.uid for d in Document.objects.all()} == {r.uid for r in public}

    Document.objects.filter(uid=public[0].uid).delete()
    call_command("build_documents", "--missing")
    assert "1 document(s) built." in capsys.readouterr().out


def test_a_document_rendered_by_other_code_is_not_served(client):
    symptom = f.SymptomFactory()
    documents.build_all()
    Document.objects.update(body=b'{"stored": true}')
    url = f"/api/v1/symptoms/{symptom.slug}/"
    assert client.get(url).json() == {"stored": True}

    Document.objects.update(format="rendered-by-an-older-release")
    assert client.get(url).json()["slug"] == symptom.slug


@pytest.fixture
def shaping_code(tmp_path, monkeypatch):
    """A package and a module outside the project, standing in for the code that shapes output."""
    package = tmp_path / "shaping_package"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "fields.py").write_text("")
    (tmp_path / "shaping_module.py").write_text("")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(serving, "OUTPUT_CODE", ("shaping_package", "shaping_module"))
    serving.output_format.cache_clear()
    yield tmp_path
    serving.output_format.cache_clear()


def test_the_output_format_changes_with_the_code_that_shapes_output(shaping_code):
    before = serving.output_format()
    (shaping_code / "shaping_package/fields.py").write_text("NEW_FIELD = True\n")
    serving.output_format.cache_clear()
    assert serving.output_format() != before


def test_the_output_format_finds_modules_by_import_name_wherever_they_are(settings, tmp_path):
    """Not by path from the project root: a moved file is found, a detail never fails."""
    settings.BASE_DIR = tmp_path / "elsewhere"
    serving.output_format.cache_clear()
    try:
        assert serving.output_format()
        sources = {path for name in serving.OUTPUT_CODE for path in serving.source_files(name)}
        assert Path(serving.__file__).parents[3] / "api/serializers/base.py" in sources
    finally:
        serving.output_format.cache_clear()


def test_an_edit_touching_more_records_than_the_limit_leaves_them_to_the_worker(
    client, committed, settings
):
    with committed():
        condition = f.ConditionFactory()
        symptoms = [f.SymptomConditionFactory(condition=condition).symptom for _ in range(3)]
    settings.DOCUMENTS_INLINE_LIMIT = 3  # the condition and its three symptoms are four
    with committed():
        condition.name = "Benign fasciculation syndrome"
        condition.save()
    assert all(b"Benign fasciculation syndrome" not in stored_body(s) for s in symptoms)
    assert detail(client, symptoms[0])["conditions"][0]["name"] == condition.name

    with committed():
        call_command("deliver_webhooks", "--once", stdout=io.StringIO())
    assert all(b"Benign fasciculation syndrome" in stored_body(s) for s in symptoms)
    assert b"Benign fasciculation syndrome" in stored_body(condition)
