"""Serving stored documents: the one rule for a current document, and its bytes by slug."""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import pkgutil
from importlib import metadata
from pathlib import Path
from typing import Any

from django.db import connections, router
from django.http import HttpRequest
from django.utils import timezone

from api.models import Document
from symptoms.models import ContentChange

# Rendered URLs point here; each response puts its own scheme and host in its place. The
# .invalid top-level domain is reserved (RFC 2606): no real link contains it.
PLACEHOLDER_ORIGIN = "https://document.invalid"

# What decides a detail's bytes, by import name (a package: each of its modules): the views'
# querysets, serializers, rendering, the content model and the published rule, and the
# libraries that turn them into JSON and HTML.
OUTPUT_CODE = (
    "api.views",
    "api.renderers",
    "api.serializers",
    "symptoms.models.rendering",
    "symptoms.models.querysets",
    "symptoms.models.base",
    "symptoms.models.entities",
    "symptoms.models.links",
    "symptoms.models.symptom",
)
OUTPUT_LIBRARIES = ("Django", "djangorestframework", "orjson", "Markdown", "nh3")


def source_files(module_name: str) -> list[Path]:
    """The files of a module, or of a package's modules, wherever they live: found by import
    name, so moving a file moves nothing here (and importing nothing but its parents)."""
    spec = importlib.util.find_spec(module_name)
    if spec is None or spec.origin is None:
        raise ModuleNotFoundError(module_name)
    files = [Path(spec.origin)]
    if spec.submodule_search_locations is not None:
        for found in sorted(
            pkgutil.iter_modules(spec.submodule_search_locations), key=lambda found: found.name
        ):
            files += source_files(f"{module_name}.{found.name}")
    return files


@functools.cache
def output_format() -> str:
    """A fingerprint of the code and libraries that shape the output."""
    digest = hashlib.blake2b(digest_size=16)
    for name in OUTPUT_CODE:
        for source in source_files(name):
            digest.update(source.read_bytes())
    for library in OUTPUT_LIBRARIES:
        digest.update(f"{library}={metadata.version(library)}".encode())
    return digest.hexdigest()


# The one rule for serving a stored document `d`: rendered by this code, not expired, and no
# change of its record recorded after the one it was rendered at. Fixed SQL: on the request
# path, building the query with the ORM cost more than running it.
SERVABLE = (
    "d.format = %s AND (d.expires_at IS NULL OR d.expires_at > %s)"
    f" AND NOT EXISTS (SELECT 1 FROM {ContentChange._meta.db_table} c"
    " WHERE c.type = d.type AND c.uid = d.uid AND c.id > d.change_id)"
)


def servable_params(using: str = "default") -> list[Any]:
    now = connections[using].ops.adapt_datetimefield_value(timezone.now())
    return [output_format(), now]


def body_for(request: HttpRequest, type_: str, slug: str) -> bytes | None:
    """The stored detail of the record at `slug`, with this request's origin; None if none."""
    using = router.db_for_read(Document)
    sql = f"SELECT d.body FROM {Document._meta.db_table} d WHERE d.type = %s AND d.slug = %s"
    with connections[using].cursor() as cursor:
        cursor.execute(f"{sql} AND {SERVABLE} LIMIT 1", [type_, slug, *servable_params(using)])
        row = cursor.fetchone()
    if row is None:
        return None
    origin = f"{request.scheme}://{request.get_host()}"
    return bytes(row[0]).replace(PLACEHOLDER_ORIGIN.encode(), origin.encode())
