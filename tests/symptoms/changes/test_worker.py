"""The background worker's chores, beside its webhook deliveries."""

import datetime

import pytest
from django.utils import timezone

from symptoms.changes.worker import Worker
from symptoms.models import Symptom
from tests.factories import ExpertFactory, SymptomFactory
from tests.workflow import scheduled_revision

pytestmark = pytest.mark.django_db


def test_the_worker_puts_a_scheduled_revision_live_when_its_time_comes(editor, reviewer, publisher):
    expert = ExpertFactory()
    symptom = SymptomFactory(summary="Live summary.")
    at = timezone.now() + datetime.timedelta(hours=1)
    revision = scheduled_revision(
        symptom,
        at=at,
        editor=editor,
        reviewer=reviewer,
        publisher=publisher,
        expert=expert,
        summary="Scheduled summary.",
    )
    worker = Worker(concurrency=1)
    assert worker.run_once(Worker).revisions == 0
    Symptom._base_manager.filter(pk=revision.pk).update(
        published_at=timezone.now() - datetime.timedelta(seconds=1)
    )

    done = worker.run_once(Worker)
    worker.close()

    assert done.revisions == 1
    assert Symptom.objects.published().get(pk=symptom.pk).summary == "Scheduled summary."
    assert not Symptom._base_manager.filter(pk=revision.pk).exists()
