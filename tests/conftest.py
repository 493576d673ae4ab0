import pytest
from django.db import connection


def pytest_collection_modifyitems(config, items):
    """Run PostgreSQL-only tests only when the suite runs on PostgreSQL."""
    if connection.vendor == "postgresql":
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL: set DATABASE_URL=postgres://...")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


@pytest.fixture
def staff_client(client, admin_user):
    client.force_login(admin_user)
    return client
