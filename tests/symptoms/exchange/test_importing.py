from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from symptoms import models as m
from symptoms.exchange.importing import ArticleImportError, apply_plan, build_plan
from symptoms.exchange.importing import apply as apply_module
from symptoms.exchange.importing.matching import name_keys, normalise
from symptoms.exchange.importing.parser import parse_article, split_bullet
from tests.factories import (
    CauseFactory,
    ConditionFactory,
    DiagnosticFactory,
    ExpertFactory,
    SpecialistFactory,
    SymptomFactory,
    TreatmentFactory,
)

ARTICLES = Path(__file__).parents[1] / "articles"
EYELID = (ARTICLES / "eyelid_twitching.txt").read_text()
CRAMPS = (ARTICLES / "night_leg_cramps.md").read_text()


@pytest.fixture
def existing(db):
    """Records an editor already has, written differently from the articles on purpose."""
    return {
        "ms": ConditionFactory(name="Multiple sclerosis", slug="multiple-sclerosis"),
        "bell": ConditionFactory(name="Bell\u2019s palsy", slug="bells-palsy"),
        "als": ConditionFactory(
            name="Amyotrophic lateral sclerosis",
            slug="als",
            synonyms="ALS\nLou Gehrig\u2019s disease",
        ),
        "emg": DiagnosticFactory(name="Electromyography", slug="emg", synonyms="EMG"),
        "mri": DiagnosticFactory(name="Magnetic resonance imaging (MRI)", slug="mri-scan"),
        "blood": DiagnosticFactory(name="Blood test", slug="blood-test"),
        "gp": SpecialistFactory(
            name="General practitioner", slug="gp", synonyms="Therapist\nFamily doctor"
        ),
        "neuro": SpecialistFactory(name="Neurologist", slug="neurologist"),
        "stress": CauseFactory(name="Stress", slug="stress"),
        "sleep": CauseFactory(
            name="Lack of sleep", slug="lack-of-sleep", synonyms="Too little sleep"
        ),
        "botox": TreatmentFactory(name="Botulinum toxin", slug="botulinum-toxin-injections"),
    }


def _links(symptom, relation, field):
    return [getattr(link, field).slug for link in getattr(symptom, relation).order_by("order")]


def test_headings_are_recognised_in_their_common_variants():
    kinds = [(s.heading, s.kind) for s in parse_article(CRAMPS).sections]
    assert kinds == [
        ("Overview", "about"),
        ("Related diseases", "conditions"),
        ("Tests and examinations", "diagnostics"),
        ("Which specialist to see?", "specialists"),
        ("Why night cramps happen", "causes"),
        ("Treatment", "treatments"),
        ("Frequently asked questions", "faq"),
    ]


def test_plain_text_article_keeps_its_title_and_every_section_in_order():
    article = parse_article(EYELID)
    assert article.title == "Eyelid twitching: what it means and what helps"
    assert article.name == "Eyelid twitching"
    assert [s.kind for s in article.sections] == [
        "about",
        "conditions",
        "diagnostics",
        "specialists",
        "types",
        "causes",
        "conditions",
        "expert_opinion",
        "treatments",
        "other",
        "complications",
        "faq",
    ]


def test_bullet_splits_into_name_and_note_keeping_abbreviations_in_the_name():
    dash = split_bullet("Hemifacial spasm \u2014 twitching that starts around one eye.")
    assert (dash.name, dash.note) == ("Hemifacial spasm", "Twitching that starts around one eye")
    explained = split_bullet("Slit-lamp examination (to check the surface of the eye)")
    assert (explained.name, explained.note) == (
        "Slit-lamp examination",
        "To check the surface of the eye",
    )
    assert split_bullet("Electromyography (EMG);").name == "Electromyography (EMG)"


def test_name_keys_cover_case_punctuation_abbreviation_and_plurals():
    assert name_keys("Electromyography (EMG)") >= {"electromyography", "emg"}
    assert normalise("Neurologists") == normalise("neurologist")
    assert normalise("Lou Gehrig\u2019s Disease") == normalise("lou gehrig's disease")
    assert normalise("Allergies") == "allergy"
    assert normalise("Multiple sclerosis") == "multiple sclerosis"


def test_bullets_match_existing_records_by_name_slug_synonym_abbreviation_and_plural(existing):
    plan = build_plan(EYELID)
    targets = {item.name: item.target for item in plan.links}
    assert targets["Multiple sclerosis"] == existing["ms"]
    assert targets["Bell's palsy"] == existing["bell"]
    assert targets["Electromyography (EMG)"] == existing["emg"]
    assert targets["MRI"] == existing["mri"]
    assert targets["Blood tests"] == existing["blood"]
    assert targets["General practitioners"] == existing["gp"]
    assert targets["Too little sleep"] == existing["sleep"]
    assert targets["Botulinum toxin injections"] == existing["botox"]
    assert targets["Blepharospasm"] is None
    assert plan.item(0).choice == "new"


