"""Read replicas: public reads go to a DATABASE_REPLICA_URLS replica, all else to default."""

import random
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS

_replica_reads: ContextVar[bool] = ContextVar("replica_reads", default=False)

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def replica_aliases() -> list[str]:
    return [alias for alias in settings.DATABASES if alias != DEFAULT_DB_ALIAS]


@contextmanager
def replica_reads() -> Iterator[None]:
    """Within this block, reads may be answered by a replica (which can lag behind default)."""
    token = _replica_reads.set(True)
    try:
        yield
    finally:
        _replica_reads.reset(token)


class ReplicaRouter:
    """Sends reads made inside `replica_reads()` to a random replica, all else to default.

    Editors and writes stay on default, so nobody reads a replica's stale copy of what they
    just saved; replicas receive the schema through replication, never through migrate.
    """

    def db_for_read(self, model, **hints):
        instance = hints.get("instance")
        if instance is not None and instance._state.db:
            return instance._state.db
        replicas = replica_aliases()
        if replicas and _replica_reads.get():
            return random.choice(replicas)
        return DEFAULT_DB_ALIAS

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        # Every alias holds the same data: default and its copies.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS


class ReplicaReadsMiddleware:
    """Marks safe requests to the public paths (REPLICA_READ_PATHS) as replica reads."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        public = request.method in SAFE_METHODS and request.path_info.startswith(
            tuple(settings.REPLICA_READ_PATHS)
        )
        if not public:
            return self.get_response(request)
        with replica_reads():
            return self.get_response(request)
