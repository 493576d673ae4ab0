"""HTTP caching of public reads: ETag and Last-Modified from the content version, 304s.

Every change of public content is one row in the outbox (symptoms.changes.outbox), so the latest
row's id is a version of everything the public can see: one indexed query gives the
validators of any response without building it. Content scheduled for later goes public
without a change of its own until the worker records it, so the ETag also carries the time
the next scheduled content goes public (symptoms.changes.versioning), which moves on to the one
after when that time comes, and Last-Modified is never earlier than when scheduled content
last went public. An edit anywhere
changes every ETag, which costs clients a revalidation but can never serve them a stale
linked name.
"""

from __future__ import annotations

import datetime
import hashlib
import time

from django.conf import settings
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import http_date, parse_etags, parse_http_date_safe
from rest_framework.response import Response

from symptoms.changes import outbox as changes
from symptoms.changes import versioning

EPOCH = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)


def validators(request, media_type: str, head, version: versioning.Version):
    """(ETag, Last-Modified) of the response to `request` in `media_type`, at change `head`
    and the scheduled publications of `version`."""
    scheduled = version.next_change.isoformat() if version.next_change else "-"
    identity = f"{head.pk if head else 0}/{scheduled}\n{request.get_full_path()}\n{media_type}"
    etag = '"' + hashlib.sha256(identity.encode()).hexdigest()[:32] + '"'
    modified = max(head.time if head else EPOCH, version.last_went_public or EPOCH)
    return etag, modified.replace(microsecond=0)


def not_modified(request, etag: str, last_modified: datetime.datetime) -> bool:
    """RFC 9110: If-None-Match wins; If-Modified-Since is read only without it."""
    if_none_match = request.META.get("HTTP_IF_NONE_MATCH")
    if if_none_match:
        tags = parse_etags(if_none_match)
        return etag in tags or f"W/{etag}" in tags
    since = modified_since(request)
    return since is not None and int(last_modified.timestamp()) <= since


def modified_since(request) -> int | None:
    """The `If-Modified-Since` date as a timestamp, or None when it is to be ignored: absent,
    not a date, or later than now (RFC 9110 §13.1.3: no Last-Modified this server sent can
    be in the future, so such a date would turn every later change into a 304)."""
    since = parse_http_date_safe(request.META.get("HTTP_IF_MODIFIED_SINCE", ""))
    if since is None or since > time.time():
        return None
    return since


def apply_headers(response, etag: str, last_modified: datetime.datetime) -> None:
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified.timestamp())
    patch_cache_control(response, public=True, max_age=settings.API_CACHE_MAX_AGE)
    patch_vary_headers(response, ["Accept"])


class NotModified(Exception):
    """The client's copy is current: answered with 304 and no body."""


class ConditionalGetMixin:
    """For views of public content: validators on every GET, 304 when the client's match.

    A list is compared as soon as the request comes in; a detail only once its record is
    found, so that an unknown slug is a 404 whatever the client sends.
    """

    validators: tuple[str, datetime.datetime] | None = None
    # The content version the request came in at (None: not public content).
    content_version: int | None = None
    # False for responses that show unpublished content: they are never cached nor validated.
    public_cache = True

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if not self.public_cache:
            return
        # A request that came in without the middleware reads the version itself.
        version = getattr(request, "content_version_state", None) or versioning.current()
        self.content_version = version.counter
        self.validators = validators(
            request, request.accepted_renderer.media_type, changes.head(), version
        )
        if not self.detail:
            self.raise_if_not_modified()

    def raise_if_not_modified(self) -> None:
        if self.validators and not_modified(self.request, *self.validators):
            raise NotModified

    def get_object(self):
        record = super().get_object()
        self.raise_if_not_modified()
        return record

    def handle_exception(self, exc):
        if isinstance(exc, NotModified):
            return Response(status=304)
        return super().handle_exception(exc)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if self.validators and response.status_code in (200, 304):
            apply_headers(response, *self.validators)
        return response
