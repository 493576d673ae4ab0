import datetime

import pytest
from django.db import connection
from django.utils import timezone

from symptoms import models as m
from symptoms.editorial import publishing
from symptoms.search import index
from symptoms.search.engine import search_content
from symptoms.search.fallback import rank_by_likeness
from symptoms.search.index import ENTITY_TYPES
from symptoms.search.snippets import highlight
from symptoms.search.suggest import suggest
from tests.factories import (
    CauseFactory,
    ConditionFactory,
    ExpertFactory,
    NutrientFactory,
    SymptomFactory,
    TreatmentFactory,
)

pytestmark = pytest.mark.django_db


def names(queryset):
    return [record.name for record in queryset]


def test_finds_by_name_synonym_and_summary():
    by_name = SymptomFactory(name="Muscle twitches", summary="Small flickers.")
    by_synonym = ConditionFactory(name="ALS", synonyms="Lou Gehrig's disease\nMND")
    by_summary = CauseFactory(name="Coffee", summary="Caffeine can make muscles twitch.")
    assert list(m.Symptom.objects.search("twitches")) == [by_name]
    assert list(m.Condition.objects.search("gehrig")) == [by_synonym]
    assert list(m.Cause.objects.search("caffeine")) == [by_summary]


def test_search_is_case_insensitive():
    record = ConditionFactory(name="Multiple sclerosis", synonyms="MS")
    assert list(m.Condition.objects.search("MULTIPLE SCLEROSIS")) == [record]


def test_exact_name_ranks_first():
    NutrientFactory(name="Magnesium supplements", summary="Magnesium tablets.")
    NutrientFactory(name="Magnesium", summary="A mineral.")
    NutrientFactory(name="Cashews", synonyms="magnesium-rich nut\nmagnesium source")
    assert names(m.Nutrient.objects.search("magnesium"))[0] == "Magnesium"


def test_fallback_ranks_exact_name_then_name_start_then_synonyms_then_summary():
    NutrientFactory(name="Almonds", summary="Rich in magnesium.")
    NutrientFactory(name="Magnesium supplements", summary="Tablets.")
    NutrientFactory(name="Magnesium", summary="A mineral.")
    NutrientFactory(name="Cashews", synonyms="magnesium-rich nut")
    NutrientFactory(name="Low magnesium", summary="Too little.")
    assert names(rank_by_likeness(m.Nutrient.objects.all(), "magnesium")) == [
        "Magnesium",
        "Magnesium supplements",
        "Low magnesium",
        "Cashews",
        "Almonds",
    ]


def test_search_finds_published_records_only():
    public = SymptomFactory(name="Cramp")
    SymptomFactory(name="Cramp at night", draft=True)
    SymptomFactory(name="Cramp tomorrow", published_at=timezone.now() + datetime.timedelta(1))
    assert list(m.Symptom.objects.search("cramp")) == [public]


def test_every_result_carries_a_rank():
    SymptomFactory(name="Cramp")
    [record] = m.Symptom.objects.search("cramp")
    assert record.rank > 0


@pytest.mark.parametrize("query", ["", "   ", "\x00"])
def test_blank_query_finds_nothing(query):
    SymptomFactory(name="Cramp")
    assert not m.Symptom.objects.search(query).exists()
    assert search_content(query).count() == 0
    assert search_content(query)[0:10] == []
    assert suggest(query) == []


def test_search_content_spans_types_and_skips_unpublished():
    SymptomFactory(name="Muscle cramps")
    TreatmentFactory(name="Stretching", summary="Eases muscle cramps.")
    ConditionFactory(name="Night cramps", draft=True)
    results = search_content("cramps")
    assert results.count() == 2
    assert [(hit.type, hit.name) for hit in results[0:10]] == [
        ("symptom", "Muscle cramps"),
        ("treatment", "Stretching"),
    ]


def test_search_content_filters_by_type():
    SymptomFactory(name="Muscle cramps")
    TreatmentFactory(name="Stretching", summary="Eases muscle cramps.")
    hits = search_content("cramps", types=["treatment"])[0:10]
    assert [hit.name for hit in hits] == ["Stretching"]


@pytest.mark.postgres
@pytest.mark.parametrize("query", ["MAGNESIUM", "magnesim"])
def test_search_content_puts_the_exact_name_first(query):
    NutrientFactory(name="Magnesium supplements", summary="Magnesium tablets for magnesium.")
    NutrientFactory(name="Magnesium", summary="A mineral.")
    NutrientFactory(name="Low magnesium", synonyms="magnesium deficiency")
    hits = search_content(query)[0:3]
    assert [hit.name for hit in hits][0] == "Magnesium"
    assert hits[0].rank > hits[1].rank + 0.9


def test_a_page_costs_two_queries(django_assert_num_queries):
    for n in range(4):
        SymptomFactory(name=f"Cramp {n}")
        CauseFactory(name=f"Cramp cause {n}")
    results = search_content("cramp")
    # On PostgreSQL the count also tells whether the words match as typed; snippets come
    # with the page.
    with django_assert_num_queries(2):
        assert results.count() == 8
        assert len(results[2:6]) == 4


