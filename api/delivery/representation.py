"""The representation cache: public GET responses kept as rendered bytes, per public version.

A hit costs a dictionary lookup in this process: no database query (the public version is
read at most once per CONTENT_VERSION_TTL seconds per process), no view, no serializer.
With REDIS_URL set, rendered bodies are shared by every worker and server through Redis; the
hot bodies stay in each process's memory as well.
"""

from __future__ import annotations

import datetime
import hashlib
from collections import OrderedDict
from collections.abc import Callable

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import MiddlewareNotUsed
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.utils.http import parse_http_date_safe

from api.delivery.conditional import conditional_response, has_preconditions
from symptoms.changes.versioning import HotVersion, Version

VersionKey = tuple[int, int]

# Per request or per connection: never replayed from the cache.
UNSTORED_HEADERS = {"date", "set-cookie", "x-request-id"}


class Entry:
    __slots__ = ("body", "etag", "headers", "last_modified")

    def __init__(self, body: bytes, etag: str, headers: list[tuple[str, str]]) -> None:
        self.body, self.etag, self.headers = body, etag, headers
        modified = next((v for k, v in headers if k.lower() == "last-modified"), None)
        since_epoch = parse_http_date_safe(modified) if modified else None
        self.last_modified = (
            None
            if since_epoch is None
            else datetime.datetime.fromtimestamp(since_epoch, datetime.UTC)
        )

    @property
    def size(self) -> int:
        return len(self.body) + 200


class LocalBodies:
    """This process's bodies for one public version, least recently used dropped first."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.version: VersionKey | None = None
        self.entries: OrderedDict[str, Entry] = OrderedDict()
        self.bytes = 0

    def current(self, version: VersionKey) -> bool:
        """Move to a newer version (dropping every body); False for an older one."""
        if self.version is None or version > self.version:
            self.version, self.bytes = version, 0
            self.entries.clear()
        return version == self.version

    def get(self, version: VersionKey, key: str) -> Entry | None:
        if not self.current(version):
            return None
        entry = self.entries.get(key)
        if entry is not None:
            self.entries.move_to_end(key)
        return entry

    def put(self, version: VersionKey, key: str, entry: Entry) -> None:
        if not self.current(version) or entry.size > self.max_bytes:
            return
        previous = self.entries.pop(key, None)
        self.bytes += entry.size - (previous.size if previous else 0)
        self.entries[key] = entry
        while self.bytes > self.max_bytes:
            _, dropped = self.entries.popitem(last=False)
            self.bytes -= dropped.size


def etag_of(body: bytes) -> str:
    return f'"{hashlib.blake2b(body, digest_size=16).hexdigest()}"'


def answer_to_preconditions(request: HttpRequest, entry: Entry) -> HttpResponseBase | None:
    """The 304 (or 412) for a client whose copy `entry` is, or None (api.delivery.conditional:
    the one reading of preconditions)."""
    if not has_preconditions(request):
        return None
    return conditional_response(request, entry.etag, entry.last_modified, replayed(entry))


def replayed(entry: Entry) -> HttpResponse:
    response = HttpResponse(entry.body)
    for name, value in entry.headers:
        response[name] = value
    return response


class ContentVersionMiddleware:
    """Puts this process's public version on public reads: `request.content_version`, a
    `symptoms.changes.versioning.Version`. Not `request.version`: DRF's API versioning owns
    that name.

    Read from the database at most once per `CONTENT_VERSION_TTL` seconds (`HotVersion`),
    before anything is rendered. The representation cache keys bodies, the views key list
    counts and derive their validators on it (api.delivery's rule).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response
        self.paths = tuple(settings.REPRESENTATION_CACHE_PATHS)
        self.version = HotVersion(ttl=settings.CONTENT_VERSION_TTL)

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if request.method in ("GET", "HEAD") and request.path.startswith(self.paths):
            request.content_version = self.version.get()  # type: ignore[attr-defined]
        return self.get_response(request)


class RepresentationCacheMiddleware:
    """Answers public GETs (REPRESENTATION_CACHE_PATHS) from the rendered-body cache."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        if not settings.API_REPRESENTATION_CACHE:
            raise MiddlewareNotUsed
        self.get_response = get_response
        self.paths = tuple(settings.REPRESENTATION_CACHE_PATHS)
        self.local = LocalBodies(settings.API_REPRESENTATION_CACHE_MB * 1024 * 1024)
        self.shared = caches["default"] if settings.REDIS_URL else None

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if request.method != "GET" or not request.path.startswith(self.paths):
            return self.get_response(request)
        # The version was read before anything is rendered: a body stored under a version is
        # never older than that version.
        version: Version = request.content_version  # type: ignore[attr-defined]
        key = self.key(request)
        entry = self.local.get(version.key, key)
        shared_key = "representation:{}.{}:{}".format(*version.key, key)
        if entry is None and self.shared is not None:
            entry = self.shared.get(shared_key)
            if entry is not None:
                self.local.put(version.key, key, entry)
        if entry is not None:
            return self.replay(request, entry)
        response = self.get_response(request)
        entry = self.storable(response)
        if entry is None:
            return response
        self.local.put(version.key, key, entry)
        if self.shared is not None:
            self.shared.set(shared_key, entry, timeout=24 * 3600)
        if response.get("ETag") is None:
            response["ETag"] = entry.etag
        return answer_to_preconditions(request, entry) or response

    @staticmethod
    def key(request: HttpRequest) -> str:
        """The response depends on the URL (host included: links are absolute) and Accept."""
        raw = f"{request.scheme}://{request.get_host()}{request.get_full_path()}|"
        raw += request.headers.get("Accept", "")
        return hashlib.blake2b(raw.encode(), digest_size=20).hexdigest()

    @staticmethod
    def storable(response: HttpResponseBase) -> Entry | None:
        """Successful JSON that is the same for everyone; anything else is left alone."""
        if not isinstance(response, HttpResponse) or response.status_code != 200:
            return None
        if response.cookies:
            return None
        if not response.get("Content-Type", "").startswith("application/json"):
            return None
        if "private" in response.get("Cache-Control", "") or "no-store" in response.get(
            "Cache-Control", ""
        ):
            return None
        body = response.content
        etag = response.get("ETag") or etag_of(body)
        headers = [
            (name, value)
            for name, value in response.items()
            if name.lower() not in UNSTORED_HEADERS
        ]
        if response.get("ETag") is None:
            headers.append(("ETag", etag))
        return Entry(body, etag, headers)

    def replay(self, request: HttpRequest, entry: Entry) -> HttpResponseBase:
        return answer_to_preconditions(request, entry) or replayed(entry)
