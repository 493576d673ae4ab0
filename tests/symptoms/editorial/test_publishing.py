import datetime
from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.utils import timezone

from symptoms import models as m
from symptoms.editorial import publishing, scheduling
from tests.factories import (
    BodyRegionFactory,
    ConditionFactory,
    ExpertFactory,
    SymptomConditionFactory,
    SymptomFactory,
)
from tests.workflow import approved, link_to_revision

pytestmark = pytest.mark.django_db


@pytest.fixture
def expert():
    return ExpertFactory(name="Dr Ana Weber")


def test_migration_creates_the_three_roles_with_their_permissions():
    perms = {
        group.name: set(group.permissions.values_list("codename", flat=True))
        for group in Group.objects.all()
    }
    assert {"change_symptom", "add_symptom", "delete_symptomcondition"} <= perms["Editor"]
    assert not {"review_symptom", "publish_symptom", "delete_symptom"} & perms["Editor"]
    assert {"review_symptom", "review_condition", "view_symptom"} <= perms["Medical reviewer"]
    assert not {"change_symptom", "publish_symptom"} & perms["Medical reviewer"]
    assert {"publish_symptom", "publish_treatment", "delete_symptom"} <= perms["Publisher"]
    assert not {"change_symptom", "review_symptom"} & perms["Publisher"]


FORBIDDEN = [
    ("submit_for_review", "draft", "reviewer"),
    ("submit_for_review", "draft", "publisher"),
    ("approve", "in_review", "editor"),
    ("approve", "in_review", "publisher"),
    ("request_changes", "in_review", "editor"),
    ("request_changes", "in_review", "publisher"),
    ("publish", "approved", "editor"),
    ("publish", "approved", "reviewer"),
    ("unpublish", "published", "editor"),
    ("unpublish", "published", "reviewer"),
    ("archive", "published", "editor"),
    ("archive", "published", "reviewer"),
    ("new_revision", "published", "reviewer"),
    ("new_revision", "published", "publisher"),
]


@pytest.mark.parametrize(("move", "state", "role"), FORBIDDEN)
def test_each_role_is_refused_the_moves_of_other_roles(
    request, move, state, role, editor, reviewer, publisher, expert
):
    record = SymptomFactory(draft=True)
    if state in {"in_review", "approved", "published"}:
        record = publishing.submit_for_review(record, by=editor)
    if state in {"approved", "published"}:
        record = publishing.approve(record, by=reviewer, reviewer=expert)
    if state == "published":
        record = publishing.publish(record, by=publisher)
    before = (record.status, record.version)
    kwargs = {"approve": {"reviewer": expert}, "request_changes": {"comment": "Fix it."}}
    with pytest.raises(publishing.WorkflowError, match="may not"):
        getattr(publishing, move)(record, by=request.getfixturevalue(role), **kwargs.get(move, {}))
    record.refresh_from_db()
    assert (record.status, record.version) == before


@pytest.mark.parametrize(
    ("move", "status"),
    [
        ("submit_for_review", "in_review"),
        ("approve", "draft"),
        ("publish", "draft"),
        ("unpublish", "draft"),
        ("new_revision", "draft"),
        ("archive", "archived"),
    ],
)
def test_moves_from_the_wrong_status_are_refused(admin_user, expert, move, status):
    record = SymptomFactory(status=status, published_at=None)
    with pytest.raises(publishing.WorkflowError, match="only a symptom that is"):
        getattr(publishing, move)(
            record, by=admin_user, **({"reviewer": expert} if move == "approve" else {})
        )


def test_publishing_needs_a_completed_review(editor, publisher):
    record = publishing.submit_for_review(SymptomFactory(draft=True), by=editor)
    with pytest.raises(publishing.WorkflowError, match="completed medical review"):
        publishing.publish(record, by=publisher)
    assert not m.Symptom.objects.published().exists()


def test_publishing_needs_a_next_review_date(editor, publisher, expert):
    record = publishing.submit_for_review(SymptomFactory(draft=True), by=editor)
    m.Symptom.objects.filter(pk=record.pk).update(
        reviewed_by=expert, last_reviewed=datetime.date(2026, 1, 1)
    )
    with pytest.raises(publishing.WorkflowError, match="next review due"):
        publishing.publish(record, by=publisher)


def test_approval_records_reviewer_date_and_next_review(editor, reviewer, expert):
    record = approved(SymptomFactory(draft=True), editor, reviewer, expert)
    today = timezone.localdate()
    assert (record.reviewed_by, record.last_reviewed) == (expert, today)
    assert record.next_review_due == today + publishing.REVIEW_INTERVAL
    assert record.status == m.ContentStatus.IN_REVIEW


def test_publish_sets_published_at_and_makes_it_public(editor, reviewer, publisher, expert):
    record = approved(SymptomFactory(draft=True), editor, reviewer, expert)
    before = timezone.now()
    record = publishing.publish(record, by=publisher)
    assert record.published_at >= before
    assert list(m.Symptom.objects.published()) == [record]