@pytest.mark.postgres
def test_a_page_of_misspellings_costs_two_queries_more(django_assert_num_queries):
    for n in range(4):
        SymptomFactory(name=f"Cramp {n}")
    results = search_content("crampz")
    # The nearest words of names, then the count of what they match.
    with django_assert_num_queries(4):
        assert results.count() == 4
        assert len(results[1:3]) == 2


def test_every_entity_type_is_searchable():
    assert set(ENTITY_TYPES.values()) == {
        m.Symptom,
        m.Condition,
        m.Cause,
        m.Diagnostic,
        m.Specialist,
        m.Treatment,
        m.Nutrient,
        m.DietarySource,
        m.BodyRegion,
    }


def test_snippet_marks_the_match_and_escapes_the_text():
    SymptomFactory(name="Cramp", summary="A <b>cramp</b> & a spasm.")
    [hit] = search_content("cramp")[0:1]
    assert "<mark>cramp</mark>" in hit.snippet
    assert "&lt;b&gt;" in hit.snippet
    assert "&amp;" in hit.snippet


def test_snippet_falls_back_to_the_name_without_a_summary():
    SymptomFactory(name="Cramp", summary="")
    [hit] = search_content("cramp")[0:1]
    assert hit.snippet == "<mark>Cramp</mark>"


def test_highlight_escapes_and_cuts_long_text_near_the_match():
    text = "x " * 300 + "a <twitch> here"
    marked = highlight(text, "twitch", limit=60)
    assert "&lt;<mark>twitch</mark>&gt;" in marked
    assert marked.startswith("… ")
    assert len(marked) < 120


def test_suggest_completes_published_names_prefix_first():
    SymptomFactory(name="Muscle twitches", slug="muscle-twitches")
    ConditionFactory(name="Myopathy", slug="myopathy")
    TreatmentFactory(name="Massage for the muscles", slug="massage")
    SymptomFactory(name="Muscle draft", draft=True)
    assert [(s.type, s.slug) for s in suggest("mus")] == [
        ("symptom", "muscle-twitches"),
        ("treatment", "massage"),
    ]


def test_suggest_completes_later_words_by_word_then_name_each_name_once():
    SymptomFactory(name="Painful feet")
    SymptomFactory(name="Leg pain")
    SymptomFactory(name="Knee pain and painful swelling")
    SymptomFactory(name="Back pain")
    TreatmentFactory(name="Arm with painful cramps")
    SymptomFactory(name="Draft pain", draft=True)
    assert [s.name for s in suggest("pai")] == [
        "Painful feet",
        "Back pain",
        "Knee pain and painful swelling",
        "Leg pain",
        "Arm with painful cramps",
    ]


def test_suggest_follows_renames_unpublishing_and_deletes():
    record = SymptomFactory(name="Back pain")
    other = SymptomFactory(name="Neck pain")
    assert [s.name for s in suggest("pain")] == ["Back pain", "Neck pain"]
    record.name = "Back ache"
    record.save()
    assert [s.name for s in suggest("pain")] == ["Neck pain"]
    assert [s.name for s in suggest("ach")] == ["Back ache"]
    record.status, record.published_at = m.ContentStatus.DRAFT, None
    record.save()
    assert suggest("ach") == []
    other.delete()
    assert suggest("pain") == [] and not m.SearchNameWord.objects.exists()


def test_suggest_takes_a_prefix_literally():
    SymptomFactory(name="Leg pain")
    SymptomFactory(name="Arm 100% numb")
    assert suggest("p_i") == []
    assert [s.name for s in suggest("100%")] == ["Arm 100% numb"]


def test_suggest_needs_three_characters_for_later_words():
    TreatmentFactory(name="Massage for the muscles")
    assert suggest("mu") == []
    assert suggest("M")[0].name == "Massage for the muscles"


@pytest.mark.postgres
def test_misspellings_are_tried_only_when_no_word_matches_as_typed():
    magnesium = NutrientFactory(name="Magnesium")
    NutrientFactory(name="Magnesia", summary="A magnesim compound.")
    assert names(m.Nutrient.objects.search("magnesim")) == ["Magnesia"]
    assert list(m.Nutrient.objects.search("magnesiun"))[0] == magnesium


@pytest.mark.postgres
def test_stemming_finds_other_forms_of_the_word():
    record = SymptomFactory(name="Eyelid flicker", summary="The eyelid twitches now and then.")
    assert list(m.Symptom.objects.search("twitching")) == [record]


@pytest.mark.postgres
def test_body_matches_are_found_but_rank_below_summary_and_name():
    in_body = SymptomFactory(name="A", summary="", body="Often after **fasciculations**.")
    in_summary = SymptomFactory(name="B", summary="Fasciculations of the calf.")
    in_name = SymptomFactory(name="Fasciculations", summary="")
    assert list(m.Symptom.objects.search("fasciculation")) == [in_name, in_summary, in_body]


