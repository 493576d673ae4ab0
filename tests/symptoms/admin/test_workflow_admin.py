import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from symptoms import models as m
from symptoms.editorial import publishing
from tests.admin_forms import change_form_data
from tests.factories import (
    BodyRegionFactory,
    ConditionFactory,
    ExpertFactory,
    SymptomConditionFactory,
    SymptomFactory,
)

pytestmark = pytest.mark.django_db


def _url(view, *args):
    return reverse(f"admin:symptoms_symptom_{view}", args=args)


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _public_summaries():
    return list(m.Symptom.objects.published().values_list("summary", flat=True))


def _move(client, record, move, **data):
    return client.post(_url("move", record.pk, move), data)


def _status(record):
    return m.Symptom.objects.get(pk=record.pk).status


def test_one_symptom_through_every_state_with_each_role(editor, reviewer, publisher):
    expert = ExpertFactory(name="Dr Ana Weber")
    as_editor, as_reviewer, as_publisher = _client(editor), _client(reviewer), _client(publisher)

    form = as_editor.get(_url("add"))
    created = as_editor.post(
        _url("add"),
        change_form_data(
            form,
            name="Muscle twitches",
            slug="muscle-twitches",
            summary="First draft.",
            change_comment="First draft from the brief.",
        ),
    )
    assert created.status_code == 302
    symptom = m.Symptom.objects.get(slug="muscle-twitches")
    assert symptom.status == "draft" and _public_summaries() == []

    for client in (as_reviewer, as_publisher):  # not their move
        assert "may not submit" in _move(client, symptom, "submit_for_review").content.decode()
    assert _move(as_editor, symptom, "submit_for_review").status_code == 302
    assert _status(symptom) == "in_review"

    edit = as_editor.post(_url("change", symptom.pk), {"summary": "Sneaky edit."})
    assert edit.status_code == 403  # text under review cannot change
    for client in (as_editor, as_publisher):
        assert (
            "may not request changes"
            in _move(client, symptom, "request_changes", comment="No.").content.decode()
        )
    assert (
        _move(as_reviewer, symptom, "request_changes", comment="Cite a source.").status_code == 302
    )
    assert _status(symptom) == "draft"

    form = as_editor.get(_url("change", symptom.pk))
    assert (
        as_editor.post(
            _url("change", symptom.pk), change_form_data(form, summary="Reviewed text.")
        ).status_code
        == 302
    )
    _move(as_editor, symptom, "submit_for_review")
    assert "completed medical review" in _move(as_publisher, symptom, "publish").content.decode()
    for client in (as_editor, as_publisher):
        assert (
            "may not approve"
            in _move(client, symptom, "approve", reviewer=expert.pk).content.decode()
        )
    assert _move(as_reviewer, symptom, "approve", reviewer=expert.pk).status_code == 302
    assert _public_summaries() == []

    for client in (as_editor, as_reviewer):
        assert "may not publish" in _move(client, symptom, "publish").content.decode()
    assert _move(as_publisher, symptom, "publish").status_code == 302
    assert _public_summaries() == ["Reviewed text."]

    for client in (as_reviewer, as_publisher):
        assert (
            "may not start a new revision"
            in _move(client, symptom, "new_revision").content.decode()
        )
    response = _move(as_editor, symptom, "new_revision")
    revision = m.Symptom.objects.get(revision_of=symptom)
    assert response.url == _url("change", revision.pk)
    form = as_editor.get(_url("change", revision.pk))
    as_editor.post(_url("change", revision.pk), change_form_data(form, summary="Revised text."))
    assert _public_summaries() == ["Reviewed text."]
    _move(as_editor, revision, "submit_for_review")
    _move(as_reviewer, revision, "approve", reviewer=expert.pk)
    assert _public_summaries() == ["Reviewed text."]
    assert _move(as_publisher, revision, "publish").url == _url("change", symptom.pk)
    assert _public_summaries() == ["Revised text."]

    for client in (as_editor, as_reviewer):
        assert "may not unpublish" in _move(client, symptom, "unpublish").content.decode()
    _move(as_publisher, symptom, "unpublish")
    assert _status(symptom) == "draft" and _public_summaries() == []
    for client in (as_editor, as_reviewer):
        assert "may not archive" in _move(client, symptom, "archive").content.decode()
    _move(as_publisher, symptom, "archive")
    assert _status(symptom) == "archived" and _public_summaries() == []

    history = as_editor.get(_url("history", symptom.pk))
    comments = [action["revision"].get_comment() for action in history.context["action_list"]]
    assert comments == [
        "Archived.",
        "Unpublished.",
        "Published a draft revision.",
        "Published.",
        "Approved (reviewer: Dr Ana Weber, Neurologist).",
        "Submitted for review.",
        "Changed Summary.",
        "Changes requested: Cite a source.",
        "Submitted for review.",
        "Added. — First draft from the brief.",
    ]
    users = [action["revision"].user for action in history.context["action_list"]]
    assert users == [publisher] * 4 + [reviewer, editor, editor, reviewer, editor, editor]


