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


def _member(django_user_model, username: str, group: str):
    from django.contrib.auth.models import Group

    user = django_user_model.objects.create_user(username, password="pw", is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def editor(db, django_user_model):
    return _member(django_user_model, "editor", "Editor")


@pytest.fixture
def reviewer(db, django_user_model):
    return _member(django_user_model, "reviewer", "Medical reviewer")


@pytest.fixture
def publisher(db, django_user_model):
    return _member(django_user_model, "publisher", "Publisher")
