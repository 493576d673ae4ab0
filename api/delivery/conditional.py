"""HTTP caching of public reads: ETag and Last-Modified from the public version, 304s.

The validators of any response come from the public version (api.delivery's rule) without
building the response. Preconditions are evaluated by Django's own
`django.utils.cache.get_conditional_response` (RFC 9110: `*`, weak comparison, If-Match),
here and in the representation cache alike.
"""

from __future__ import annotations

import copy
import datetime
import hashlib
import time
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date, parse_http_date_safe
from rest_framework.request import Request
from rest_framework.response import Response

from symptoms.changes import versioning


def validators(
    request: Request | HttpRequest, media_type: str, version: versioning.Version
) -> tuple[str, datetime.datetime]:
    """(ETag, Last-Modified) of the response to `request` in `media_type` at `version`."""
    epoch, change = version.key
    identity = f"{change}/{epoch}\n{request.get_full_path()}\n{media_type}"
    etag = '"' + hashlib.sha256(identity.encode()).hexdigest()[:32] + '"'
    return etag, version.last_modified


def _without_future_dates(request: HttpRequest) -> HttpRequest:
    """The request, with an If-Modified-Since later than now left out (RFC 9110 §13.1.3: no
    Last-Modified this server sent can be in the future, so such a date would turn every
    later change into a 304)."""
    since = parse_http_date_safe(request.META.get("HTTP_IF_MODIFIED_SINCE", ""))
    if since is None or since <= time.time():
        return request
    shown = copy.copy(request)
    shown.META = {k: v for k, v in request.META.items() if k != "HTTP_IF_MODIFIED_SINCE"}
    return shown


PRECONDITIONS = (
    "HTTP_IF_MATCH",
    "HTTP_IF_NONE_MATCH",
    "HTTP_IF_MODIFIED_SINCE",
    "HTTP_IF_UNMODIFIED_SINCE",
)


def has_preconditions(request: Request | HttpRequest) -> bool:
    return any(header in request.META for header in PRECONDITIONS)


def conditional_response(
    request: Request | HttpRequest,
    etag: str,
    last_modified: datetime.datetime | None,
    response: HttpResponseBase | None = None,
) -> HttpResponseBase | None:
    """The 304 (or 412) the client's preconditions call for, or None: send the response."""
    if not has_preconditions(request):
        return None
    django_request = request._request if isinstance(request, Request) else request
    timestamp = int(last_modified.timestamp()) if last_modified else None
    answer = get_conditional_response(
        _without_future_dates(django_request),
        etag,
        timestamp,
        response,  # type: ignore[arg-type]  # Django reads only its status code
    )
    return None if answer is None or answer is response else answer


def apply_headers(response: HttpResponseBase, etag: str, last_modified: datetime.datetime) -> None:
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified.timestamp())
    patch_cache_control(response, public=True, max_age=settings.API_CACHE_MAX_AGE)
    patch_vary_headers(response, ["Accept"])


class PreconditionAnswered(Exception):
    """The client's preconditions decided the answer (a 304, or a 412)."""

    def __init__(self, response: HttpResponseBase) -> None:
        super().__init__(response.status_code)
        self.response = response


class ConditionalGetMixin:
    """For views of public content: validators on every GET, 304 when the client's match.

    Compared only once the request is known to be valid, so that a bad query parameter is
    a 400 and an unknown slug a 404, whatever the client sends: a list calls
    `raise_if_not_modified` once its parameters are read, a detail once its record is found.
    """

    validators: tuple[str, datetime.datetime] | None = None
    # The public version the request came in at (None: not public content).
    content_version: versioning.Version | None = None
    # False for responses that show unpublished content: they are never cached nor validated.
    public_cache = True
    request: Request

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)  # type: ignore[misc]
        if not self.public_cache:
            return
        # A request that came in without the middleware reads the version itself.
        version = getattr(request, "content_version", None) or versioning.current()
        self.content_version = version
        self.validators = validators(request, request.accepted_renderer.media_type, version)

    def raise_if_not_modified(self) -> None:
        if self.validators is None:
            return
        answer = conditional_response(self.request, *self.validators)
        if answer is not None:
            raise PreconditionAnswered(answer)

    def get_object(self) -> Any:
        record = super().get_object()  # type: ignore[misc]
        self.raise_if_not_modified()
        return record

    def handle_exception(self, exc: Exception) -> HttpResponseBase:
        if isinstance(exc, PreconditionAnswered):
            if exc.response.status_code == 304:
                return Response(status=304)
            return exc.response
        return super().handle_exception(exc)  # type: ignore[misc,no-any-return]

    def finalize_response(
        self, request: Request, response: HttpResponseBase, *args: Any, **kwargs: Any
    ) -> HttpResponseBase:
        response = super().finalize_response(request, response, *args, **kwargs)  # type: ignore[misc]
        if self.validators and response.status_code in (200, 304):
            apply_headers(response, *self.validators)
        return response
