import datetime
import threading
from unittest import mock

import pytest
from django.db import connection, transaction
from django.utils import timezone

from symptoms import models as m
from symptoms.changes import outbox as changes
from tests.factories import (
    ConditionFactory,
    DietarySourceFactory,
    ExpertFactory,
    ExpertOpinionFactory,
    NutrientFactory,
    NutrientSourceFactory,
    SourceFactory,
    SymptomConditionFactory,
    SymptomFactory,
    SymptomNutrientFactory,
)

pytestmark = pytest.mark.django_db


def _log(since: int = 0) -> list[tuple[str, str]]:
    return [(c.slug, c.action) for c in m.ContentChange.objects.filter(pk__gt=since)]


def _head() -> int:
    head = changes.head()
    return head.pk if head else 0


def test_creating_a_published_record_records_a_create():
    SymptomFactory(slug="twitch")
    assert _log() == [("twitch", "create")]


def test_drafts_are_not_announced():
    draft = SymptomFactory(slug="secret", draft=True)
    draft.summary = "Still being written."
    draft.save()
    assert _log() == []


def test_publishing_a_draft_records_a_publish():
    draft = SymptomFactory(slug="twitch", draft=True)
    draft.status, draft.published_at = m.ContentStatus.PUBLISHED, timezone.now()
    draft.save()
    assert _log() == [("twitch", "publish")]


def test_editing_a_public_record_records_an_update():
    symptom = SymptomFactory(slug="twitch")
    start = _head()
    symptom.summary = "New text."
    symptom.save()
    assert _log(start) == [("twitch", "update")]


@pytest.mark.parametrize(
    ("status", "action"),
    [(m.ContentStatus.ARCHIVED, "archive"), (m.ContentStatus.DRAFT, "unpublish")],
)
def test_leaving_public_view_records_a_tombstone(status, action):
    symptom = SymptomFactory(slug="twitch")
    start = _head()
    symptom.status = status
    symptom.save()
    change = m.ContentChange.objects.get(pk__gt=start)
    assert (change.slug, change.action, change.tombstone) == ("twitch", action, True)


def test_deleting_a_public_record_records_a_tombstone_and_nothing_after_it():
    link = SymptomConditionFactory(symptom__slug="twitch", condition__slug="als")
    start = _head()
    link.symptom.delete()
    log = _log(start)
    assert log[0] == ("twitch", "delete")
    assert [entry for entry in log[1:] if entry[0] == "twitch"] == []
    assert ("als", "update") in log


def test_deleting_a_draft_records_nothing():
    draft = SymptomFactory(draft=True)
    draft.delete()
    assert _log() == []


def test_queryset_delete_records_tombstones():
    SymptomFactory(slug="a")
    SymptomFactory(slug="b")
    start = _head()
    m.Symptom.objects.all().delete()
    assert sorted(_log(start)) == [("a", "delete"), ("b", "delete")]


def test_a_change_rolls_back_with_its_edit():
    symptom = SymptomFactory(slug="twitch")
    start = _head()
    with pytest.raises(RuntimeError), transaction.atomic():
        symptom.summary = "Never saved."
        symptom.save()
        raise RuntimeError("the edit fails after the save")
    assert _log(start) == []


def test_renaming_a_linked_condition_records_an_update_of_the_symptom_showing_it():
    link = SymptomConditionFactory(symptom__slug="twitch", condition__slug="als")
    start = _head()
    link.condition.name = "Amyotrophic lateral sclerosis"
    link.condition.save()
    assert _log(start) == [("als", "update"), ("twitch", "update")]


def test_a_new_link_records_an_update_of_both_public_ends():
    symptom = SymptomFactory(slug="twitch")
    condition = ConditionFactory(slug="als")
    start = _head()
    SymptomConditionFactory(symptom=symptom, condition=condition)
    assert sorted(_log(start)) == [("als", "update"), ("twitch", "update")]


def test_a_scheduled_publication_is_recorded_once_when_its_time_comes():
    later = timezone.now() + datetime.timedelta(hours=1)
    symptom = SymptomFactory(slug="twitch", published_at=later)
    assert _log() == []
    assert changes.record_due_publications() == []

    m.Symptom.objects.filter(pk=symptom.pk).update(published_at=timezone.now())
    recorded = changes.record_due_publications()

    assert [(c.slug, c.action) for c in recorded] == [("twitch", "publish")]
    assert changes.record_due_publications() == []


