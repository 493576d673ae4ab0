import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.http import HttpResponse
from django.test import RequestFactory

from healthcontent import routers
from healthcontent.routers import ReplicaReadsMiddleware, ReplicaRouter, replica_reads

PROJECT = Path(__file__).resolve().parents[2]

# Runs in a fresh interpreter whose settings name a primary and a replica SQLite file.
TWO_DATABASES = """
import json, shutil
import django
django.setup()
from django.conf import settings
from django.contrib.auth.models import Group
from django.db import connections
from healthcontent.routers import replica_reads

primary, replica = settings.DATABASES["default"]["NAME"], settings.DATABASES["replica_1"]["NAME"]
with connections["default"].schema_editor() as editor:
    editor.create_model(Group)
Group.objects.create(name="replicated")
connections.close_all()
shutil.copyfile(primary, replica)  # the replica catches up to here
Group.objects.create(name="not yet replicated")

def names():
    return sorted(Group.objects.values_list("name", flat=True))

result = {"primary_reads": names()}
with replica_reads():
    result["public_reads"] = names()
    Group.objects.create(name="written during public reads")
    result["public_reads_after_write"] = names()
result["primary_after_write"] = names()
print(json.dumps(result))
"""


def test_public_reads_go_to_the_replica_and_writes_to_the_primary(tmp_path):
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DATABASE", "REDIS", "DJANGO_SETTINGS"))
    }
    env |= {
        "DJANGO_SETTINGS_MODULE": "healthcontent.test_settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'primary.sqlite3'}",
        "DATABASE_REPLICA_URLS": f"sqlite:///{tmp_path / 'replica.sqlite3'}",
    }
    result = subprocess.run(
        [sys.executable, "-c", TWO_DATABASES],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 0, result.stderr
    reads = json.loads(result.stdout)
    assert reads["primary_reads"] == ["not yet replicated", "replicated"]
    assert reads["public_reads"] == ["replicated"]
    assert reads["public_reads_after_write"] == ["replicated"]
    assert reads["primary_after_write"] == [
        "not yet replicated",
        "replicated",
        "written during public reads",
    ]


@pytest.fixture
def two_replicas(monkeypatch):
    monkeypatch.setattr(routers, "replica_aliases", lambda: ["replica_1", "replica_2"])


def test_reads_stay_on_default_outside_public_reads(two_replicas):
    assert ReplicaRouter().db_for_read(Group) == "default"


def test_public_reads_spread_over_every_replica(two_replicas):
    with replica_reads():
        chosen = {ReplicaRouter().db_for_read(Group) for _ in range(200)}

    assert chosen == {"replica_1", "replica_2"}


def test_without_replicas_public_reads_use_default():
    with replica_reads():
        assert ReplicaRouter().db_for_read(Group) == "default"


def test_related_reads_follow_the_instance_they_start_from(two_replicas):
    group = Group(name="loaded from default")
    group._state.db = "default"

    with replica_reads():
        assert ReplicaRouter().db_for_read(Group, instance=group) == "default"


def test_only_default_is_migrated():
    router = ReplicaRouter()

    assert router.allow_migrate("default", "symptoms")
    assert not router.allow_migrate("replica_1", "symptoms")


def routed_database(method: str, path: str) -> str:
    def view(request):
        return HttpResponse(ReplicaRouter().db_for_read(Group))

    request = RequestFactory().generic(method, path)
    return ReplicaReadsMiddleware(view)(request).content.decode()


@pytest.mark.parametrize(
    ("method", "path", "database"),
    [
        ("GET", "/api/v1/symptoms/", "replica_1"),
        ("HEAD", "/api/v1/symptoms/muscle-twitches/", "replica_1"),
        ("POST", "/api/v1/symptoms/", "default"),
        ("GET", "/admin/symptoms/symptom/", "default"),
        ("POST", "/admin/login/", "default"),
    ],
)
def test_only_safe_public_api_requests_read_from_a_replica(monkeypatch, method, path, database):
    monkeypatch.setattr(routers, "replica_aliases", lambda: ["replica_1"])

    assert routed_database(method, path) == database