def test_published_record_cannot_be_edited_in_place(editor):
    symptom = SymptomFactory(summary="Live.")
    client = _client(editor)
    page = client.get(_url("change", symptom.pk))
    assert page.context["has_change_permission"] is False
    assert "Start a new revision" in page.content.decode()
    assert client.post(_url("change", symptom.pk), {"summary": "Unreviewed."}).status_code == 403
    assert m.Symptom.objects.get(pk=symptom.pk).summary == "Live."


def test_bulk_actions_call_the_workflow_and_report_refusals(editor, publisher):
    draft, live = SymptomFactory(draft=True), SymptomFactory()
    _client(editor).post(
        _url("changelist"),
        {"action": "submit_selected", "_selected_action": [draft.pk, live.pk]},
        follow=True,
    )
    assert (_status(draft), _status(live)) == ("in_review", "published")
    response = _client(publisher).post(
        _url("changelist"),
        {"action": "publish_selected", "_selected_action": [draft.pk]},
        follow=True,
    )
    assert "completed medical review" in response.content.decode()
    assert _status(draft) == "in_review"


def test_publish_action_is_not_offered_to_editors(editor):
    response = _client(editor).get(_url("changelist"))
    actions = [name for name, _ in response.context["action_form"].fields["action"].choices]
    assert "submit_selected" in actions and "publish_selected" not in actions


def test_preview_shows_the_draft_as_the_public_would_see_it(editor):
    symptom = SymptomFactory(
        draft=True,
        name="Muscle twitches",
        summary="Small movements.",
        body="**Often harmless.** <script>alert(1)</script>",
    )
    SymptomConditionFactory(symptom=symptom, condition__name="Benign fasciculation", note="Common.")
    SymptomConditionFactory(
        symptom=symptom, condition=ConditionFactory(name="Draft ALS", draft=True)
    )
    response = _client(editor).get(_url("preview", symptom.pk))
    html = response.content.decode()
    assert "<strong>Often harmless.</strong>" in html and "<script>alert" not in html
    assert "Benign fasciculation — Common." in html
    assert "Not shown to the public" in html and "Draft ALS" in html
    assert response["Cache-Control"].startswith("private, no-store")
    assert f'href="/api/v1/preview/symptoms/{symptom.slug}/"' in html


def test_preview_needs_a_staff_login(client):
    symptom = SymptomFactory(draft=True)
    response = client.get(_url("preview", symptom.pk))
    assert response.status_code == 302 and "/login/" in response.url


