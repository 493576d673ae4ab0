import datetime

import pytest
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils import timezone

from symptoms import models as m
from tests.factories import (
    ConditionFactory,
    SpecialistFactory,
    SymptomConditionFactory,
    SymptomFactory,
    SymptomSpecialistFactory,
)

pytestmark = pytest.mark.django_db


def test_slug_is_unique():
    ConditionFactory(slug="als")
    with pytest.raises(IntegrityError), transaction.atomic():
        ConditionFactory(slug="als")


def test_one_link_per_symptom_and_condition():
    link = SymptomConditionFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        m.SymptomCondition.objects.create(symptom=link.symptom, condition=link.condition)


def test_linked_condition_cannot_be_deleted():
    link = SymptomConditionFactory()
    with pytest.raises(ProtectedError):
        link.condition.delete()


def test_linked_specialist_cannot_be_deleted():
    link = SymptomSpecialistFactory()
    with pytest.raises(ProtectedError):
        link.specialist.delete()


def test_deleting_a_symptom_removes_its_links_but_not_the_condition():
    link = SymptomConditionFactory()
    condition = link.condition
    link.symptom.delete()
    assert not m.SymptomCondition.objects.exists()
    assert m.Condition.objects.filter(pk=condition.pk).exists()


def test_next_review_cannot_be_before_last_review():
    with pytest.raises(IntegrityError), transaction.atomic():
        SymptomFactory(
            last_reviewed=datetime.date(2026, 5, 1), next_review_due=datetime.date(2026, 4, 1)
        )


def test_published_record_needs_a_publication_date():
    with pytest.raises(IntegrityError), transaction.atomic():
        SymptomFactory(status=m.ContentStatus.PUBLISHED, published_at=None)


def test_stable_id_survives_a_rename():
    condition = ConditionFactory(name="Lou Gehrig", slug="lou-gehrig")
    uid = condition.uid
    condition.name, condition.slug = "ALS", "als"
    condition.save()
    condition.refresh_from_db()
    assert condition.uid == uid


def test_published_excludes_drafts_archived_and_scheduled():
    public = ConditionFactory()
    ConditionFactory(draft=True)
    ConditionFactory(archived=True)
    ConditionFactory(status=m.ContentStatus.IN_REVIEW, published_at=None)
    ConditionFactory(published_at=timezone.now() + datetime.timedelta(days=1))
    assert list(m.Condition.objects.published()) == [public]


def test_published_links_exclude_unpublished_targets():
    symptom = SymptomFactory()
    public = SymptomConditionFactory(symptom=symptom)
    SymptomConditionFactory(symptom=symptom, condition=ConditionFactory(draft=True))
    assert list(symptom.condition_links.published("condition")) == [public]


def test_review_overdue():
    overdue = SpecialistFactory(next_review_due=datetime.date(2020, 1, 1))
    SpecialistFactory(next_review_due=datetime.date(2999, 1, 1))
    SpecialistFactory(next_review_due=None)
    assert list(m.Specialist.objects.review_overdue()) == [overdue]


def test_synonym_list_ignores_blank_lines():
    symptom = SymptomFactory(synonyms="myokymia\n\n  fasciculations \n")
    assert symptom.synonym_list == ["myokymia", "fasciculations"]


def test_str_reads_well():
    link = SymptomConditionFactory(
        symptom__name="Muscle twitches", condition__name="Multiple sclerosis"
    )
    assert str(link) == "Muscle twitches → Multiple sclerosis"
    assert str(link.condition) == "Multiple sclerosis"
