import io

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from reversion.models import Revision

from symptoms import models as m
from symptoms.demo.bundle import CONTENT_BUNDLE, load_demo_content
from symptoms.exchange.bundles import dumps, export_bundle

pytestmark = pytest.mark.django_db

MINIMUM_COUNTS = {
    m.Symptom: 3,
    m.Condition: 15,
    m.Cause: 20,
    m.Diagnostic: 10,
    m.Specialist: 8,
    m.Treatment: 12,
    m.Nutrient: 6,
    m.DietarySource: 20,
    m.BodyRegion: 5,
}


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    """Load once for the module; roll back at its end."""
    with django_db_blocker.unblock(), transaction.atomic():
        load_demo_content()
        yield
        transaction.set_rollback(True)


def _row_counts():
    return {model: model.objects.count() for model in apps.get_app_config("symptoms").get_models()}


def test_counts_meet_the_minimum(loaded):
    for model, minimum in MINIMUM_COUNTS.items():
        assert model.objects.published().count() >= minimum, model


def test_every_symptom_has_all_its_parts(loaded):
    for symptom in m.Symptom.objects.all():
        for relation in (
            "condition_links",
            "cause_links",
            "diagnostic_links",
            "specialist_links",
            "treatment_links",
            "nutrient_links",
            "types",
            "complications",
            "faq",
            "expert_opinions",
            "red_flags",
            "sections",
            "body_regions",
            "codes",
        ):
            assert getattr(symptom, relation).exists(), (symptom.slug, relation)


def test_shared_records_are_one_record_linked_from_every_symptom(loaded):
    neurologist = m.Specialist.objects.get(slug="neurologist")
    emg = m.Diagnostic.objects.get(synonyms__icontains="EMG")
    assert neurologist.symptom_links.count() == 3
    assert emg.symptom_links.count() == 3
    assert m.Cause.objects.filter(name__icontains="magnesium").count() == 1


def test_drugs_are_causes_and_folk_remedies_carry_warnings(loaded):
    assert m.Cause.objects.filter(category=m.Cause.Category.MEDICATION).count() >= 3
    traditional = m.Treatment.objects.filter(kind=m.Treatment.Kind.TRADITIONAL)
    assert traditional.exists()
    for treatment in traditional:
        assert treatment.evidence == m.Treatment.Evidence.NONE
        assert treatment.safety_warning


def test_conditions_carry_verified_codes(loaded):
    als = m.Condition.objects.get(codes__system="ICD-10", codes__code="G12.2")
    assert set(als.codes.values_list("system", "code")) >= {("ICD-10-CM", "G12.21")}
    ms = m.Condition.objects.get(codes__system="ICD-10", codes__code="G35")
    assert ms.codes.filter(system="ICD-10-CM", code="G35.D").exists()


def test_content_is_published_and_reviewed(loaded):
    for model in MINIMUM_COUNTS:
        for record in model.objects.all():
            assert record.status == m.ContentStatus.PUBLISHED
            assert record.reviewed_by and record.last_reviewed and record.next_review_due


def test_symptoms_and_conditions_cite_their_sources(loaded):
    for model in (m.Symptom, m.Condition, m.BodyRegion, m.Nutrient, m.Specialist):
        for record in model.objects.all():
            assert record.sources.exists(), record


def test_loading_twice_changes_nothing(loaded):
    before = _row_counts()
    stamps = {s.slug: s.updated_at for s in m.Symptom.objects.all()}
    assert load_demo_content() == 0
    assert _row_counts() == before
    assert {s.slug: s.updated_at for s in m.Symptom.objects.all()} == stamps


def test_the_shipped_file_is_what_the_exporter_writes_after_loading_it(loaded):
    assert dumps(export_bundle()) == CONTENT_BUNDLE.read_text(encoding="utf-8")


def test_a_second_load_records_no_history_and_says_it_is_up_to_date(loaded):
    revisions = Revision.objects.count()
    out = io.StringIO()
    call_command("load_demo_content", stdout=out)
    assert out.getvalue() == "Demo content already up to date.\n"
    assert Revision.objects.count() == revisions


def test_loading_is_recorded_as_a_published_import_by_no_account(loaded):
    assert not get_user_model().objects.exists()
    revision = Revision.objects.get()
    assert revision.user is None
    assert revision.comment == "Imported and published from a content bundle."


def test_what_an_editor_changed_in_a_demo_record_is_put_back(loaded):
    symptom = m.Symptom.objects.get(slug="muscle-spasms")
    summary = symptom.summary
    m.Symptom.objects.filter(pk=symptom.pk).update(
        summary="Edited", status=m.ContentStatus.ARCHIVED
    )
    symptom.faq.order_by("order").first().delete()
    symptom.codes.create(system="ICD-10", code="R25.9")
    m.Condition.objects.filter(slug="multiple-sclerosis").update(reviewed_by=None)

    assert load_demo_content() == 2
    symptom.refresh_from_db()
    assert (symptom.summary, symptom.status) == (summary, m.ContentStatus.PUBLISHED)
    assert dumps(export_bundle()) == CONTENT_BUNDLE.read_text(encoding="utf-8")


def test_a_load_that_changes_nothing_reads_each_named_record_once(
    loaded, django_assert_max_num_queries
):
    with django_assert_max_num_queries(1100):
        assert load_demo_content() == 0