def test_request_changes_needs_a_comment_and_voids_the_approval(editor, reviewer, expert):
    record = approved(SymptomFactory(draft=True), editor, reviewer, expert)
    with pytest.raises(publishing.WorkflowError, match="comment is required"):
        publishing.request_changes(record, by=reviewer, comment="  ")
    record = publishing.request_changes(record, by=reviewer, comment="Cite the guideline.")
    assert record.status == m.ContentStatus.DRAFT
    assert record.reviewed_by is None and record.last_reviewed is None


def test_a_resubmitted_record_needs_a_new_review(editor, reviewer, publisher, expert):
    record = publishing.publish(
        approved(SymptomFactory(draft=True), editor, reviewer, expert), by=publisher
    )
    record = publishing.unpublish(record, by=publisher)
    record = publishing.submit_for_review(record, by=editor)
    with pytest.raises(publishing.WorkflowError, match="completed medical review"):
        publishing.publish(record, by=publisher)


def test_scheduled_publication_is_hidden_until_its_time(editor, reviewer, publisher, expert):
    record = approved(SymptomFactory(draft=True), editor, reviewer, expert)
    at = timezone.now() + datetime.timedelta(days=2)
    record = publishing.publish(record, by=publisher, at=at)
    assert record.status == m.ContentStatus.PUBLISHED and record.published_at == at
    assert not m.Symptom.objects.published().exists()


def test_unpublish_and_archive_take_a_record_out_of_public_view(publisher):
    first, second = SymptomFactory(), SymptomFactory()
    publishing.unpublish(first, by=publisher)
    publishing.archive(second, by=publisher)
    assert not m.Symptom.objects.published().exists()
    second.refresh_from_db()
    assert second.status == m.ContentStatus.ARCHIVED


def _published_with_link(**kwargs):
    symptom = SymptomFactory(name="Muscle twitches", summary="Old summary.", **kwargs)
    SymptomConditionFactory(symptom=symptom, condition__name="ALS", note="Old note.")
    return symptom


def test_a_new_revision_is_a_draft_copy_with_links_and_the_record_stays_live(editor):
    symptom = _published_with_link()
    revision = publishing.new_revision(symptom, by=editor)
    assert revision.status == m.ContentStatus.DRAFT and revision.revision_of == symptom
    assert revision.slug != symptom.slug and revision.uid != symptom.uid
    assert [link.condition.name for link in revision.condition_links.all()] == ["ALS"]
    m.Symptom.objects.filter(pk=revision.pk).update(summary="Unreviewed text.")
    assert list(m.Symptom.objects.published()) == [symptom]
    assert m.Symptom.objects.published().get().summary == "Old summary."


def test_only_one_revision_at_a_time(editor):
    symptom = SymptomFactory()
    publishing.new_revision(symptom, by=editor)
    with pytest.raises(publishing.WorkflowError, match="already has a draft revision"):
        publishing.new_revision(symptom, by=editor)


def test_a_draft_revision_cannot_be_archived(editor, publisher):
    revision = publishing.new_revision(SymptomFactory(), by=editor)
    with pytest.raises(publishing.WorkflowError, match="delete it to discard it"):
        publishing.archive(revision, by=publisher)


def test_publishing_a_revision_replaces_the_live_content_and_links(
    editor, reviewer, publisher, expert
):
    symptom = _published_with_link()
    uid, slug = symptom.uid, symptom.slug
    revision = publishing.new_revision(symptom, by=editor)
    revision.summary = "New summary."
    revision.save()
    revision.condition_links.update(note="New note.")
    SymptomConditionFactory(symptom=revision, condition=ConditionFactory(name="Myositis"))
    live = publishing.publish(approved(revision, editor, reviewer, expert), by=publisher)
    assert live.pk == symptom.pk and (live.uid, live.slug) == (uid, slug)
    assert live.summary == "New summary." and live.reviewed_by == expert
    assert sorted((link.condition.name, link.note) for link in live.condition_links.all()) == [
        ("ALS", "New note."),
        ("Myositis", "May point to it."),
    ]
    assert not m.Symptom.objects.filter(pk=revision.pk).exists()
    assert list(m.Symptom.objects.published()) == [live]


def test_a_scheduled_revision_goes_live_when_due(editor, reviewer, publisher, expert):
    symptom = _published_with_link()
    revision = publishing.new_revision(symptom, by=editor)
    m.Symptom.objects.filter(pk=revision.pk).update(summary="Scheduled summary.")
    at = timezone.now() + datetime.timedelta(hours=1)
    publishing.publish(approved(revision, editor, reviewer, expert), by=publisher, at=at)
    assert scheduling.publish_due_revisions() == []
    assert m.Symptom.objects.published().get().summary == "Old summary."
    [live] = scheduling.publish_due_revisions(now=at)
    assert live.pk == symptom.pk and live.published_at == at
    assert m.Symptom.objects.get(pk=symptom.pk).summary == "Scheduled summary."


