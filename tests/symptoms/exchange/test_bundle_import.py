"""Bundle import: every value checked by its field, drafts unless publishing is chosen."""

import copy

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import CommandError, call_command

from symptoms import models as m
from symptoms.editorial import history, publishing
from symptoms.exchange.bundle_import import import_bundle
from symptoms.exchange.bundles import (
    ENTITIES,
    BundleError,
    dumps,
    export_bundle,
    loads,
)
from tests.symptoms import bundle_support

pytestmark = pytest.mark.django_db


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
            lambda b: bundle_support.cramps(b)["condition_links"][0].update(order=True),
            r"symptoms\[leg-cramps\]\.condition_links\[0\]\.order: must be a whole number",
        ),
        (
            lambda b: bundle_support.cramps(b)["condition_links"][0].update(condition=["pad"]),
            r"symptoms\[leg-cramps\]\.condition_links\[0\]\.condition: must be text",
        ),
        (
            lambda b: bundle_support.cramps(b)["condition_links"][0].update(order=1.5),
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
        (
            lambda b: bundle_support.cramps(b).update(body_regions=[None]),
            r"symptoms\[leg-cramps\]\.body_regions: each entry is a slug, not null",
        ),
        (lambda b: b.update(version=True), r"bundle\.version: version '<true/false>' is not"),
    ],
)
def test_a_value_of_the_wrong_type_is_refused_naming_the_field(graph, change, message):
    bundle = copy.deepcopy(export_bundle())
    change(bundle)
    before = bundle_support.everything_but_history()
    with pytest.raises(BundleError, match=message):
        bundle_support.publish(bundle)
    assert bundle_support.everything_but_history() == before


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda b: b["causes"][0].update(summary="a\x00b"), r"causes\[stress\]\.summary"),
        (lambda b: b["causes"][0].update(slug="str\x00ess"), r"causes\[str\x00ess\]\.slug"),
        (
            lambda b: bundle_support.cramps(b)["condition_links"][0].update(condition="p\x00d"),
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
    before = bundle_support.everything_but_history()
    with pytest.raises(BundleError, match=f"{field}: Null characters are not allowed"):
        bundle_support.publish(bundle)
    assert bundle_support.everything_but_history() == before


def test_json_nested_too_deeply_is_refused():
    with pytest.raises(BundleError, match="nested too deeply"):
        loads('{"symptoms": ' + "[" * 100_000 + "]" * 100_000 + "}")


def test_without_publishing_new_records_are_drafts(graph, editor):
    bundle = export_bundle()
    bundle_support.empty_database()
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
    change(bundle_support.cramps(bundle))
    before = bundle_support.everything_but_history()
    with pytest.raises(BundleError, match=r"symptoms\[leg-cramps\]: is published and the bundle"):
        import_bundle(bundle, by=editor)
    assert bundle_support.everything_but_history() == before


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
    bundle_support.empty_database()
    with pytest.raises(BundleError, match="you may not publish body regions, .* symptoms"):
        import_bundle(bundle, by=by, publish=True)
    assert not m.Expert.objects.exists()


def test_a_publishing_import_is_in_the_history_under_the_importers_name(graph, publisher):
    bundle = export_bundle()
    bundle_support.empty_database()
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
    bundle_support.empty_database()
    with pytest.raises(CommandError, match="--publish needs --user"):
        call_command("import_content", str(path), "--publish")
    call_command("import_content", str(path))
    assert m.Symptom.objects.get().status == "draft"
    bundle_support.empty_database()
    call_command("import_content", str(path), "--publish", "--user", "publisher")
    symptom = m.Symptom.objects.get()
    assert symptom.status == "published"
    assert history.last_change(symptom).user == publisher


def test_import_command_refuses_to_publish_for_a_user_who_may_not(graph, tmp_path, editor):
    path = tmp_path / "bundle.json"
    path.write_text(dumps(export_bundle(symptoms=["leg-cramps"])))
    bundle_support.empty_database()
    with pytest.raises(CommandError, match="you may not publish"):
        call_command("import_content", str(path), "--publish", "--user", "editor")
    with pytest.raises(CommandError, match="no active user 'nobody'"):
        call_command("import_content", str(path), "--publish", "--user", "nobody")
    assert not m.Symptom.objects.exists()


def test_a_link_to_a_draft_revisions_slug_is_an_unknown_slug(graph, editor):
    revision = publishing.new_revision(m.Condition.objects.get(slug="pad"), by=editor)
    bundle = export_bundle()
    bundle_support.cramps(bundle)["condition_links"][0]["condition"] = revision.slug
    before = bundle_support.everything_but_history()

    with pytest.raises(
        BundleError, match=rf"condition: no condition with the slug '{revision.slug}'"
    ):
        bundle_support.publish(bundle)

    assert bundle_support.everything_but_history() == before
