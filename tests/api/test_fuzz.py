"""Schemathesis against the generated OpenAPI schema: every operation, positive and negative."""

import datetime
import re
import zlib
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import CHECKS, load_all_checks
from schemathesis.generation import GenerationMode

from healthcontent.wsgi import application

load_all_checks()
# Every check schemathesis has: the schema promises what is accepted as much as what comes back.
EVERY_CHECK = CHECKS.get_all()


# The committed schema, which tests/api/schema/test_schema.py keeps equal to the generated one.
schema = schemathesis.openapi.from_path(Path(__file__).parents[2] / "api" / "openapi.yaml")
schema.app = application
schema.config.generation.update(modes=list(GenerationMode))
# A query string beyond the documented limit is refused with a 414 (every operation lists it).
rejection = schema.config.checks.negative_data_rejection
rejection.expected_statuses = [*rejection.expected_statuses, "414"]


# The published slugs each slug filter accepts, read once the demo content is loaded.
PUBLISHED_SLUGS: dict[str, list[str]] = {}


def published_slugs() -> dict[str, list[str]]:
    """Each filter that names published records by slug, and those records' slugs."""
    from api.filters import ContentFilter, PublishedSlugsFilter

    return {
        name: list(flt.extra["model"].objects.published().values_list("slug", flat=True))
        for filterset in ContentFilter.__subclasses__()
        for name, flt in filterset.base_filters.items()
        if isinstance(flt, PublishedSlugsFilter)
    }


def is_slug_shaped(item) -> bool:
    """What the schema allows as an item of a slug filter."""
    return isinstance(item, str) and item != "" and not {",", "\x00"} & set(item)


def existing(choices: list[str], drawn: str) -> str:
    return choices[zlib.crc32(drawn.encode()) % len(choices)]


def is_iso_date(value: str) -> bool:
    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def with_existing_records(case):
    """Which slugs and cursors exist is data, which the schema cannot state: a slug or cursor
    the schema allows becomes one that exists, so that valid requests stay valid. Values
    the schema refuses (empty, malformed) are left as drawn."""
    from symptoms.changes import outbox

    query = case.query or {}
    for name, slugs in PUBLISHED_SLUGS.items():
        drawn = query.get(name)
        items = drawn.split(",") if isinstance(drawn, str) else drawn
        if isinstance(items, list):
            items = [existing(slugs, item) if is_slug_shaped(item) else item for item in items]
            query[name] = ",".join(items) if isinstance(drawn, str) else items
    since = query.get("since")
    if (
        case.path.endswith("/changes/")
        and isinstance(since, str)
        and re.fullmatch(outbox.CURSOR_PATTERN, since)
        and not is_iso_date(since)
    ):
        query["since"] = outbox.encode_cursor(zlib.crc32(since.encode()))
    return case


@pytest.fixture(autouse=True)
def connection_kept_across_requests():
    """What Django's test client does: the test's transaction must outlive each request."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture(scope="module")
def demo_content(django_db_setup, django_db_blocker):
    """Loaded once for every operation (loading takes seconds), in a transaction that is
    rolled back at the end; each test's own transaction nests inside it."""
    from django.db import transaction

    from symptoms.demo.bundle import load_demo_content

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        load_demo_content()
        PUBLISHED_SLUGS.update(published_slugs())
    yield
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


@pytest.fixture(autouse=True)
def content(demo_content, db):
    """Every operation runs against the demo content."""
    from symptoms.models import Symptom

    assert Symptom.objects.published().exists(), "the demo content is not loaded"


@pytest.mark.fuzz
@schema.parametrize()
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_every_operation_keeps_to_its_documented_contract(case):
    with_existing_records(case).call_and_validate(checks=EVERY_CHECK)
