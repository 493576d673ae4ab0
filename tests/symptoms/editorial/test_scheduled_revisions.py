"""Scheduled draft revisions: cancelled with their record, and one bad one never blocks the job."""

import datetime
import logging

import pytest
from django.utils import timezone

from symptoms import models as m
from symptoms.editorial import history, publishing, scheduling
from tests.factories import ConditionFactory, ExpertFactory, SymptomConditionFactory, SymptomFactory
from tests.workflow import link_to_revision, scheduled_revision

pytestmark = pytest.mark.django_db


@pytest.fixture
def schedule(editor, reviewer, publisher):
    """Schedule a draft revision of a record, one hour from now unless told."""
    expert = ExpertFactory()

    def schedule(record, at=None, **changes):
        at = at or timezone.now() + datetime.timedelta(hours=1)
        people = {"editor": editor, "reviewer": reviewer, "publisher": publisher}
        return scheduled_revision(record, at=at, expert=expert, **people, **changes)

    return schedule


def _last_comment(record) -> str:
    change = history.last_change(record)
    assert change is not None
    return change.comment


@pytest.mark.parametrize(
    ("move", "status", "reason"),
    [("archive", "archived", "archived"), ("unpublish", "draft", "unpublished")],
)
def test_taking_a_record_out_of_use_cancels_its_scheduled_revision(
    publisher, schedule, move, status, reason
):
    symptom = SymptomFactory(summary="Live text.")
    revision = schedule(symptom, summary="Scheduled text.")
    getattr(publishing, move)(symptom, by=publisher)
    revision.refresh_from_db()
    assert (revision.status, revision.published_at) == ("draft", None)
    assert (
        _last_comment(revision) == f"Scheduled publication cancelled: the live record was {reason}."
    )
    assert history.last_change(revision).user == publisher
    assert scheduling.publish_due_revisions(now=timezone.now() + datetime.timedelta(days=1)) == []
    symptom.refresh_from_db()
    assert (symptom.status, symptom.summary) == (status, "Live text.")


def test_the_job_refuses_a_due_revision_whose_record_is_no_longer_live(schedule):
    symptom = SymptomFactory(summary="Live text.")
    revision = schedule(symptom, summary="Scheduled text.")
    m.Symptom.objects.filter(pk=symptom.pk).update(status="archived")  # not through the workflow
    assert scheduling.publish_due_revisions(now=revision.published_at) == []
    revision.refresh_from_db()
    assert revision.status == "draft"
    assert (
        _last_comment(revision) == "Scheduled publication cancelled: the live record is archived."
    )
    assert m.Symptom.objects.get(pk=symptom.pk).status == "archived"


def test_one_broken_revision_does_not_stop_the_others(schedule, caplog):
    broken = schedule(ConditionFactory(name="Anaemia"), summary="Never live.")
    link_to_revision(SymptomConditionFactory, "condition", broken, symptom__name="Cramps")
    fine_original = ConditionFactory(name="Bursitis", summary="Old.")
    schedule(fine_original, summary="New.")
    later = timezone.now() + datetime.timedelta(days=1)
    with caplog.at_level(logging.ERROR, logger="symptoms.editorial.scheduling"):
        assert scheduling.publish_due_revisions(now=later) == [fine_original]
    assert m.Condition.objects.get(pk=fine_original.pk).summary == "New."
    broken.refresh_from_db()
    assert (broken.status, broken.published_at) == ("draft", None)
    assert _last_comment(broken).startswith(
        "Scheduled publication failed, sent back to draft: Other records link to this draft"
    )
    [logged] = caplog.records
    assert logged.exc_info and f"#{broken.pk}" in logged.getMessage()
    assert scheduling.publish_due_revisions(now=later) == []  # not retried on every run


def test_an_unexpected_error_is_rolled_back_and_the_job_goes_on(schedule, monkeypatch):
    first = schedule(SymptomFactory(name="Aches"), summary="Never live.")
    second_original = SymptomFactory(name="Burning", summary="Old.")
    schedule(second_original, summary="New.")
    merge = publishing.merge_revision

    def merge_failing_for_the_first(revision, **kwargs):
        if revision.pk == first.pk:
            m.Symptom.objects.filter(pk=first.revision_of_id).update(summary="Half written.")
            raise RuntimeError("disk full")
        return merge(revision, **kwargs)

    monkeypatch.setattr(publishing, "merge_revision", merge_failing_for_the_first)
    later = timezone.now() + datetime.timedelta(days=1)
    assert scheduling.publish_due_revisions(now=later) == [second_original]
    assert m.Symptom.objects.get(pk=first.revision_of_id).summary != "Half written."
    first.refresh_from_db()
    assert first.status == "draft"
    assert _last_comment(first).endswith("sent back to draft: RuntimeError: disk full")