def test_admin_index_counts_overdue_reviews(staff_client):
    SymptomFactory(next_review_due=datetime.date(2020, 1, 1))
    ConditionFactory(next_review_due=datetime.date(2020, 1, 1))
    ConditionFactory(next_review_due=datetime.date(2020, 1, 1), archived=True)
    ConditionFactory(next_review_due=datetime.date(2999, 1, 1))
    response = staff_client.get(reverse("admin:index"))
    assert "Editorial work — 2 reviews overdue" in response.content.decode()
    assert (
        f'<a href="{reverse("admin:symptoms_condition_changelist")}?review=overdue">1</a>'
        in response.content.decode()
    )


def test_deleting_a_linked_record_shows_what_links_to_it(staff_client):
    link = SymptomConditionFactory(symptom__name="Muscle twitches", condition__name="ALS")
    url = reverse("admin:symptoms_condition_delete", args=[link.condition.pk])
    response = staff_client.post(url, {"post": "yes"})
    assert response.status_code == 200
    assert response.context["protected"]
    assert "Muscle twitches → ALS" in response.content.decode()
    assert m.Condition.objects.filter(pk=link.condition.pk).exists()


def test_autocomplete_never_offers_a_draft_revision(editor, staff_client):
    condition = ConditionFactory(name="Multiple sclerosis")
    _client(editor).post(
        reverse("admin:symptoms_condition_move", args=[condition.pk, "new_revision"])
    )
    response = staff_client.get(
        reverse("admin:autocomplete"),
        {
            "term": "multiple",
            "app_label": "symptoms",
            "model_name": "symptomcondition",
            "field_name": "condition",
        },
    )
    assert [r["id"] for r in response.json()["results"]] == [str(condition.pk)]


def _inline_errors(response, prefix):
    [formset] = [
        inline.formset
        for inline in response.context["inline_admin_formsets"]
        if inline.formset.prefix == prefix
    ]
    return formset.errors


def test_a_link_to_a_draft_revision_is_refused_on_its_field(editor):
    condition = ConditionFactory(name="Multiple sclerosis")
    revision = publishing.new_revision(condition, by=editor)
    region = publishing.new_revision(BodyRegionFactory(name="Calf"), by=editor)
    symptom = SymptomFactory(draft=True)
    client = _client(editor)
    form = client.get(_url("change", symptom.pk))
    data = change_form_data(form, body_regions=[region.pk])
    data.update(
        {
            "condition_links-TOTAL_FORMS": "1",
            "condition_links-0-condition": revision.pk,
            "condition_links-0-likelihood": "common",
            "condition_links-0-order": "0",
        }
    )
    response = client.post(_url("change", symptom.pk), data)
    assert response.status_code == 200
    assert "condition" in _inline_errors(response, "condition_links")[0]
    assert "body_regions" in response.context["adminform"].form.errors
    assert not m.SymptomCondition.objects.exists()
    assert not m.Symptom.objects.get(pk=symptom.pk).body_regions.exists()
    data["condition_links-0-condition"], data["body_regions"] = condition.pk, []
    assert client.post(_url("change", symptom.pk), data).status_code == 302
    assert m.SymptomCondition.objects.get().condition == condition


def test_the_publish_form_refuses_a_past_time_unless_confirmed(editor, reviewer, publisher):
    symptom = SymptomFactory(draft=True)
    _move(_client(editor), symptom, "submit_for_review")
    _move(_client(reviewer), symptom, "approve", reviewer=ExpertFactory().pk)
    as_publisher = _client(publisher)
    last_week = (timezone.now() - datetime.timedelta(days=7)).replace(second=0, microsecond=0)
    typed = f"{last_week:%Y-%m-%d %H:%M}"
    response = _move(as_publisher, symptom, "publish", at=typed)
    assert "at" in response.context["form"].errors
    assert "Back-date the publication" in response.content.decode()
    assert _status(symptom) == "in_review"
    assert _move(as_publisher, symptom, "publish", at=typed, allow_past="on").status_code == 302
    assert m.Symptom.objects.get(pk=symptom.pk).published_at == last_week
