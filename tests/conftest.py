import pytest
from django.core.cache import cache
from django.db import connection

from tests.support import CHROMIUM_PATH, chromium_is_installed, editorial_group


def pytest_collection_modifyitems(config, items):
    """Skip PostgreSQL-only tests on SQLite, and browser tests where Chromium is missing."""
    skips = {}
    if connection.vendor != "postgresql":
        skips["postgres"] = pytest.mark.skip(
            reason="needs PostgreSQL: set DATABASE_URL=postgres://..."
        )
    if not chromium_is_installed():
        skips["browser"] = pytest.mark.skip(
            reason=f"needs Chromium at {CHROMIUM_PATH}: apt-get install chromium chromium-driver"
            " (or set CHROMIUM_PATH)"
        )
    for item in items:
        for marker, skip in skips.items():
            if marker in item.keywords:
                item.add_marker(skip)


@pytest.fixture
def staff_client(client, admin_user):
    client.force_login(admin_user)
    return client


def _member(django_user_model, username: str, group: str):
    user = django_user_model.objects.create_user(username, password="pw", is_staff=True)
    user.groups.add(editorial_group(group))
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


@pytest.fixture(autouse=True)
def _fresh_list_counts():
    """Counts are kept per process; a test's database ids may repeat another test's."""
    from api.delivery.counts import COUNTS

    COUNTS.entries.clear()


@pytest.fixture(autouse=True)
def _fresh_cache():
    """The local-memory cache (quota counters) is the process's: each test starts empty."""
    cache.clear()


@pytest.fixture
def no_quotas(settings):
    """For a test that makes more requests than a client may (API_ANON_RATE and the others)."""
    settings.API_ANON_RATE = settings.API_KEY_RATE = settings.API_INVALID_KEY_RATE = "none"
