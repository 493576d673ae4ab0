import copy
import datetime
import json

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.management import CommandError, call_command

from symptoms import history, publishing
from symptoms import models as m
from symptoms.bundle_import import import_bundle
from symptoms.bundles import (
    ENTITIES,
    BundleError,
    child_relations,
    dumps,
    export_bundle,
    loads,
)
from symptoms.search import search_content
from tests.factories import (
    BodyRegionFactory,
    CauseFactory,
    ConditionFactory,
    DiagnosticFactory,
    DietarySourceFactory,
    ExpertFactory,
    NutrientFactory,
    SourceFactory,
    SpecialistFactory,
    SymptomFactory,
    TreatmentFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def graph():
    """Every kind of record and link, with notes, orders and attributes."""
    reviewer = ExpertFactory(slug="dr-rivera", name="Dr Ana Rivera", credentials="MD")
    source = SourceFactory(title="Muscle cramps", publisher="Health Journal", url="https://x.org")
    other_source = SourceFactory(title="Unrelated", publisher="Elsewhere")
    calf = BodyRegionFactory(name="Calf", slug="calf")
    banana = DietarySourceFactory(name="Bananas", slug="bananas")
    potassium = NutrientFactory(name="Potassium", slug="potassium", synonyms="K\nkalium")
    m.NutrientSource.objects.create(nutrient=potassium, dietary_source=banana, note="Ripe", order=2)
    gp = SpecialistFactory(name="General practitioner", slug="gp", first_contact=True)
    emg = DiagnosticFactory(name="Electromyography", slug="emg", kind="electrophysiology")
    stretch = TreatmentFactory(
        name="Stretching", slug="stretching", kind="physiotherapy", safety_warning=""
    )
    drug = TreatmentFactory(name="Quinine", slug="quinine", prescription_required=True)
    stress = CauseFactory(name="Stress", slug="stress", category="psychological")
    pad = ConditionFactory(
        name="Peripheral artery disease",
        slug="pad",
        category="vascular",
        last_reviewed=datetime.date(2026, 1, 2),
        next_review_due=datetime.date(2027, 1, 2),
        reviewed_by=reviewer,
    )
    pad.sources.add(source)
    m.ConditionCode.objects.create(condition=pad, system="ICD-10", code="I73.9")
    m.ConditionTreatment.objects.create(condition=pad, treatment=drug, note="Rarely", order=1)
    m.ConditionSpecialist.objects.create(condition=pad, specialist=gp)
    cramps = SymptomFactory(name="Leg cramps", slug="leg-cramps", synonyms="charley horse")
    cramps.body_regions.add(calf)
    cramps.sources.add(source)
    m.SymptomCondition.objects.create(
        symptom=cramps, condition=pad, likelihood="rare", note="When walking", order=3
    )
    m.SymptomCause.objects.create(symptom=cramps, cause=stress, likelihood="common", order=1)
    m.SymptomDiagnostic.objects.create(symptom=cramps, diagnostic=emg)
    m.SymptomSpecialist.objects.create(symptom=cramps, specialist=gp, first_contact=True)
    m.SymptomTreatment.objects.create(symptom=cramps, treatment=stretch, order=1)
    m.SymptomNutrient.objects.create(symptom=cramps, nutrient=potassium)
    m.SymptomCode.objects.create(symptom=cramps, system="ICD-10", code="R25.2")
    m.SectionText.objects.create(symptom=cramps, kind="about", title="About", body="Text")
    m.SymptomType.objects.create(symptom=cramps, name="Night cramps", order=1)
    m.Complication.objects.create(symptom=cramps, name="Poor sleep", description="Wakes you")
    m.FAQEntry.objects.create(symptom=cramps, question="Are they serious?", answer="Rarely.")
    m.ExpertOpinion.objects.create(symptom=cramps, expert=reviewer, text="Stretch daily.")
    m.RedFlag.objects.create(symptom=cramps, text="Swollen, hot calf")
    unrelated = SymptomFactory(name="Hiccups", slug="hiccups", status="draft", published_at=None)
    unrelated.sources.add(other_source)
    ExpertFactory(slug="dr-unused")
    return cramps


def _importer():
    user, _ = get_user_model().objects.get_or_create(
        username="importer", defaults={"is_superuser": True, "is_staff": True}
    )
    return user


def _publish(bundle):
    """Import as someone who may publish and asks to: statuses as the bundle says."""
    return import_bundle(bundle, by=_importer(), publish=True)


def _empty_database():
    for _, model in reversed(ENTITIES):
        model.objects.all().delete()
    m.Expert.objects.all().delete()
    m.Source.objects.all().delete()


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
    _empty_database()
    summary = _publish(loads(first))
    assert summary.updated == 0 and summary.unchanged == 0
    assert dumps(export_bundle()) == first


def test_import_is_idempotent_and_touches_nothing_the_second_time(graph):
    bundle = export_bundle()
    _empty_database()
    _publish(bundle)
    stamp = m.Symptom.objects.get(slug="leg-cramps").updated_at
    summary = _publish(bundle)
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
    summary = _publish(bundle)
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
    _publish(bundle)
    assert m.Symptom.objects.get(uid=graph.uid).slug == "night-leg-cramps"
    assert not m.Symptom.objects.filter(slug="leg-cramps").exists()


def test_a_bundle_with_an_error_changes_nothing_and_names_record_and_field(graph):
    bundle = export_bundle()
    bundle["conditions"][0]["name"] = "Renamed before the error"
    broken = next(s for s in bundle["symptoms"] if s["slug"] == "leg-cramps")
    broken["status"] = "bogus"
    with pytest.raises(BundleError, match=r"symptoms\[leg-cramps\]\.status: Value 'bogus'"):
        _publish(bundle)
    assert m.Condition.objects.get(slug="pad").name == "Peripheral artery disease"


def test_link_to_an_unknown_slug_is_named(graph):
    bundle = export_bundle()
    symptom = next(s for s in bundle["symptoms"] if s["slug"] == "leg-cramps")
    symptom["condition_links"][0]["condition"] = "no-such-condition"
    with pytest.raises(
        BundleError,
        match=r"symptoms\[leg-cramps\]\.condition_links\[0\]\.condition: no condition",
    ):
        _publish(bundle)


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
        _publish(bundle)
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
    _empty_database()
    _publish(loads(text))
    assert dumps(export_bundle()) == text


def test_imported_records_are_found_by_search(graph):
    bundle = export_bundle(symptoms=["leg-cramps"])
    _empty_database()
    assert search_content("leg cramps").count() == 0
    _publish(bundle)
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
    _empty_database()
    call_command("import_content", str(path), "--dry-run")
    assert not m.Symptom.objects.exists()
    call_command("import_content", str(path))
    assert m.Symptom.objects.get().slug == "leg-cramps"


def test_import_command_fails_with_the_error_and_saves_nothing(graph, tmp_path):
    bundle = export_bundle()
    bundle["symptoms"][0]["likelihood"] = "x"
    path = tmp_path / "bundle.json"
    path.write_text(dumps(bundle))
    _empty_database()
    with pytest.raises(
        CommandError, match=r"Nothing was imported\. symptoms\[hiccups\]\.likelihood"
    ):
        call_command("import_content", str(path))
    assert not m.Condition.objects.exists()


def test_demo_content_round_trips_exactly():
    from symptoms.demo.loader import load_demo_content

    load_demo_content()
    first = dumps(export_bundle())
    _empty_database()
    _publish(loads(first))
    assert dumps(export_bundle()) == first
    assert _publish(loads(first)).created == 0


def test_draft_revisions_stay_out_of_bundles(graph, editor):
    published = m.Condition.objects.get(slug="pad")
    revision = publishing.new_revision(published, by=editor)
    bundle = export_bundle()
    slugs = [item["slug"] for item in bundle["conditions"]]
    assert published.slug in slugs
    assert revision.slug not in slugs


def _cramps(bundle):
    return next(s for s in bundle["symptoms"] if s["slug"] == "leg-cramps")


def _everything_but_history():
    return dumps(export_bundle()), m.ContentChange.objects.count()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda b: b["causes"][0].update(published_at=[1]),
            r"causes\[stress\]\.published_at: must be text, not a list",
        ),
        (lambda b: b["causes"][0].update(name=["Stress"]), r"causes\[stress\]\.name: must be text"),
        (
            lambda b: b["specialists"][0].update(first_contact="yes"),
            r"specialists\[gp\]\.first_contact: must be true or false, not text",
        ),
        (
            lambda b: _cramps(b)["condition_links"][0].update(order=True),
            r"symptoms\[leg-cramps\]\.condition_links\[0\]\.order: must be a whole number",
        ),
        (
            lambda b: _cramps(b)["condition_links"][0].update(condition=["pad"]),
            r"symptoms\[leg-cramps\]\.condition_links\[0\]\.condition: must be text",
        ),
        (
            lambda b: _cramps(b)["condition_links"][0].update(order=1.5),
            r"symptoms\[leg-cramps\]\.condition_links\[0\]\.order: must be a whole number",
        ),
        (lambda b: b["causes"][0].update(uid=5), r"causes\[stress\]\.uid: must be text"),
        (
            lambda b: b["causes"][0].update(summary="half a pair \ud800"),
            r"causes\[stress\]\.summary: not valid Unicode text",
        ),
        (
            lambda b: b["causes"][0].update(slug={"a": 1}),
            r"causes\[<an object>\]\.slug: must be text, not an object",
        ),
        (
            lambda b: b["conditions"][0].update(sources=[[1, "Health Journal"]]),
            r"conditions\[pad\]\.sources\.title: must be text, not a number",
        ),
        (lambda b: b["experts"][0].update(slug=None), r"experts\[<null>\]\.slug: .*null"),
        (lambda b: b.update(version=True), r"bundle\.version: version '<true/false>' is not"),
    ],
)
def test_a_value_of_the_wrong_type_is_refused_naming_the_field(graph, change, message):
    bundle = copy.deepcopy(export_bundle())
    change(bundle)
    before = _everything_but_history()
    with pytest.raises(BundleError, match=message):
        _publish(bundle)
    assert _everything_but_history() == before


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda b: b["causes"][0].update(summary="a\x00b"), r"causes\[stress\]\.summary"),
        (lambda b: b["causes"][0].update(slug="str\x00ess"), r"causes\[str\x00ess\]\.slug"),
        (
            lambda b: _cramps(b)["condition_links"][0].update(condition="p\x00d"),
            r"symptoms\[leg-cramps\]\.condition_links\[0\]\.condition",
        ),
        (
            lambda b: b["conditions"][0].update(sources=[["Muscle\x00", "Health Journal"]]),
            r"conditions\[pad\]\.sources\.title",
        ),
        (
            lambda b: b["sources"][0].update(title="Muscle\x00"),
            r"sources\[Muscle\x00 \(.*\)\]\.title",
        ),
        (lambda b: b["experts"][0].update(slug="dr\x00"), r"experts\[dr\x00\]\.slug"),
    ],
)
def test_a_nul_character_in_any_text_is_refused_naming_the_field(graph, change, field):
    """PostgreSQL stores no NUL in text: the import says where it is rather than fail."""
    bundle = copy.deepcopy(export_bundle())
    change(bundle)
    before = _everything_but_history()
    with pytest.raises(BundleError, match=f"{field}: Null characters are not allowed"):
        _publish(bundle)
    assert _everything_but_history() == before