def test_dry_run_plan_says_linked_or_new_for_each_bullet(existing):
    lines = build_plan(CRAMPS).describe()
    assert "  - linked to existing condition 'als': Lou Gehrig's disease" in lines
    assert "  - linked to existing diagnostic test 'emg': Electromyography" in lines
    assert "  - linked to existing specialist 'gp': Therapist" in lines
    assert "  - linked to existing specialist 'neurologist': Neurologists" in lines
    assert "  - new draft cause: Dehydration" in lines


def test_import_creates_one_draft_symptom_with_all_links_and_new_drafts(existing):
    before = {model: model.objects.count() for model in (m.Condition, m.Diagnostic, m.Cause)}
    result = apply_plan(build_plan(EYELID))
    symptom = result.symptom
    assert (symptom.name, symptom.slug, symptom.status) == (
        "Eyelid twitching",
        "eyelid-twitching",
        m.ContentStatus.DRAFT,
    )
    assert symptom.summary.startswith("Eyelid twitching is a repeated")
    assert _links(symptom, "condition_links", "condition") == [
        "blepharospasm",
        "hemifacial-spasm",
        "bells-palsy",
        "multiple-sclerosis",
        "dry-eye-disease",
        "blepharitis",
        "allergic-conjunctivitis",
    ]
    assert _links(symptom, "diagnostic_links", "diagnostic") == [
        "neurological-examination",
        "slit-lamp-examination",
        "emg",
        "mri-scan",
        "blood-test",
    ]
    assert _links(symptom, "specialist_links", "specialist") == [
        "gp",
        "neurologist",
        "ophthalmologist",
    ]
    assert symptom.specialist_links.get(specialist=existing["gp"]).first_contact is True
    assert m.Condition.objects.count() == before[m.Condition] + 5
    assert m.Diagnostic.objects.get(slug="slit-lamp-examination").kind == "clinical_exam"
    assert m.Cause.objects.count() == before[m.Cause] + 3
    assert all(record.status == m.ContentStatus.DRAFT for record in result.created)
    note = symptom.diagnostic_links.get(diagnostic__slug="slit-lamp-examination").note
    assert note == "To check the surface of the eye"


def test_import_publishes_nothing(existing):
    published_before = sum(
        model.objects.published().count() for model in m.ContentEntity.__subclasses__()
    )
    apply_plan(build_plan(EYELID))
    published_after = sum(
        model.objects.published().count() for model in m.ContentEntity.__subclasses__()
    )
    assert published_after == published_before


def test_sections_types_complications_and_faq_become_parts_of_the_symptom(existing):
    symptom = apply_plan(build_plan(EYELID)).symptom
    assert [t.name for t in symptom.types.all()] == [
        "Myokymia",
        "Essential blepharospasm",
        "Hemifacial spasm",
    ]
    assert symptom.complications.first().name == "Difficulty reading or driving during a bout"
    faq = list(symptom.faq.all())
    assert [entry.question for entry in faq][0] == "Is eyelid twitching dangerous?"
    assert faq[2].answer == "Yes. Caffeine makes nerves and muscles more excitable."
    about = symptom.sections.get(kind=m.SectionText.Kind.ABOUT)
    assert "deserves a medical look" in about.body


def test_unknown_section_is_kept_as_section_text_with_its_bullets(existing):
    symptom = apply_plan(build_plan(EYELID)).symptom
    kept = symptom.sections.get(title="Living with a twitch")
    assert kept.kind == m.SectionText.Kind.OTHER
    assert "Keep a short diary" in kept.body
    assert "- Note the time of day" in kept.body


def test_expert_opinion_is_attributed_when_an_expert_is_given(existing):
    expert = ExpertFactory(slug="dr-lid")
    symptom = apply_plan(build_plan(EYELID), expert=expert).symptom
    assert symptom.expert_opinions.get().expert == expert
    assert not symptom.sections.filter(title="Expert Opinion").exists()


def test_expert_opinion_without_an_expert_is_kept_as_a_section(existing):
    symptom = apply_plan(build_plan(EYELID)).symptom
    assert "In my practice" in symptom.sections.get(title="Expert Opinion").body


def test_record_named_in_two_sections_is_linked_once(existing):
    symptom = apply_plan(build_plan(EYELID)).symptom
    assert symptom.condition_links.filter(condition=existing["ms"]).count() == 1


def test_editor_choices_change_what_is_linked(existing):
    plan = build_plan(EYELID)
    blepharospasm = next(item for item in plan.links if item.name == "Blepharospasm")
    dry_eye = next(item for item in plan.links if item.name == "Dry eye disease")
    emg = next(item for item in plan.links if item.name == "Electromyography (EMG)")
    plan.choose(blepharospasm.index, "existing:bells-palsy")
    plan.choose(dry_eye.index, "skip")
    plan.choose(emg.index, "new")
    symptom = apply_plan(plan).symptom
    conditions = _links(symptom, "condition_links", "condition")
    assert conditions[0] == "bells-palsy"
    assert "dry-eye-disease" not in conditions
    assert m.Diagnostic.objects.filter(name="Electromyography (EMG)", status="draft").exists()


