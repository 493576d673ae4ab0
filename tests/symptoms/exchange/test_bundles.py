import copy
import json

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

from symptoms import models as m
from symptoms.editorial import publishing
from symptoms.exchange.bundles import (
    ENTITIES,
    BundleError,
    child_relations,
    dumps,
    export_bundle,
    loads,
)
from symptoms.search.engine import search_content
from tests.symptoms import bundle_support

pytestmark = pytest.mark.django_db


def test_bundle_is_versioned_and_keyed_by_slug_not_id(graph):
    bundle = export_bundle()
    assert (bundle["format"], bundle["version"]) == ("healthcontent-bundle", 1)
    symptom = next(s for s in bundle["symptoms"] if s["slug"] == "leg-cramps")
    assert "id" not in symptom
    assert symptom["uid"] == str(graph.uid)
    assert symptom["condition_links"] == [
        {"note": "When walking", "order": 3, "condition": "pad", "likelihood": "rare"}
    ]
    assert symptom["sources"] == [["Muscle cramps", "Health Journal"]]
    assert symptom["expert_opinions"][0]["expert"] == "dr-rivera"
    assert symptom["body_regions"] == ["calf"]


def test_every_model_of_the_content_is_in_the_bundle():
    covered = {m.Source, m.Expert}
    # The outbox and webhook consumers belong to each environment, like ids: not content.
    covered |= {m.ContentChange, m.WebhookEndpoint, m.WebhookDelivery}
    for _, model in ENTITIES:
        covered.add(model)
        covered.update(rel.related_model for rel in child_relations(model))
    content_models = {
        model for model in apps.get_app_config("symptoms").get_models() if not model._meta.abstract
    }
    # The content version is the caches' bookkeeping, not content: it moves on import. The
    # search tables copy the records: the import's saves write them.
    search_tables = {m.SearchEntry, m.SearchEntryBody, m.SearchNameWord, m.SearchWord}
    assert content_models - covered == {m.ContentVersion, *search_tables}


def test_round_trip_into_an_empty_database_is_byte_identical(graph):
    first = dumps(export_bundle())
    bundle_support.empty_database()
    summary = bundle_support.publish(loads(first))
    assert summary.updated == 0 and summary.unchanged == 0
    assert dumps(export_bundle()) == first


def test_import_is_idempotent_and_touches_nothing_the_second_time(graph):
    bundle = export_bundle()
    bundle_support.empty_database()
    bundle_support.publish(bundle)
    stamp = m.Symptom.objects.get(slug="leg-cramps").updated_at
    summary = bundle_support.publish(bundle)
    assert (summary.created, summary.updated) == (0, 0)
    assert summary.unchanged == sum(
        len(bundle[key]) for key in bundle if key not in ("format", "version")
    )
    assert m.Symptom.objects.get(slug="leg-cramps").updated_at == stamp


def test_import_updates_records_and_links_by_slug(graph):
    bundle = export_bundle()
    symptom = next(s for s in bundle["symptoms"] if s["slug"] == "leg-cramps")
    symptom["name"] = "Leg cramps at night"
    symptom["condition_links"][0]["note"] = "Pain when walking"
    symptom["red_flags"] = []
    summary = bundle_support.publish(bundle)
    assert summary.updated == 1
    updated = m.Symptom.objects.get(slug="leg-cramps")
    assert updated.pk == graph.pk
    assert updated.name == "Leg cramps at night"
    assert updated.condition_links.get().note == "Pain when walking"
    assert not updated.red_flags.exists()


def test_renamed_record_is_found_by_its_stable_id(graph):
    bundle = export_bundle()
    symptom = next(s for s in bundle["symptoms"] if s["slug"] == "leg-cramps")
    symptom["slug"] = "night-leg-cramps"
    bundle_support.publish(bundle)
    assert m.Symptom.objects.get(uid=graph.uid).slug == "night-leg-cramps"
    assert not m.Symptom.objects.filter(slug="leg-cramps").exists()


def test_a_bundle_with_an_error_changes_nothing_and_names_record_and_field(graph):
    bundle = export_bundle()
    bundle["conditions"][0]["name"] = "Renamed before the error"
    broken = next(s for s in bundle["symptoms"] if s["slug"] == "leg-cramps")
    broken["status"] = "bogus"
    with pytest.raises(BundleError, match=r"symptoms\[leg-cramps\]\.status: Value 'bogus'"):
        bundle_support.publish(bundle)
    assert m.Condition.objects.get(slug="pad").name == "Peripheral artery disease"