def test_json_nested_too_deeply_is_refused():
    with pytest.raises(BundleError, match="nested too deeply"):
        loads('{"symptoms": ' + "[" * 100_000 + "]" * 100_000 + "}")


def test_without_publishing_new_records_are_drafts(graph, editor):
    bundle = export_bundle()
    _empty_database()
    summary = import_bundle(bundle, by=editor)
    sections = [*dict(ENTITIES), "experts", "sources"]
    assert summary.created == sum(len(bundle[key]) for key in sections)
    for _, model in ENTITIES:
        assert set(model.objects.values_list("status", "published_at")) == {("draft", None)}
    assert m.Source.objects.count() == len(bundle["sources"])


def test_without_publishing_a_live_record_is_left_as_it_is(graph, editor):
    bundle = export_bundle()
    summary = import_bundle(bundle, by=editor)
    assert summary.created == summary.updated == 0
    assert m.Symptom.objects.get(slug="leg-cramps").status == "published"
    symptom = next(s for s in bundle["symptoms"] if s["slug"] == "leg-cramps")
    symptom["status"] = "draft"
    assert import_bundle(bundle, by=editor).updated == 0
    assert m.Symptom.objects.get(slug="leg-cramps").status == "published"


@pytest.mark.parametrize(
    "change",
    [
        lambda s: s.update(summary="Rewritten without review."),
        lambda s: s.update(red_flags=[]),
        lambda s: s.update(body_regions=[]),
    ],
)
def test_without_publishing_a_change_to_a_live_record_is_refused(graph, editor, change):
    bundle = export_bundle()
    next(s for s in bundle["symptoms"] if s["slug"] == "hiccups")["summary"] = "A draft: taken."
    change(_cramps(bundle))
    before = _everything_but_history()
    with pytest.raises(BundleError, match=r"symptoms\[leg-cramps\]: is published and the bundle"):
        import_bundle(bundle, by=editor)
    assert _everything_but_history() == before


