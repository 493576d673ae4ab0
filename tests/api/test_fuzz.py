"""Schemathesis against the generated OpenAPI schema: every operation, positive and negative."""

from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from healthcontent.wsgi import application

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


# The committed schema, which tests/api/test_schema.py keeps equal to the generated one.
schema = schemathesis.openapi.from_path(Path(__file__).parents[2] / "api" / "openapi.yaml")
schema.app = application
schema.config.generation.update(modes=list(GenerationMode))


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

    from symptoms.demo.loader import load_demo_content

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        load_demo_content()
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
    case.call_and_validate(checks=CHECKS)