@pytest.mark.postgres
def test_synonyms_weigh_as_much_as_the_name():
    by_synonym = ConditionFactory(name="ALS", synonyms="motor neurone disease", summary="")
    by_summary = ConditionFactory(name="Other", summary="Unlike motor neurone disease.")
    assert list(m.Condition.objects.search("motor neurone disease")) == [by_synonym, by_summary]


@pytest.mark.postgres
@pytest.mark.parametrize(
    ("typo", "name", "synonyms"),
    [
        ("myokimia", "Muscle twitches", "fasciculations\nmyokymia"),
        ("magnesim", "Magnesium", ""),
        ("parkinsons", "Parkinson's disease", ""),
        ("nerologist", "Neurologist", ""),
    ],
)
def test_misspellings_find_the_record(typo, name, synonyms):
    record = ConditionFactory(name=name, synonyms=synonyms)
    ConditionFactory(name="Unrelated", synonyms="nothing alike")
    assert list(m.Condition.objects.search(typo)) == [record]


@pytest.mark.postgres
def test_list_search_follows_every_save():
    record = ConditionFactory(name="ALS", synonyms="")
    assert not m.Condition.objects.search("gehrig").exists()
    record.synonyms = "Lou Gehrig's disease"
    record.save()
    assert list(m.Condition.objects.search("gehrig")) == [record]
    record.synonyms, record.summary = "", "Lou Gehrig's."
    record.save()
    assert list(m.Condition.objects.search("gehrig")) == [record]


@pytest.mark.postgres
def test_snippet_marks_stemmed_matches():
    SymptomFactory(name="Eyelid flicker", summary="The eyelid twitches now and then.")
    [hit] = search_content("twitching")[0:1]
    assert "<mark>twitches</mark>" in hit.snippet


def _plan(queryset):
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        return queryset.explain()


@pytest.mark.postgres
@pytest.mark.parametrize("model", list(ENTITY_TYPES.values()))
def test_name_prefixes_use_the_index(model):
    table = model._meta.model_name
    prefix_plan = _plan(model.objects.filter(name__istartswith="mus"))
    assert f"{table}_name_prefix" in prefix_plan


def found(query):
    return [(hit.type, hit.name) for hit in search_content(query)[0:10]]


def test_the_search_table_follows_every_save_unpublish_and_delete():
    record = ConditionFactory(name="Zygomycosis", synonyms="")
    assert found("zygomycosis") == [("condition", "Zygomycosis")]
    record.name, record.synonyms = "Mucormycosis", "zygomycosis"
    record.save()
    assert found("mucormycosis") == [("condition", "Mucormycosis")]
    record.status, record.published_at = m.ContentStatus.DRAFT, None
    record.save()
    assert found("mucormycosis") == []
    record.status, record.published_at = m.ContentStatus.PUBLISHED, timezone.now()
    record.save()
    assert found("zygomycosis") == [("condition", "Mucormycosis")]
    record.delete()
    assert found("mucormycosis") == []
    assert not m.SearchEntry.objects.exists() and not m.SearchEntryBody.objects.exists()


def test_scheduled_records_turn_up_when_due_without_a_save():
    later = timezone.now() + datetime.timedelta(hours=1)
    record = SymptomFactory(name="Hiccups", published_at=later)
    assert found("hiccups") == []
    m.SearchEntry.objects.filter(record_id=record.pk).update(
        published_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    assert found("hiccups") == [("symptom", "Hiccups")]


def test_a_draft_revision_is_never_found_and_its_publication_replaces_the_record(
    editor, reviewer, publisher
):
    record = SymptomFactory(name="Hiccups", summary="", body="")
    revision = publishing.new_revision(record, by=editor)
    revision.name = "Singultus"
    revision.save()
    assert found("singultus") == []
    revision = publishing.submit_for_review(revision, by=editor)
    revision = publishing.approve(revision, by=reviewer, reviewer=ExpertFactory())
    publishing.publish(revision, by=publisher)
    assert found("singultus") == [("symptom", "Singultus")]
    assert found("hiccups") == []
    [hit] = search_content("singultus")[0:1]
    assert hit.uid == str(record.uid)


def test_rebuilding_the_search_table_gives_what_the_saves_wrote():
    def rows():
        entries = m.SearchEntry.objects.values_list("type", "record_id", "name", "published_at")
        words = m.SearchWord.objects.values_list("word", flat=True)
        name_words = m.SearchNameWord.objects.values_list("entry__record_id", "word", "key")
        return sorted(entries), sorted(words), sorted(name_words)

    ConditionFactory(name="Mucormycosis", synonyms="zygomycosis\nblack fungus")
    SymptomFactory(name="Persistent hiccups")
    SymptomFactory(name="Draft hiccups", draft=True)
    saved = rows()
    assert saved[2]
    assert index.rebuild() == 2
    assert rows() == saved
