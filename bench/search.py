"""Times search and suggest (p50/p95 per query) against the database DATABASE_URL names.

Usage, with realistic content (about 10,000 symptoms and 50,000 records in all):
    DATABASE_URL=postgres://.../<scratch db> DEBUG=true python manage.py \
        generate_bench_content --symptoms 10000 --replace
    DATABASE_URL=postgres://.../<scratch db> DEBUG=true python bench/search.py
`--fill` first adds rows of random words until the database holds 50,000 records in all
(the scale search's targets name), `--fill=N` until it holds N (never on a production
database).
"""

import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "healthcontent.settings")
os.environ.setdefault("API_ANON_RATE", "1000000/min")
os.environ.setdefault("LOG_LEVEL", "WARNING")
os.environ.setdefault("API_REPRESENTATION_CACHE", "false")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from symptoms import models as m  # noqa: E402
from symptoms.search import index as search_index  # noqa: E402
from symptoms.search.engine import search_content  # noqa: E402
from symptoms.search.index import ENTITY_TYPES  # noqa: E402
from symptoms.search.suggest import suggest  # noqa: E402

FILL_TO = 50_000
VOCABULARY = (
    "muscle nerve twitch cramp spasm pain leg arm eyelid back calf foot hand neck jaw "
    "tremor jerk weakness numbness tingling fatigue sleep stress caffeine magnesium potassium "
    "calcium vitamin iron blood brain spinal disc thyroid sugar infection fever night rest "
    "exercise stretch massage tablet injection scan test doctor therapy chronic acute benign "
    "rare common sudden painful involuntary rhythmic persistent mild severe"
)
WORDS = VOCABULARY.split()


def sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def record_count() -> int:
    return sum(model.objects.count() for model in ENTITY_TYPES.values())


def fill(total: int) -> None:
    """Adds records of every type in turn, the same number of each, up to `total` in all."""
    rng = random.Random(5)
    now = timezone.now()
    missing = max(0, total - record_count())
    for index, (type_, model) in enumerate(ENTITY_TYPES.items()):
        have = model.objects.filter(slug__startswith="bench-").count()
        count = have + (missing + len(ENTITY_TYPES) - 1 - index) // len(ENTITY_TYPES)
        extra = {
            "condition": {"category": "neurological"},
            "cause": {"category": "lifestyle"},
            "treatment": {"kind": "medication", "evidence": "limited"},
        }.get(type_, {})
        model.objects.bulk_create(
            [
                model(
                    name=f"{sentence(rng, 3)[:-1]} {n}",
                    slug=f"bench-{type_}-{n}",
                    synonyms="\n".join(sentence(rng, 2)[:-1] for _ in range(3)),
                    summary=sentence(rng, 20),
                    body="\n\n".join(sentence(rng, 40) for _ in range(6)),
                    status="published",
                    published_at=now,
                    **extra,
                )
                for n in range(have, count)
            ],
            batch_size=2000,
        )
    search_index.rebuild()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def timed(call, repeat: int = int(os.environ.get("BENCH_REPEAT", "60"))) -> str:
    call()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    p95 = samples[int(len(samples) * 0.95) - 1]
    return f"p50 {statistics.median(samples):5.1f} ms  p95 {p95:5.1f} ms"


def main() -> None:
    call_command("migrate", verbosity=0)
    for argument in sys.argv[1:]:
        if argument == "--fill" or argument.startswith("--fill="):
            fill(int(argument.partition("=")[2] or FILL_TO))
    print(f"records: {record_count()} (symptoms: {m.Symptom.objects.count()})")
    client = Client(SERVER_NAME="localhost")
    queries = ["muscle", "pain", "twitching leg", "fasciculation", "magnesim", "lou gehrig", "zzzz"]
    for query in queries:
        results = search_content(query)
        print(f"search {query!r:16} hits {results.count():6}")
        print("  engine (count + first page):", timed(lambda q=query: search_page(q)))
        print("  api:", timed(lambda q=query: client.get("/api/v1/search/", {"q": q})))
    for prefix in ["m", "mu", "mus", "twi", "magn", "pai"]:
        print(f"suggest {prefix!r:7}")
        print("  engine:", timed(lambda p=prefix: suggest(p)))
        print("  api:", timed(lambda p=prefix: client.get("/api/v1/search/suggest/", {"q": p})))


def search_page(query: str) -> list:
    results = search_content(query)
    results.count()
    return results[0:20]


if __name__ == "__main__":
    main()