def test_publish_scheduled_command_reports_what_it_did(editor, reviewer, publisher, expert):
    revision = publishing.new_revision(SymptomFactory(name="Cramps"), by=editor)
    past = timezone.now() - datetime.timedelta(minutes=5)
    reviewed = approved(revision, editor, reviewer, expert)
    m.Symptom.objects.filter(pk=reviewed.pk).update(status="published", published_at=past)
    SymptomFactory(name="Later", published_at=timezone.now() + datetime.timedelta(days=1))
    out = StringIO()
    call_command("publish_scheduled", stdout=out)
    assert "Published the scheduled revision of symptom “Cramps”" in out.getvalue()
    assert "Scheduled: symptom “Later”" in out.getvalue()
    assert m.Symptom.objects.filter(revision_of__isnull=False).count() == 0


def test_published_links_never_point_at_a_draft_revision(editor):
    condition = ConditionFactory()
    revision = publishing.new_revision(condition, by=editor)
    link_to_revision(SymptomConditionFactory, "condition", revision)
    assert not m.SymptomCondition.objects.published("condition").exists()


def test_publishing_refuses_a_record_that_links_to_a_draft_revision(
    editor, reviewer, publisher, expert
):
    revision = publishing.new_revision(ConditionFactory(name="ALS", slug="als"), by=editor)
    symptom = SymptomFactory(draft=True, name="Cramps")
    link_to_revision(SymptomConditionFactory, "condition", revision, symptom=symptom)
    symptom = approved(symptom, editor, reviewer, expert)
    with pytest.raises(publishing.WorkflowError, match=r"links to draft revisions.*als--revision"):
        publishing.publish(symptom, by=publisher)
    assert m.Symptom.objects.get(pk=symptom.pk).status == m.ContentStatus.IN_REVIEW


def test_a_draft_revision_that_others_link_to_is_refused_instead_of_crashing(
    editor, reviewer, publisher, expert
):
    condition = ConditionFactory(name="ALS")
    revision = publishing.new_revision(condition, by=editor)
    link_to_revision(SymptomConditionFactory, "condition", revision, symptom__name="Cramps")
    revision = approved(revision, editor, reviewer, expert)
    with pytest.raises(publishing.WorkflowError, match="link to this draft revision.*Cramps"):
        publishing.publish(revision, by=publisher)
    assert m.Condition.objects.filter(pk=revision.pk, status="in_review").exists()


@pytest.mark.postgres
def test_the_database_refuses_a_link_to_a_draft_revision(editor):
    revision = publishing.new_revision(ConditionFactory(), by=editor)
    region = publishing.new_revision(BodyRegionFactory(), by=editor)
    symptom = SymptomFactory()
    with pytest.raises(IntegrityError, match="draft revision"), transaction.atomic():
        SymptomConditionFactory(symptom=symptom, condition=revision)
    with pytest.raises(IntegrityError, match="draft revision"), transaction.atomic():
        symptom.body_regions.add(region)
    link = SymptomConditionFactory(symptom=symptom)
    with pytest.raises(IntegrityError, match="draft revision"), transaction.atomic():
        m.SymptomCondition.objects.filter(pk=link.pk).update(condition=revision)
    assert m.SymptomCondition.objects.get().condition == link.condition


def test_a_revision_of_a_record_that_is_not_live_cannot_be_scheduled(
    editor, reviewer, publisher, expert
):
    symptom = SymptomFactory()
    revision = approved(publishing.new_revision(symptom, by=editor), editor, reviewer, expert)
    publishing.unpublish(symptom, by=publisher)
    at = timezone.now() + datetime.timedelta(hours=1)
    with pytest.raises(publishing.WorkflowError, match="scheduled only while the record"):
        publishing.publish(revision, by=publisher, at=at)


def test_publishing_at_a_past_time_needs_a_confirmation(editor, reviewer, publisher, expert):
    record = approved(SymptomFactory(draft=True), editor, reviewer, expert)
    last_week = timezone.now() - datetime.timedelta(days=7)
    with pytest.raises(publishing.WorkflowError, match="in the past"):
        publishing.publish(record, by=publisher, at=last_week)
    assert m.Symptom.objects.get(pk=record.pk).status == m.ContentStatus.IN_REVIEW
    record = publishing.publish(record, by=publisher, at=last_week, allow_past=True)
    assert record.published_at == last_week


def test_now_typed_by_hand_is_not_back_dating(editor, reviewer, publisher, expert):
    record = approved(SymptomFactory(draft=True), editor, reviewer, expert)
    typed = timezone.now() - datetime.timedelta(seconds=40)
    assert publishing.publish(record, by=publisher, at=typed).published_at == typed
