"""Helpers shared by tests that start processes or reach local services."""

import importlib
import os
import pkgutil
import socket

# Long and varied enough for `check --deploy`; used only by tests.
PRODUCTION_SECRET = "p8Vq-3rT_x9Lm2Kd7Hs4Fw1Zc6Nb0Yg5Ju8Ae3Ri7To2Pl9Qs4Dv6Xk1Mn0Bh5Cj"
REDIS_URL = "redis://127.0.0.1:6379/3"
# Debian's chromium package; Playwright drives it (its own browser download is not used).
CHROMIUM_PATH = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


def free_port() -> int:
    """A local port nothing listens on (right now)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def redis_is_running() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        return False
    return True


def chromium_is_installed() -> bool:
    return os.access(CHROMIUM_PATH, os.X_OK)


def _migration(suffix: str):
    """A symptoms migration by the end of its name (numbers change when branches merge)."""
    package = importlib.import_module("symptoms.migrations")
    (name,) = [n for _, n, _ in pkgutil.iter_modules(package.__path__) if n.endswith(suffix)]
    return importlib.import_module(f"symptoms.migrations.{name}")


def editorial_group(name: str):
    """A role the workflow migration creates, made again if a transactional test flushed it."""
    from django.contrib.auth.models import Group, Permission

    groups, later = _migration("_workflow_groups"), _migration("_publishers_change_shared_records")
    group, created = Group.objects.get_or_create(name=name)
    if created:
        codenames = groups._codenames()[name] + later.ADDED_CODENAMES.get(name, [])
        group.permissions.set(
            Permission.objects.filter(content_type__app_label="symptoms", codename__in=codenames)
        )
    return group