def test_without_publishing_a_draft_takes_the_changes(graph, editor):
    bundle = export_bundle()
    hiccups = next(s for s in bundle["symptoms"] if s["slug"] == "hiccups")
    hiccups.update(summary="Reworded.", status="published", published_at="2026-01-01T00:00:00Z")
    import_bundle(bundle, by=editor)
    draft = m.Symptom.objects.get(slug="hiccups")
    assert (draft.summary, draft.status, draft.published_at) == ("Reworded.", "draft", None)


@pytest.mark.parametrize("user", ["editor", "anonymous"])
def test_publishing_needs_the_publish_permission(graph, editor, user):
    by = editor if user == "editor" else AnonymousUser()
    bundle = export_bundle()
    _empty_database()
    with pytest.raises(BundleError, match="you may not publish body regions, .* symptoms"):
        import_bundle(bundle, by=by, publish=True)
    assert not m.Expert.objects.exists()


def test_a_publishing_import_is_in_the_history_under_the_importers_name(graph, publisher):
    bundle = export_bundle()
    _empty_database()
    import_bundle(bundle, by=publisher, publish=True)
    symptom = m.Symptom.objects.get(slug="leg-cramps")
    assert symptom.status == "published"
    change = history.last_change(symptom)
    assert change.user == publisher
    assert change.comment == "Imported and published from a content bundle."
    saved = history.snapshot_of_version(history.versions_of(symptom).get())
    assert saved.parts == history.snapshot_of_record(symptom).parts
    assert saved.parts["red flag"] and saved.fields["body regions"] == "Calf"


