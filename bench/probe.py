"""Picks the benchmark's URLs from the database and counts each one's SQL queries in-process.

Run by bench/run.py as `python -m bench.probe` with the benchmark database's DATABASE_URL;
prints one JSON document on stdout.
"""

import json
import os
import sys

import django

# The filtered list's answer size at every scale (three pages of 20).
FILTERED_MATCHES = 60


def typical(queryset, relation: str):
    """The record with the median number of `relation` links: a detail of typical size."""
    from django.db.models import Count

    annotated = queryset.annotate(links=Count(relation)).order_by("links", "pk")
    return annotated[annotated.count() // 2]


def middle_half(queryset, relation: str, limit: int = 2000) -> list[str]:
    """Slugs of the records between the quartiles of link counts: the long tail's details."""
    from django.db.models import Count

    annotated = queryset.annotate(links=Count(relation)).order_by("links", "pk")
    count = annotated.count()
    slugs = annotated.values_list("slug", flat=True)[count // 4 : count - count // 4]
    return list(slugs[:limit])


def popular(queryset, relation: str):
    from django.db.models import Count

    return queryset.annotate(links=Count(relation)).order_by("-links", "pk").first()


def pair_matching(count: int):
    """The condition and specialist that together match the number of symptoms nearest
    `count`: a filter whose answer has the same size at every scale."""
    from django.db.models import Count, F
    from django.db.models.functions import Abs

    from symptoms import models as m

    pair = (
        m.SymptomCondition.objects.filter(
            symptom__in=m.Symptom.objects.published(),
            condition__in=m.Condition.objects.published(),
            symptom__specialist_links__specialist__in=m.Specialist.objects.published(),
        )
        .values("condition__slug", specialist=F("symptom__specialist_links__specialist__slug"))
        .annotate(matches=Count("pk"))
        .order_by(Abs(F("matches") - count), "condition", "specialist")
        .first()
    )
    return pair["condition__slug"], pair["specialist"]


def scenarios() -> list[dict]:
    """Every scenario's path; the detail of a typical record, filters on popular ones."""
    from symptoms import models as m

    symptoms = m.Symptom.objects.published()
    symptom = symptoms.order_by("pk")[symptoms.count() // 2]
    condition = typical(m.Condition.objects.published(), "symptom_links")
    filter_condition = popular(m.Condition.objects.published(), "symptom_links")
    filter_specialist = popular(m.Specialist.objects.published(), "symptom_links")
    same_condition, same_specialist = pair_matching(FILTERED_MATCHES)
    words = symptom.name.lower().split()
    detail = f"/api/v1/symptoms/{symptom.slug}/"
    return [
        {"name": "symptom list 20", "path": "/api/v1/symptoms/?limit=20"},
        {"name": "symptom list 100", "path": "/api/v1/symptoms/?limit=100"},
        {
            "name": "symptom detail",
            "path": detail,
            "paths": [
                f"/api/v1/symptoms/{slug}/" for slug in symptoms.values_list("slug", flat=True)
            ],
        },
        {
            "name": "condition detail",
            "path": f"/api/v1/conditions/{condition.slug}/",
            "paths": [
                f"/api/v1/conditions/{slug}/"
                for slug in middle_half(m.Condition.objects.published(), "symptom_links")
            ],
        },
        {
            "name": "filtered list",
            "path": f"/api/v1/symptoms/?condition={same_condition}&specialist={same_specialist}",
        },
        {
            "name": "filtered list, popular",
            "path": (
                f"/api/v1/symptoms/?condition={filter_condition.slug}"
                f"&specialist={filter_specialist.slug}"
            ),
        },
        {"name": "search", "path": f"/api/v1/search/?q={'+'.join(words[1:3])}"},
        {"name": "suggest", "path": f"/api/v1/search/suggest/?q={words[1][:4]}"},
        {"name": "detail 304", "path": detail, "conditional": True},
    ]


def count_queries(path: str) -> dict:
    """Queries of the first request (nothing cached) and of the next one (cache warm)."""
    from django.core.cache import caches
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    for cache in caches.all(initialized_only=True):
        cache.clear()
    client = Client(HTTP_HOST="127.0.0.1")
    counts = []
    for _ in range(2):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
        counts.append(len(captured))
    return {
        "status": response.status_code,
        "etag": response.headers.get("ETag"),
        "bytes": len(response.content),
        "queries_cold": counts[0],
        "queries_warm": counts[1],
    }


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    django.setup()
    found = scenarios()
    for scenario in found:
        scenario.update(count_queries(scenario["path"]))
    # The access log writes to stdout too: the result is the line with the marker.
    sys.stdout.write("\nPROBE " + json.dumps({"scenarios": found}) + "\n")


if __name__ == "__main__":
    main()
