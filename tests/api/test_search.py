import pytest
from django.urls import reverse

from tests.factories import ConditionFactory, NutrientFactory, SymptomFactory

pytestmark = pytest.mark.django_db

SEARCH = "/api/v1/search/"
SUGGEST = "/api/v1/search/suggest/"


@pytest.fixture
def content():
    return {
        "twitches": SymptomFactory(
            name="Muscle twitches",
            slug="muscle-twitches",
            synonyms="fasciculations",
            summary="Small <twitches> & flickers of a muscle under the skin.",
        ),
        "als": ConditionFactory(
            name="Amyotrophic lateral sclerosis",
            slug="als",
            synonyms="Lou Gehrig's disease",
            summary="A disease of the motor nerves.",
        ),
        "magnesium": NutrientFactory(
            name="Magnesium", slug="magnesium", summary="A mineral muscles need."
        ),
    }


def _error_parameters(response):
    body = response.json()["error"]
    assert body["status"] == 400
    assert body["code"] == "invalid_parameter"
    assert body["message"]
    return [detail["parameter"] for detail in body["details"]]


def test_search_routes_are_named():
    assert reverse("search") == SEARCH
    assert reverse("search-suggest") == SUGGEST


def test_hit_has_type_id_slug_name_url_snippet_and_rank(client, content):
    response = client.get(SEARCH, {"q": "fasciculations"})
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    [hit] = body["results"]
    twitches = content["twitches"]
    assert hit["type"] == "symptom"
    assert hit["id"] == str(twitches.uid)
    assert hit["slug"] == "muscle-twitches"
    assert hit["name"] == "Muscle twitches"
    assert hit["url"] == "http://testserver/api/v1/symptoms/muscle-twitches/"
    assert hit["rank"] > 0
    assert "&lt;twitches&gt; &amp; flickers" in hit["snippet"]


def test_results_span_entity_types_best_first(client, content):
    body = client.get(SEARCH, {"q": "muscle"}).json()
    assert [hit["slug"] for hit in body["results"]] == ["muscle-twitches", "magnesium"]
    ranks = [hit["rank"] for hit in body["results"]]
    assert ranks == sorted(ranks, reverse=True)


def test_type_narrows_results_comma_separated(client, content):
    only_nutrients = client.get(SEARCH, {"q": "muscle", "type": "nutrient"}).json()
    assert [hit["slug"] for hit in only_nutrients["results"]] == ["magnesium"]
    both = client.get(SEARCH, {"q": "muscle", "type": "nutrient,symptom"}).json()
    assert both["count"] == 2


def test_repeated_type_is_a_400_like_every_repeated_parameter(client, content):
    response = client.get(f"{SEARCH}?q=muscle&type=nutrient&type=symptom")
    assert response.status_code == 400
    assert _error_parameters(response) == ["type"]


def test_unknown_type_is_a_400(client, content):
    response = client.get(SEARCH, {"q": "muscle", "type": "recipe"})
    assert response.status_code == 400
    assert _error_parameters(response) == ["type"]


def test_unpublished_records_are_not_found(client, content):
    SymptomFactory(name="Muscle cramps draft", draft=True)
    SymptomFactory(name="Muscle cramps archived", archived=True)
    body = client.get(SEARCH, {"q": "cramps"}).json()
    assert body == {"count": 0, "next": None, "previous": None, "results": []}


def test_page_size_is_capped(client):
    for n in range(55):
        SymptomFactory(name=f"Muscle pain {n}")
    body = client.get(SEARCH, {"q": "muscle", "limit": 500}).json()
    assert body["count"] == 55
    assert len(body["results"]) == 50
    assert "offset=50" in body["next"]
    last_page = client.get(SEARCH, {"q": "muscle", "limit": 50, "offset": 50}).json()
    assert len(last_page["results"]) == 5


@pytest.mark.parametrize("limit", ["0", "-1", "ten"])
def test_bad_limit_is_a_400(client, content, limit):
    response = client.get(SEARCH, {"q": "muscle", "limit": limit})
    assert response.status_code == 400
    assert _error_parameters(response) == ["limit"]


@pytest.mark.parametrize("url", [SEARCH, SUGGEST])
@pytest.mark.parametrize("query", [{}, {"q": ""}, {"q": "   "}, {"q": "\x00\t"}])
def test_empty_query_is_a_400(client, url, query):
    response = client.get(url, query)
    assert response.status_code == 400
    assert _error_parameters(response) == ["q"]


