"""The public version: moves with public changes (outbox rows, scheduled content going
public, bulk loads) and with nothing else."""

import datetime

import pytest
from django.utils import timezone

from symptoms import models as m
from symptoms.changes import versioning
from tests import factories as f

pytestmark = pytest.mark.django_db


def key() -> tuple[int, int]:
    return versioning.current().key


def test_a_public_change_moves_the_version_to_its_outbox_row():
    symptom = f.SymptomFactory()
    before = key()
    symptom.name = "Renamed"
    symptom.save()
    version = versioning.current()
    assert version.key > before
    assert version.change == m.ContentChange.objects.latest("id").pk


def test_a_public_link_change_moves_the_version():
    symptom, condition = f.SymptomFactory(), f.ConditionFactory()
    before = key()
    link = m.SymptomCondition.objects.create(symptom=symptom, condition=condition)
    after_add = key()
    link.delete()
    assert before < after_add < key()


def test_a_draft_edit_leaves_the_version_alone():
    draft = f.SymptomFactory(draft=True)
    condition = f.ConditionFactory()
    before = key()
    draft.summary = "Unpublished text."
    draft.save()
    m.SymptomCondition.objects.create(symptom=draft, condition=condition)
    draft.delete()
    assert key() == before


def test_deleting_a_public_record_moves_the_version():
    region = f.BodyRegionFactory()
    before = key()
    region.delete()
    assert key() > before


def test_a_scheduled_publication_is_remembered_until_its_time():
    later = timezone.now() + datetime.timedelta(hours=1)
    before = key()
    f.ConditionFactory(published_at=later)
    version = versioning.current()
    assert version.next_change == later
    assert version.key == before


def test_the_version_moves_when_a_scheduled_publication_goes_live():
    later = timezone.now() + datetime.timedelta(hours=1)
    condition = f.ConditionFactory(published_at=later)
    before = versioning.current()
    # Time passes: the record turns public without any save.
    past = timezone.now() - datetime.timedelta(seconds=1)
    m.Condition.objects.filter(pk=condition.pk).update(published_at=past)
    m.ContentVersion.objects.filter(pk=versioning.ROW).update(next_change=past)
    version = versioning.current()
    assert version.epoch == before.epoch + 1
    assert version.change == before.change
    assert version.next_change is None
    assert before.last_went_public is None
    assert past < version.last_went_public <= timezone.now()
    assert version.last_modified == version.last_went_public.replace(microsecond=0)


def test_the_next_scheduled_publication_is_the_earliest_still_to_come():
    soon = timezone.now() + datetime.timedelta(minutes=5)
    f.SymptomFactory(published_at=soon + datetime.timedelta(days=1))
    f.TreatmentFactory(published_at=soon)
    f.CauseFactory(published_at=timezone.now() - datetime.timedelta(days=1))
    assert versioning.next_scheduled_publication() == soon


def test_the_version_is_read_in_one_query(django_assert_num_queries):
    f.SymptomFactory()
    with django_assert_num_queries(1):
        versioning.current()


def test_hot_version_is_read_again_only_after_its_ttl():
    clock = [100.0]
    hot = versioning.HotVersion(ttl=1.0, clock=lambda: clock[0])
    first = hot.get().key
    f.SymptomFactory()
    clock[0] += 0.5
    assert hot.get().key == first
    clock[0] += 0.5
    assert hot.get().key > first


def test_hot_version_is_read_again_when_a_scheduled_publication_is_due():
    clock = [100.0]
    hot = versioning.HotVersion(ttl=60.0, clock=lambda: clock[0])
    first = hot.get()
    hot.version = first._replace(next_change=timezone.now() - datetime.timedelta(seconds=1))
    versioning.bump()
    assert hot.get().epoch == first.epoch + 1


def test_bump_recreates_a_missing_row():
    m.ContentVersion.objects.all().delete()
    versioning.bump()
    assert versioning.current().epoch == 1


def test_a_missing_row_is_created_on_the_first_read():
    m.ContentVersion.objects.all().delete()
    soon = timezone.now() + datetime.timedelta(minutes=5)
    m.Symptom.objects.filter(pk=f.SymptomFactory().pk).update(published_at=soon)
    assert versioning.current().next_change == soon
    assert m.ContentVersion.objects.filter(pk=versioning.ROW).exists()