def test_a_scheduled_publication_coming_due_records_the_records_that_show_it():
    later = timezone.now() + datetime.timedelta(hours=1)
    condition = ConditionFactory(slug="als", published_at=later)
    SymptomConditionFactory(symptom=SymptomFactory(slug="twitch"), condition=condition)
    m.Condition.objects.filter(pk=condition.pk).update(published_at=timezone.now())
    start = _head()

    changes.record_due_publications()

    assert _log(start) == [("als", "publish"), ("twitch", "update")]


def test_a_food_change_records_the_symptoms_that_show_it_through_a_nutrient():
    nutrient = NutrientFactory(slug="magnesium")
    SymptomNutrientFactory(symptom=SymptomFactory(slug="cramp"), nutrient=nutrient)
    food = DietarySourceFactory(slug="spinach")
    start = _head()
    NutrientSourceFactory(nutrient=nutrient, dietary_source=food)
    assert sorted(_log(start)) == [
        ("cramp", "update"),
        ("magnesium", "update"),
        ("spinach", "update"),
    ]

    start = _head()
    food.name = "Baby spinach"
    food.save()
    assert sorted(_log(start)) == [
        ("cramp", "update"),
        ("magnesium", "update"),
        ("spinach", "update"),
    ]


def test_a_source_or_expert_change_records_each_public_record_that_shows_it():
    source, expert = SourceFactory(), ExpertFactory()
    cited = ConditionFactory(slug="als")
    cited.sources.add(source)
    SymptomFactory(slug="reviewed", reviewed_by=expert)
    ExpertOpinionFactory(symptom=SymptomFactory(slug="quoted"), expert=expert)
    SymptomFactory(slug="unrelated")
    start = _head()

    source.title = "A new title"
    source.save()
    assert _log(start) == [("als", "update")]

    start = _head()
    expert.name = "Dr Ada Byrne"
    expert.save()
    assert sorted(_log(start)) == [("quoted", "update"), ("reviewed", "update")]

    start = _head()
    source.delete()
    assert _log(start) == [("als", "update")]


def test_changes_at_the_same_instant_keep_distinct_increasing_ids():
    instant = timezone.now()
    with mock.patch("symptoms.changes.outbox.timezone.now", return_value=instant):
        first = SymptomFactory(slug="a")
        second = SymptomFactory(slug="b")
    recorded = list(m.ContentChange.objects.filter(uid__in=[first.uid, second.uid]))
    assert [c.slug for c in recorded] == ["a", "b"]
    assert recorded[0].time == recorded[1].time
    assert recorded[0].pk < recorded[1].pk


def test_cursors_round_trip_and_reject_anything_else():
    assert changes.decode_cursor(changes.encode_cursor(12345)) == 12345
    for bad in ["", "abc", "!!!", changes.encode_cursor(1)[:-1] + "@", "MTIz"]:
        assert changes.decode_cursor(bad) is None


def _wait_for_a_blocked_writer() -> bool:
    """A lock is being waited for: the outbox's advisory lock, or the content version's row,
    which every content write also updates in its transaction."""
    waiting = "SELECT count(*) FROM pg_locks WHERE NOT granted"
    for _ in range(1000):
        with connection.cursor() as cursor:
            cursor.execute(waiting)
            if cursor.fetchone()[0]:
                return True
        threading.Event().wait(0.01)
    return False


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_outbox_writers_commit_in_id_order():
    """A second writer waits for the first to commit, so no reader sees id n+1 before n."""
    first_recorded, release = threading.Event(), threading.Event()
    ids = {}

    def slow_writer():
        with transaction.atomic():
            SymptomFactory(slug="first")
            ids["first"] = m.ContentChange.objects.get(slug="first").pk
            first_recorded.set()
            release.wait(10)
        connection.close()

    def second_writer():
        SymptomFactory(slug="second")
        ids["second"] = m.ContentChange.objects.get(slug="second").pk
        connection.close()

    one = threading.Thread(target=slow_writer)
    one.start()
    assert first_recorded.wait(10)
    two = threading.Thread(target=second_writer)
    two.start()
    blocked = _wait_for_a_blocked_writer()
    release.set()
    one.join(10)
    two.join(10)

    assert blocked, "the second writer did not wait for the first one's commit"
    assert ids["first"] < ids["second"]