@pytest.mark.parametrize("url", [SEARCH, SUGGEST])
def test_query_over_200_characters_is_a_400(client, url):
    assert client.get(url, {"q": "a" * 200}).status_code == 200
    response = client.get(url, {"q": "a" * 201})
    assert response.status_code == 400
    assert _error_parameters(response) == ["q"]


HOSTILE_QUERIES = [
    "'",
    '"',
    '"unclosed phrase',
    "\\",
    "\\\\'",
    "%",
    "_",
    "muscle & | ! ( ) : * <->",
    "' OR 1=1; --",
    "'; DROP TABLE symptoms_symptom; --",
    "muscle:* & !twitch",
    "Мышечные подёргивания",
    "💪 twitch 🤷‍♀️",
    "<script>alert(1)</script>",
    "a\x00b",
    "-",
    "or",
    "the and of",
]


@pytest.mark.parametrize("url", [SEARCH, SUGGEST])
@pytest.mark.parametrize("query", HOSTILE_QUERIES)
def test_any_text_gives_results_or_nothing_never_an_error(client, content, url, query):
    response = client.get(url, {"q": query})
    assert response.status_code in (200, 400)
    if response.status_code == 400:
        assert _error_parameters(response) == ["q"]
    else:
        assert isinstance(response.json()["results"], list)


def test_snippet_never_carries_markup_from_the_content(client):
    SymptomFactory(name="Cramp", summary="<script>alert('cramp')</script> cramp at night")
    [hit] = client.get(SEARCH, {"q": "cramp"}).json()["results"]
    assert "<script>" not in hit["snippet"]
    assert "&lt;script&gt;" in hit["snippet"]
    assert "<mark>" in hit["snippet"]


def test_suggest_completes_names_prefix_first(client, content):
    SymptomFactory(name="Twitching in the muscle of the leg", slug="leg")
    response = client.get(SUGGEST, {"q": "mus"})
    assert response.status_code == 200
    assert response.json()["results"] == [
        {
            "type": "symptom",
            "slug": "muscle-twitches",
            "name": "Muscle twitches",
            "url": "http://testserver/api/v1/symptoms/muscle-twitches/",
        },
        {
            "type": "symptom",
            "slug": "leg",
            "name": "Twitching in the muscle of the leg",
            "url": "http://testserver/api/v1/symptoms/leg/",
        },
    ]


def test_suggest_returns_at_most_ten_published_names(client):
    for n in range(12):
        SymptomFactory(name=f"Muscle ache {n:02}")
    SymptomFactory(name="Muscle ache draft", draft=True)
    names = [s["name"] for s in client.get(SUGGEST, {"q": "MUSCLE"}).json()["results"]]
    assert names == [f"Muscle ache {n:02}" for n in range(10)]


def test_search_is_described_in_the_schema(client):
    schema = client.get("/api/schema/", {"format": "json"}).json()
    operation = schema["paths"]["/api/v1/search/"]["get"]
    parameters = {p["name"]: p for p in operation["parameters"]}
    assert parameters["q"]["required"] is True
    assert parameters["limit"]["schema"]["type"] == "integer"
    kinds = parameters["type"]["schema"]["items"]
    assert kinds == {"$ref": "#/components/schemas/ContentKindEnum"}
    assert set(schema["components"]["schemas"]["ContentKindEnum"]["enum"]) >= {
        "symptom",
        "dietary_source",
    }
    assert {"200", "400"} <= set(operation["responses"])
    assert "/api/v1/search/suggest/" in schema["paths"]


@pytest.mark.postgres
@pytest.mark.parametrize("query", ["magnesium", "magnesim", "low magnesim"])
def test_a_list_search_finds_what_search_finds_in_the_same_order(client, query):
    NutrientFactory(name="Magnesium supplements", slug="supplements", summary="Magnesium.")
    NutrientFactory(name="Almonds", slug="almonds", summary="Rich in magnesium.")
    NutrientFactory(name="Magnesium", slug="magnesium", summary="A mineral.")
    NutrientFactory(name="Spinach", slug="spinach", summary="A leaf.", body="Has magnesium.")
    NutrientFactory(name="Low magnesium", slug="low", synonyms="magnesium deficiency")
    NutrientFactory(name="Draft magnesium", slug="draft", draft=True)
    ConditionFactory(name="Magnesium toxicity", slug="toxicity")
    found = client.get(SEARCH, {"q": query, "type": "nutrient"}).json()["results"]
    listed = client.get("/api/v1/nutrients/", {"search": query}).json()["results"]
    assert [item["slug"] for item in listed] == [hit["slug"] for hit in found]
    assert len(listed) == 5