def test_import_command_publishes_only_when_asked_as_a_user_who_may(graph, tmp_path, publisher):
    path = tmp_path / "bundle.json"
    path.write_text(dumps(export_bundle(symptoms=["leg-cramps"])))
    _empty_database()
    with pytest.raises(CommandError, match="--publish needs --user"):
        call_command("import_content", str(path), "--publish")
    call_command("import_content", str(path))
    assert m.Symptom.objects.get().status == "draft"
    _empty_database()
    call_command("import_content", str(path), "--publish", "--user", "publisher")
    symptom = m.Symptom.objects.get()
    assert symptom.status == "published"
    assert history.last_change(symptom).user == publisher


def test_import_command_refuses_to_publish_for_a_user_who_may_not(graph, tmp_path, editor):
    path = tmp_path / "bundle.json"
    path.write_text(dumps(export_bundle(symptoms=["leg-cramps"])))
    _empty_database()
    with pytest.raises(CommandError, match="you may not publish"):
        call_command("import_content", str(path), "--publish", "--user", "editor")
    with pytest.raises(CommandError, match="no active user 'nobody'"):
        call_command("import_content", str(path), "--publish", "--user", "nobody")
    assert not m.Symptom.objects.exists()


def test_a_link_to_a_draft_revisions_slug_is_an_unknown_slug(graph, editor):
    revision = publishing.new_revision(m.Condition.objects.get(slug="pad"), by=editor)
    bundle = export_bundle()
    _cramps(bundle)["condition_links"][0]["condition"] = revision.slug
    before = _everything_but_history()

    with pytest.raises(
        BundleError, match=rf"condition: no condition with the slug '{revision.slug}'"
    ):
        _publish(bundle)

    assert _everything_but_history() == before
