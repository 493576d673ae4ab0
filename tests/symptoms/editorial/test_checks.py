import datetime

import pytest
from django.core.management import CommandError, call_command

from symptoms import models as m
from symptoms.editorial.checks import ERROR, WARNING, check_content
from tests.factories import (
    BodyRegionFactory,
    ConditionFactory,
    DiagnosticFactory,
    DietarySourceFactory,
    NutrientFactory,
    SourceFactory,
    SpecialistFactory,
    SymptomConditionFactory,
    SymptomFactory,
    SymptomSpecialistFactory,
    TreatmentFactory,
)

pytestmark = pytest.mark.django_db


def _complete_symptom(**kwargs):
    """A published symptom that passes every check."""
    symptom = SymptomFactory(**kwargs)
    SymptomSpecialistFactory(symptom=symptom)
    m.SymptomDiagnostic.objects.create(symptom=symptom, diagnostic=DiagnosticFactory())
    symptom.sources.add(SourceFactory())
    return symptom


def _found(check, record=None):
    return [
        f for f in check_content() if f.check == check and (record is None or f.record == record)
    ]


def test_clean_content_has_no_findings():
    _complete_symptom()
    assert check_content() == []


@pytest.mark.parametrize("missing", ["specialist", "diagnostic", "source"])
def test_published_symptom_without_specialist_diagnostic_or_source_is_an_error(missing):
    symptom = _complete_symptom(name="Leg cramps")
    if missing == "source":
        symptom.sources.clear()
    else:
        getattr(symptom, f"{missing}_links").all().delete()
    [finding] = check_content()
    assert (finding.severity, finding.check, finding.record) == (
        ERROR,
        f"missing-{missing}",
        symptom,
    )
    assert "Leg cramps" in finding.message


def test_draft_symptom_need_not_be_complete():
    SymptomFactory(draft=True)
    assert check_content() == []


def test_link_to_a_draft_specialist_does_not_count_as_a_specialist():
    symptom = _complete_symptom()
    symptom.specialist_links.all().delete()
    SymptomSpecialistFactory(
        symptom=symptom, specialist=SpecialistFactory(name="Ophthalmologist", draft=True)
    )
    assert {f.check for f in check_content()} == {"missing-specialist", "links-to-unpublished"}


@pytest.mark.parametrize("trait", ["draft", "archived"])
def test_published_records_linking_to_draft_or_archived_ones_are_errors(trait):
    symptom = _complete_symptom()
    hidden = ConditionFactory(name="Hidden condition", **{trait: True})
    SymptomConditionFactory(symptom=symptom, condition=hidden)
    [finding] = _found("links-to-unpublished")
    assert finding.record == symptom
    assert f"Hidden condition', which is {trait}" in finding.message


def test_links_between_other_records_and_body_regions_are_checked_too():
    nutrient = NutrientFactory(name="Potassium")
    m.NutrientSource.objects.create(
        nutrient=nutrient, dietary_source=DietarySourceFactory(name="Bananas", draft=True)
    )
    condition = ConditionFactory(name="PAD")
    m.ConditionTreatment.objects.create(
        condition=condition, treatment=TreatmentFactory(archived=True)
    )
    symptom = _complete_symptom()
    symptom.body_regions.add(BodyRegionFactory(name="Calf", draft=True))
    assert {f.record for f in _found("links-to-unpublished")} == {nutrient, condition, symptom}


def test_draft_record_linking_to_a_draft_is_fine():
    draft = SymptomFactory(draft=True)
    SymptomConditionFactory(symptom=draft, condition=ConditionFactory(draft=True))
    assert _found("links-to-unpublished") == []


def test_overdue_review_is_a_warning():
    yesterday = datetime.date.today() - datetime.timedelta(days=1)
    overdue = ConditionFactory(name="MS", next_review_due=yesterday)
    ConditionFactory(next_review_due=datetime.date.today() + datetime.timedelta(days=30))
    [finding] = _found("review-overdue")
    assert (finding.severity, finding.record) == (WARNING, overdue)


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ({"name": "Electromyography", "synonyms": "EMG"}, {"name": "EMG"}),
        ({"name": "Electromyography (EMG)"}, {"name": "EMG test", "synonyms": "EMG"}),
        ({"name": "Electromyography"}, {"name": "Electromyographies"}),
    ],
)
def test_records_sharing_a_name_synonym_or_abbreviation_are_likely_duplicates(first, second):
    a = DiagnosticFactory(**first)
    DiagnosticFactory(**second)
    DiagnosticFactory(name="Magnetic resonance imaging")
    [finding] = _found("likely-duplicate")
    assert (finding.severity, finding.record) == (WARNING, a)


def test_condition_known_by_another_name_is_a_likely_duplicate():
    ConditionFactory(name="Amyotrophic lateral sclerosis", synonyms="ALS\nLou Gehrig's disease")
    ConditionFactory(name="Lou Gehrig\u2019s disease")
    [finding] = _found("likely-duplicate")
    assert "known as 'lou gehrig disease'" in finding.message


def test_same_name_in_different_kinds_is_not_a_duplicate():
    ConditionFactory(name="Stress")
    m.Cause.objects.create(name="Stress", slug="stress", category="psychological")
    assert _found("likely-duplicate") == []


@pytest.mark.postgres
def test_similar_names_are_likely_duplicates_on_postgresql():
    a = DiagnosticFactory(name="Electromyography")
    DiagnosticFactory(name="Electromyography study")
    [finding] = _found("likely-duplicate")
    assert finding.record == a
    assert "similar" in finding.message


@pytest.mark.parametrize(
    "values",
    [{"kind": "traditional", "evidence": "limited"}, {"kind": "lifestyle", "evidence": "none"}],
)
def test_traditional_or_unproven_treatment_without_safety_warning_is_an_error(values):
    risky = TreatmentFactory(name="Turpentine rub", **values)
    TreatmentFactory(kind="traditional", evidence="none", safety_warning="Burns the skin.")
    TreatmentFactory(kind="medication", evidence="established")
    [finding] = _found("missing-safety-warning")
    assert (finding.severity, finding.record) == (ERROR, risky)


def test_each_finding_links_to_the_record_in_the_admin():
    symptom = SymptomFactory()
    finding = _found("missing-source", symptom)[0]
    assert finding.admin_url == f"/admin/symptoms/symptom/{symptom.pk}/change/"


def test_command_fails_on_errors_and_prints_each_finding(capsys):
    symptom = SymptomFactory(name="Leg cramps")
    with pytest.raises(CommandError, match=r"3 error\(s\), 0 warning\(s\)"):
        call_command("check_content")
    out = capsys.readouterr().out
    assert "[missing-source] Published symptom 'Leg cramps' cites no source. " in out
    assert f"/admin/symptoms/symptom/{symptom.pk}/change/" in out


def test_command_passes_with_warnings_only(capsys):
    _complete_symptom()
    ConditionFactory(next_review_due=datetime.date(2000, 1, 1))
    call_command("check_content")
    assert "No errors, 1 warning(s)." in capsys.readouterr().out