def test_choosing_an_unknown_slug_is_refused(existing):
    plan = build_plan(EYELID)
    with pytest.raises(ValueError, match="No condition with the slug 'nope'"):
        plan.choose(0, "existing:nope")


def test_existing_symptom_slug_is_refused_and_nothing_is_saved(existing):
    SymptomFactory(name="Eyelid twitching", slug="eyelid-twitching")
    counts = m.Condition.objects.count()
    with pytest.raises(ArticleImportError, match="already exists"):
        apply_plan(build_plan(EYELID))
    assert m.Condition.objects.count() == counts


def test_a_failure_half_way_rolls_everything_back(existing, monkeypatch):
    original = apply_module._draft_defaults

    def broken(model, name):
        values = original(model, name)
        return {**values, "kind": "not-a-kind"} if model is m.Treatment else values

    monkeypatch.setattr(apply_module, "_draft_defaults", broken)
    counts = {model: model.objects.count() for model in (m.Symptom, m.Condition, m.Cause)}
    with pytest.raises(ArticleImportError, match="new treatment 'Rest and regular sleep'"):
        apply_plan(build_plan(EYELID))
    assert {model: model.objects.count() for model in counts} == counts


def test_command_dry_run_prints_the_plan_and_saves_nothing(existing, capsys):
    call_command("import_article", str(ARTICLES / "night_leg_cramps.md"), "--dry-run")
    out = capsys.readouterr().out
    assert "symptom (new draft): Night leg cramps [night-leg-cramps]" in out
    assert "new draft condition: Peripheral artery disease" in out
    assert not m.Symptom.objects.filter(slug="night-leg-cramps").exists()


def test_command_imports_the_article_as_drafts(existing, capsys):
    call_command("import_article", str(ARTICLES / "night_leg_cramps.md"))
    symptom = m.Symptom.objects.get(slug="night-leg-cramps")
    assert symptom.status == m.ContentStatus.DRAFT
    assert _links(symptom, "specialist_links", "specialist") == [
        "gp",
        "neurologist",
        "vascular-surgeon",
    ]
    assert symptom.faq.count() == 2
    assert "Created the draft symptom 'night-leg-cramps'" in capsys.readouterr().out


def test_command_reports_an_unreadable_file(db, tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_article", str(tmp_path / "missing.txt"))


@pytest.mark.postgres
def test_similar_names_are_matched_by_trigrams_on_postgresql(existing):
    arterial = ConditionFactory(name="Peripheral arterial disease", slug="pad")
    plan = build_plan(CRAMPS)
    item = next(item for item in plan.links if item.name == "Peripheral artery disease")
    assert item.candidates[0].record == arterial
    assert item.candidates[0].how == "similarity"
    assert item.target == arterial


@pytest.mark.postgres
def test_a_merely_similar_name_is_offered_but_not_linked(existing):
    veins = DiagnosticFactory(name="Doppler ultrasound of the leg veins", slug="veins")
    plan = build_plan(CRAMPS)
    item = next(item for item in plan.links if item.name.startswith("Doppler"))
    assert [match.record for match in item.candidates] == [veins]
    assert (item.choice, item.target) == ("new", None)


def test_every_test_and_doctor_in_an_article_matches_the_demo_content(db):
    from symptoms.demo.bundle import load_demo_content

    load_demo_content()
    plan = build_plan(EYELID)
    matched = {
        item.name: item.target.slug if item.target else None
        for item in plan.links
        if item.model in (m.Diagnostic, m.Specialist)
    }
    assert matched == {
        "Neurological examination": "neurological-examination",
        "Slit-lamp examination": None,
        "Electromyography (EMG)": "electromyography",
        "MRI": "mri",
        "Blood tests": None,
        "General practitioners": "general-practitioner",
        "Neurologist": "neurologist",
        "Ophthalmologist": None,
    }
    symptom = apply_plan(plan).symptom
    assert symptom.condition_links.filter(condition__slug="multiple-sclerosis").count() == 1


def test_draft_revisions_are_never_offered_or_accepted_as_link_targets(existing, editor):
    from symptoms.editorial import publishing
    from symptoms.exchange.importing.matching import Matcher

    revision = publishing.new_revision(existing["ms"], by=editor)

    assert [match.record for match in Matcher(m.Condition).candidates("Multiple sclerosis")] == [
        existing["ms"]
    ]
    with pytest.raises(ValueError, match=f"No condition with the slug '{revision.slug}'"):
        build_plan(EYELID).choose(0, f"existing:{revision.slug}")
