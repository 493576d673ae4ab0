"""The relevance set: what people type, and the demo record they mean (PostgreSQL only)."""

import pytest

from symptoms.demo.bundle import load_demo_content
from symptoms.search.engine import search_content

pytestmark = pytest.mark.django_db

# (query, expected type, expected slug): lay words, synonyms, misspellings, plurals.
RELEVANCE_SET = [
    ("muscle twitching", "symptom", "muscle-twitches"),
    ("twitching", "symptom", "muscle-twitches"),
    ("twitchy eyelid", "symptom", "muscle-twitches"),
    ("myokimia", "symptom", "muscle-twitches"),
    ("fasciculations", "symptom", "muscle-twitches"),
    ("jumpy legs", "symptom", "twitching-in-the-leg"),
    ("leg twitches", "symptom", "twitching-in-the-leg"),
    ("charley horse", "symptom", "muscle-spasms"),
    ("muscle cramp", "symptom", "muscle-spasms"),
    ("lou gehrig", "condition", "amyotrophic-lateral-sclerosis"),
    ("lou gehrigs disease", "condition", "amyotrophic-lateral-sclerosis"),
    ("motor neurone disease", "condition", "amyotrophic-lateral-sclerosis"),
    ("parkinsons", "condition", "parkinsons-disease"),
    ("parkinson", "condition", "parkinsons-disease"),
    ("restless legs", "condition", "restless-legs-syndrome"),
    ("low blood sugar", "condition", "hypoglycaemia"),
    ("hypoglycemia", "condition", "hypoglycaemia"),
    ("slipped disc", "condition", "lumbar-disc-herniation"),
    ("blood clot in the leg", "condition", "deep-vein-thrombosis"),
    ("underactive thyroid", "condition", "hypothyroidism"),
    ("tourettes", "condition", "tourette-syndrome"),
    ("leg cramps at night", "condition", "sleep-related-leg-cramps"),
    ("sleep starts", "condition", "hypnic-jerks"),
    ("magnesim", "nutrient", "magnesium"),
    ("magnesium", "nutrient", "magnesium"),
    ("potasium", "nutrient", "potassium"),
    ("vitamin b6", "nutrient", "vitamin-b6"),
    ("magnesium deficiency", "cause", "magnesium-deficiency"),
    ("coffee", "cause", "caffeine"),
    ("sleep deprivation", "cause", "lack-of-sleep"),
    ("pinched nerve", "cause", "nerve-compression"),
    ("water tablets", "cause", "diuretics"),
    ("EMG", "diagnostic", "electromyography"),
    ("brain wave test", "diagnostic", "electroencephalography"),
    ("mri scan", "diagnostic", "mri"),
    ("spinal tap", "diagnostic", "lumbar-puncture"),
    ("family doctor", "specialist", "general-practitioner"),
    ("nerologist", "specialist", "neurologist"),
    ("botox", "treatment", "botulinum-toxin"),
    ("muscle relaxers", "treatment", "muscle-relaxants"),
    ("massages", "treatment", "massage"),
    ("apricot", "dietary_source", "dried-apricots"),
    ("almond", "dietary_source", "almonds"),
    ("herring", "dietary_source", "oily-sea-fish"),
    ("eyelid", "body_region", "eyelid"),
]


@pytest.fixture
def demo_content():
    load_demo_content()


def _position(query: str, expected: tuple[str, str]) -> int | None:
    top = [(hit.type, hit.slug) for hit in search_content(query)[0:3]]
    return top.index(expected) + 1 if expected in top else None


def test_the_set_is_large_enough():
    assert len(RELEVANCE_SET) >= 30
    assert len({query for query, _, _ in RELEVANCE_SET}) == len(RELEVANCE_SET)


@pytest.mark.postgres
def test_every_expected_result_is_in_the_top_three_and_most_are_first(demo_content):
    positions = {query: _position(query, (type_, slug)) for query, type_, slug in RELEVANCE_SET}
    missing = [query for query, position in positions.items() if position is None]
    assert missing == []
    first = sum(position == 1 for position in positions.values())
    assert first / len(RELEVANCE_SET) >= 0.8, positions


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Muscle twitches", ("symptom", "muscle-twitches")),
        ("lou gehrig", ("condition", "amyotrophic-lateral-sclerosis")),
        ("fasciculations", ("symptom", "muscle-twitches")),
        ("sea buckthorn", ("dietary_source", "sea-buckthorn")),
        ("carries oxygen", ("nutrient", "iron")),
    ],
)
def test_demo_content_is_found_by_name_synonym_or_summary_on_any_database(
    demo_content, query, expected
):
    top = [(hit.type, hit.slug) for hit in search_content(query)[0:3]]
    assert expected in top
