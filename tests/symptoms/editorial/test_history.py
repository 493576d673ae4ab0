import pytest
from django.test import Client
from django.urls import reverse

from symptoms import models as m
from symptoms.editorial import history, publishing, reverting
from tests.admin_forms import change_form_data
from tests.factories import ConditionFactory, SymptomFactory

pytestmark = pytest.mark.django_db


def _url(view, *args):
    return reverse(f"admin:symptoms_symptom_{view}", args=args)


@pytest.fixture
def as_editor(editor):
    client = Client()
    client.force_login(editor)
    return client


@pytest.fixture
def edited(as_editor):
    """A draft saved twice in the admin: first with one link, then reworded with another."""
    als, myositis = ConditionFactory(name="ALS"), ConditionFactory(name="Myositis")
    symptom = SymptomFactory(draft=True, summary="First words.")
    page = as_editor.get(_url("change", symptom.pk))
    data = change_form_data(
        page,
        **{
            "condition_links-TOTAL_FORMS": "1",
            "condition_links-0-condition": str(als.pk),
            "condition_links-0-likelihood": "rare",
            "condition_links-0-note": "Rarely.",
            "condition_links-0-order": "0",
        },
    )
    assert as_editor.post(_url("change", symptom.pk), data).status_code == 302
    page = as_editor.get(_url("change", symptom.pk))
    data = change_form_data(
        page,
        summary="Second words.",
        change_comment="Point to myositis instead.",
        **{"condition_links-0-condition": str(myositis.pk)},
    )
    assert as_editor.post(_url("change", symptom.pk), data).status_code == 302
    return symptom


def test_compare_shows_what_changed_field_by_field_and_link_by_link(as_editor, edited):
    newest, older = history.versions_of(edited)[:2]
    response = as_editor.get(_url("compare", edited.pk), {"old": older.pk, "new": newest.pk})
    changes = {d.label: (d.old, d.new) for d in response.context["differences"]}
    assert changes["summary"] == ("First words.", "Second words.")
    assert "condition: ALS" in changes["condition it may point to"][0]
    assert "condition: Myositis" in changes["condition it may point to"][1]
    assert set(changes) == {"summary", "condition it may point to"}


def test_history_page_lists_versions_with_comments(as_editor, edited):
    response = as_editor.get(_url("history", edited.pk))
    assert response.status_code == 200
    assert "Point to myositis instead." in response.content.decode()
    assert 'name="old"' in response.content.decode()


def test_revert_restores_text_and_links_and_is_recorded(as_editor, edited):
    older = history.versions_of(edited)[1]
    preview = as_editor.get(_url("revision", edited.pk, older.pk))
    assert {d.label for d in preview.context["differences"]} == {
        "summary",
        "condition it may point to",
    }
    assert m.Symptom.objects.get(pk=edited.pk).summary == "Second words."  # GET changes nothing
    response = as_editor.post(_url("revision", edited.pk, older.pk), {"comment": "Back to ALS."})
    assert response.status_code == 302
    edited.refresh_from_db()
    assert edited.summary == "First words." and edited.status == "draft"
    assert [link.condition.name for link in edited.condition_links.all()] == ["ALS"]
    assert edited.version == 4
    assert history.last_change(edited).comment.startswith("Reverted to the version of")
    assert history.last_change(edited).comment.endswith("Back to ALS.")


def test_revert_keeps_the_workflow_state(editor, reviewer, publisher, edited):
    from tests.factories import ExpertFactory

    older = history.versions_of(edited)[1]
    record = publishing.submit_for_review(edited, by=editor)
    record = publishing.request_changes(record, by=reviewer, comment="Go back.")
    record = reverting.revert(record, version=older, by=editor)
    assert record.status == "draft" and record.reviewed_by is None
    record = publishing.submit_for_review(record, by=editor)
    record = publishing.approve(record, by=reviewer, reviewer=ExpertFactory())
    assert publishing.publish(record, by=publisher).summary == "First words."


def test_a_published_record_cannot_be_reverted(as_editor, edited, editor, reviewer, publisher):
    from tests.factories import ExpertFactory

    older = history.versions_of(edited)[1]
    record = publishing.submit_for_review(edited, by=editor)
    record = publishing.approve(record, by=reviewer, reviewer=ExpertFactory())
    publishing.publish(record, by=publisher)
    with pytest.raises(publishing.WorkflowError, match="Only a draft can be reverted"):
        reverting.revert(record, version=older, by=editor)
    response = as_editor.post(_url("revision", edited.pk, older.pk), follow=True)
    assert "Only a draft can be reverted" in response.content.decode()
    assert m.Symptom.objects.published().get().summary == "Second words."


def test_reviewers_cannot_revert(reviewer, edited):
    older = history.versions_of(edited)[1]
    with pytest.raises(publishing.WorkflowError, match="may not change"):
        reverting.revert(edited, version=older, by=reviewer)


@pytest.fixture
def renamed(as_editor):
    """A draft whose slug was changed in the admin, and another record that took the old slug."""
    symptom = SymptomFactory(draft=True, slug="old-slug")
    page = as_editor.get(_url("change", symptom.pk))
    assert as_editor.post(_url("change", symptom.pk), change_form_data(page)).status_code == 302
    page = as_editor.get(_url("change", symptom.pk))
    data = change_form_data(page, slug="new-slug", summary="Renamed.")
    assert as_editor.post(_url("change", symptom.pk), data).status_code == 302
    SymptomFactory(name="Newcomer", slug="old-slug")
    symptom.refresh_from_db()
    return symptom


def test_revert_to_a_slug_another_record_took_is_refused_naming_it(editor, renamed):
    older = history.versions_of(renamed)[1]
    with pytest.raises(publishing.WorkflowError, match="slug “old-slug” .* “Newcomer”"):
        reverting.revert(renamed, version=older, by=editor)
    renamed.refresh_from_db()
    assert (renamed.slug, renamed.summary) == ("new-slug", "Renamed.")


def test_the_admin_shows_why_a_revert_to_a_taken_slug_is_refused(as_editor, renamed):
    older = history.versions_of(renamed)[1]
    response = as_editor.post(_url("revision", renamed.pk, older.pk), follow=True)
    assert response.status_code == 200
    assert "slug “old-slug”" in response.content.decode()
    assert m.Symptom.objects.get(pk=renamed.pk).slug == "new-slug"
