"""The representation cache: public GET responses kept as rendered bytes, per content version.

A hit costs a dictionary lookup in this process: no database query (the content version is
read at most once per CONTENT_VERSION_TTL seconds per process), no view, no serializer.
With REDIS_URL set, rendered bodies are shared by every worker and server through Redis; the
hot bodies stay in each process's memory as well.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import MiddlewareNotUsed
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils.http import parse_http_date_safe

from api.delivery.conditional import modified_since
from symptoms.changes.versioning import HotVersion

# Per request or per connection: never replayed from the cache.
UNSTORED_HEADERS = {"date", "set-cookie", "x-request-id"}


class Entry:
    __slots__ = ("body", "etag", "headers")

    def __init__(self, body: bytes, etag: str, headers: list[tuple[str, str]]) -> None:
        self.body, self.etag, self.headers = body, etag, headers

    @property
    def size(self) -> int:
        return len(self.body) + 200


class LocalBodies:
    """This process's bodies for one content version, least recently used dropped first."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.version: int | None = None
        self.entries: OrderedDict[str, Entry] = OrderedDict()
        self.bytes = 0

    def current(self, version: int) -> bool:
        """Move to a newer version (dropping every body); False for an older one."""
        if self.version is None or version > self.version:
            self.version, self.bytes = version, 0
            self.entries.clear()
        return version == self.version

    def get(self, version: int, key: str) -> Entry | None:
        if not self.current(version):
            return None
        entry = self.entries.get(key)
        if entry is not None:
            self.entries.move_to_end(key)
        return entry

    def put(self, version: int, key: str, entry: Entry) -> None:
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


def matches(request: HttpRequest, entry: Entry) -> bool:
    """The client's copy is current: If-None-Match first, else If-Modified-Since (RFC 9110)."""
    header = request.headers.get("If-None-Match")
    if header:
        return header.strip() == "*" or entry.etag in (tag.strip() for tag in header.split(","))
    since = modified_since(request)
    modified = dict((name.lower(), value) for name, value in entry.headers).get("last-modified")
    return since is not None and modified is not None and parse_http_date_safe(modified) <= since


class ContentVersionMiddleware:
    """Puts this process's content version on public reads: `request.content_version`, its
    counter, and `request.content_version_state`, the whole `symptoms.changes.versioning.Version`
    (with the scheduled publications around now). Not `request.version`: DRF's API
    versioning owns that name.

    Read from the database at most once per `CONTENT_VERSION_TTL` seconds (`HotVersion`),
    before anything is rendered. The representation cache keys bodies and the views key list
    counts on the version; the views' validators change with the next publication time (see
    api.delivery.conditional), so all of them move when scheduled content goes public.
    """

    def __init__(self, get_response) -> None:
        self.get_response = get_response
        self.paths = tuple(settings.REPRESENTATION_CACHE_PATHS)
        self.version = HotVersion(ttl=settings.CONTENT_VERSION_TTL)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method in ("GET", "HEAD") and request.path.startswith(self.paths):
            request.content_version_state = self.version.get()
            request.content_version = request.content_version_state.counter
        return self.get_response(request)


class RepresentationCacheMiddleware:
    """Answers public GETs (REPRESENTATION_CACHE_PATHS) from the rendered-body cache."""

    def __init__(self, get_response) -> None:
        if not settings.API_REPRESENTATION_CACHE:
            raise MiddlewareNotUsed
        self.get_response = get_response
        self.paths = tuple(settings.REPRESENTATION_CACHE_PATHS)
        self.local = LocalBodies(settings.API_REPRESENTATION_CACHE_MB * 1024 * 1024)
        self.shared = caches["default"] if settings.REDIS_URL else None

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method != "GET" or not request.path.startswith(self.paths):
            return self.get_response(request)
        # The version was read before anything is rendered: a body stored under a version is
        # never older than that version.
        version = request.content_version
        key = self.key(request)
        entry = self.local.get(version, key)
        if entry is None and self.shared is not None:
            entry = self.shared.get(f"representation:{version}:{key}")
            if entry is not None:
                self.local.put(version, key, entry)
        if entry is not None:
            return self.replay(request, entry)
        response = self.get_response(request)
        entry = self.storable(response)
        if entry is None:
            return response
        self.local.put(version, key, entry)
        if self.shared is not None:
            self.shared.set(f"representation:{version}:{key}", entry, timeout=24 * 3600)
        if response.get("ETag") is None:
            response["ETag"] = entry.etag
        if matches(request, entry):
            return self.not_modified(entry)
        return response

    @staticmethod
    def key(request: HttpRequest) -> str:
        """The response depends on the URL (host included: links are absolute) and Accept."""
        raw = f"{request.scheme}://{request.get_host()}{request.get_full_path()}|"
        raw += request.headers.get("Accept", "")
        return hashlib.blake2b(raw.encode(), digest_size=20).hexdigest()

    @staticmethod
    def storable(response: HttpResponse) -> Entry | None:
        """Successful JSON that is the same for everyone; anything else is left alone."""
        if response.status_code != 200 or response.streaming or response.cookies:
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

    @staticmethod
    def not_modified(entry: Entry) -> HttpResponse:
        response = HttpResponseNotModified()
        for name, value in entry.headers:
            if name.lower() in ("etag", "cache-control", "vary", "expires", "last-modified"):
                response[name] = value
        return response

    def replay(self, request: HttpRequest, entry: Entry) -> HttpResponse:
        if matches(request, entry):
            return self.not_modified(entry)
        response = HttpResponse(entry.body)
        for name, value in entry.headers:
            response[name] = value
        return response
