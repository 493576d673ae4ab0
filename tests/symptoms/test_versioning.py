import datetime

import pytest
from django.utils import timezone

from symptoms import models as m
from symptoms.changes import versioning
from tests import factories as f

pytestmark = pytest.mark.django_db


def counter() -> int:
    return versioning.current()[0]


def test_saving_a_record_moves_the_version():
    symptom = f.SymptomFactory()
    before = counter()
    symptom.name = "Renamed"
    symptom.save()
    assert counter() > before


def test_adding_and_deleting_a_link_moves_the_version():
    symptom, condition = f.SymptomFactory(), f.ConditionFactory()
    before = counter()
    link = m.SymptomCondition.objects.create(symptom=symptom, condition=condition)
    after_add = counter()
    link.delete()
    assert before < after_add < counter()


def test_changing_plain_many_to_many_links_moves_the_version():
    symptom, region = f.SymptomFactory(), f.BodyRegionFactory()
    before = counter()
    symptom.body_regions.add(region)
    after_add = counter()
    symptom.body_regions.clear()
    assert before < after_add < counter()


def test_saving_a_symptom_part_moves_the_version():
    symptom = f.SymptomFactory()
    before = counter()
    m.FAQEntry.objects.create(symptom=symptom, order=1, question="Why?", answer="Because.")
    assert counter() > before


def test_deleting_a_record_moves_the_version():
    region = f.BodyRegionFactory()
    before = counter()
    region.delete()
    assert counter() > before


def test_a_scheduled_publication_is_remembered_until_its_time():
    later = timezone.now() + datetime.timedelta(hours=1)
    f.ConditionFactory(published_at=later)
    version = versioning.current()
    assert version.next_change == later
    assert versioning.current().counter == version.counter


def test_the_version_moves_when_a_scheduled_publication_goes_live():
    later = timezone.now() + datetime.timedelta(hours=1)
    condition = f.ConditionFactory(published_at=later)
    before = versioning.current()
    # Time passes: the record turns public without any save.
    past = timezone.now() - datetime.timedelta(seconds=1)
    m.Condition.objects.filter(pk=condition.pk).update(published_at=past)
    m.ContentVersion.objects.filter(pk=versioning.ROW).update(next_change=past)
    version = versioning.current()
    assert version.counter == before.counter + 1
    assert version.next_change is None
    assert before.last_went_public is None
    assert past < version.last_went_public <= timezone.now()


def test_the_next_scheduled_publication_is_the_earliest_still_to_come():
    soon = timezone.now() + datetime.timedelta(minutes=5)
    f.SymptomFactory(published_at=soon + datetime.timedelta(days=1))
    f.TreatmentFactory(published_at=soon)
    f.CauseFactory(published_at=timezone.now() - datetime.timedelta(days=1))
    assert versioning.next_scheduled_publication() == soon


def test_hot_version_is_read_again_only_after_its_ttl():
    clock = [100.0]
    hot = versioning.HotVersion(ttl=1.0, clock=lambda: clock[0])
    first = hot.get().counter
    versioning.bump()
    clock[0] += 0.5
    assert hot.get().counter == first
    clock[0] += 0.5
    assert hot.get().counter == first + 1


def test_hot_version_is_read_again_when_a_scheduled_publication_is_due(monkeypatch):
    clock = [100.0]
    hot = versioning.HotVersion(ttl=60.0, clock=lambda: clock[0])
    first = hot.get()
    hot.version = first._replace(next_change=timezone.now() - datetime.timedelta(seconds=1))
    versioning.bump()
    assert hot.get().counter == first.counter + 1


def test_bump_recreates_a_missing_row():
    m.ContentVersion.objects.all().delete()
    versioning.bump()
    assert counter() == 1