def test_link_to_an_unknown_slug_is_named(graph):
    bundle = export_bundle()
    symptom = next(s for s in bundle["symptoms"] if s["slug"] == "leg-cramps")
    symptom["condition_links"][0]["condition"] = "no-such-condition"
    with pytest.raises(
        BundleError,
        match=r"symptoms\[leg-cramps\]\.condition_links\[0\]\.condition: no condition",
    ):
        bundle_support.publish(bundle)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda b: b.update(format="other"), r"bundle\.format"),
        (lambda b: b.update(version=2), r"bundle\.version: version 2 is not supported"),
        (lambda b: b.update(extras=[]), r"bundle\.extras: unknown section"),
        (lambda b: b["causes"][0].update(colour="red"), r"causes\[stress\]\.colour: unknown"),
        (
            lambda b: b["causes"][0].update(published_at="yesterday"),
            r"causes\[stress\]\.published_at",
        ),
        (
            lambda b: b["causes"][0].update(published_at="2026-01-01T10:00:00"),
            r"causes\[stress\]\.published_at: a date and time needs a time zone",
        ),
        (lambda b: b["conditions"][0].update(reviewed_by="dr-who"), r"reviewed_by: no expert"),
        (lambda b: b["conditions"][0].update(sources=[["Nope", ""]]), r"sources: no source"),
        (lambda b: b["causes"][0].update(slug=""), r"causes\[\]\.slug: This field cannot be blank"),
    ],
)
def test_invalid_bundles_are_refused_with_a_named_error(graph, change, message):
    bundle = copy.deepcopy(export_bundle())
    change(bundle)
    before = dumps(export_bundle())
    with pytest.raises(BundleError, match=message):
        bundle_support.publish(bundle)
    assert dumps(export_bundle()) == before


def test_selection_holds_the_symptom_and_everything_it_links_to(graph):
    bundle = export_bundle(symptoms=["leg-cramps"])
    slugs = {key: [r["slug"] for r in bundle[key]] for key, _ in ENTITIES}
    assert slugs["symptoms"] == ["leg-cramps"]
    assert slugs["conditions"] == ["pad"]
    assert slugs["treatments"] == ["quinine", "stretching"]
    assert slugs["dietary_sources"] == ["bananas"]
    assert slugs["body_regions"] == ["calf"]
    assert [e["slug"] for e in bundle["experts"]] == ["dr-rivera"]
    assert [s["title"] for s in bundle["sources"]] == ["Muscle cramps"]


def test_selection_imports_into_an_empty_database(graph):
    text = dumps(export_bundle(symptoms=["leg-cramps"]))
    bundle_support.empty_database()
    bundle_support.publish(loads(text))
    assert dumps(export_bundle()) == text


def test_imported_records_are_found_by_search(graph):
    bundle = export_bundle(symptoms=["leg-cramps"])
    bundle_support.empty_database()
    assert search_content("leg cramps").count() == 0
    bundle_support.publish(bundle)
    assert ("symptom", "leg-cramps") in [
        (hit.type, hit.slug) for hit in search_content("leg cramps")[0:5]
    ]


def test_selection_of_an_unknown_symptom_is_refused(graph):
    with pytest.raises(BundleError, match="No symptom with the slug: nope"):
        export_bundle(symptoms=["nope"])


def test_loads_refuses_text_that_is_not_json():
    with pytest.raises(BundleError, match="not valid JSON"):
        loads("{nope")


def test_commands_export_and_import_a_file(graph, tmp_path):
    path = tmp_path / "bundle.json"
    call_command("export_content", "--symptom", "leg-cramps", "--output", str(path))
    assert json.loads(path.read_text())["symptoms"][0]["slug"] == "leg-cramps"
    bundle_support.empty_database()
    call_command("import_content", str(path), "--dry-run")
    assert not m.Symptom.objects.exists()
    call_command("import_content", str(path))
    assert m.Symptom.objects.get().slug == "leg-cramps"


def test_import_command_fails_with_the_error_and_saves_nothing(graph, tmp_path):
    bundle = export_bundle()
    bundle["symptoms"][0]["likelihood"] = "x"
    path = tmp_path / "bundle.json"
    path.write_text(dumps(bundle))
    bundle_support.empty_database()
    with pytest.raises(
        CommandError, match=r"Nothing was imported\. symptoms\[hiccups\]\.likelihood"
    ):
        call_command("import_content", str(path))
    assert not m.Condition.objects.exists()


def test_demo_content_round_trips_exactly():
    from symptoms.demo.bundle import load_demo_content

    load_demo_content()
    first = dumps(export_bundle())
    bundle_support.empty_database()
    bundle_support.publish(loads(first))
    assert dumps(export_bundle()) == first
    assert bundle_support.publish(loads(first)).created == 0


def test_draft_revisions_stay_out_of_bundles(graph, editor):
    published = m.Condition.objects.get(slug="pad")
    revision = publishing.new_revision(published, by=editor)
    bundle = export_bundle()
    slugs = [item["slug"] for item in bundle["conditions"]]
    assert published.slug in slugs
    assert revision.slug not in slugs


def test_links_may_name_a_record_by_the_slug_the_bundle_renames_it_to(graph):
    bundle = export_bundle()
    next(c for c in bundle["conditions"] if c["slug"] == "pad")["slug"] = "artery-disease"
    bundle_support.cramps(bundle)["condition_links"][0]["condition"] = "artery-disease"
    bundle_support.publish(bundle)
    assert graph.condition_links.get().condition.slug == "artery-disease"


def test_links_may_not_name_a_record_by_the_slug_the_bundle_takes_from_it(graph):
    bundle = export_bundle()
    next(c for c in bundle["conditions"] if c["slug"] == "pad")["slug"] = "artery-disease"
    with pytest.raises(BundleError, match=r"no condition with the slug 'pad'"):
        bundle_support.publish(bundle)
