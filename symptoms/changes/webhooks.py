"""Webhook delivery: queue outbox changes per endpoint, sign them, POST them (several at a
time, each bounded by WEBHOOK_TIMEOUT_SECONDS), retry with backoff."""

from __future__ import annotations

import datetime
import functools
import hashlib
import hmac
import json
import logging
import secrets
import time
from collections.abc import Callable
from concurrent import futures
from concurrent.futures import Future, ThreadPoolExecutor

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from symptoms.changes import outbox as changes
from symptoms.changes import webhook_transport
from symptoms.changes.webhook_transport import Outcome
from symptoms.models import ContentChange, WebhookDelivery, WebhookEndpoint

logger = logging.getLogger(__name__)
SIGNATURE_HEADER = "X-Webhook-Signature"
MAX_BACKOFF = datetime.timedelta(hours=6)
# Seconds a worker may take past an attempt's end to record it (a pass of its other jobs).
LEASE_MARGIN = 60
Pending = WebhookDelivery.Status.PENDING


def new_secret() -> str:
    """A secret for a new endpoint, or to replace one: 256 random bits, URL-safe."""
    return secrets.token_urlsafe(32)


def masked(secret: str) -> str:
    """A secret as pages show it once it was set: enough to tell two apart, not to sign."""
    return f"{'•' * 8}{secret[-4:]}" if len(secret) >= 24 else "•" * 8


def sign(secret: str, timestamp: int, body: bytes) -> str:
    """The signature header's value: HMAC-SHA256 of `<timestamp>.<body>` with the secret."""
    message = str(timestamp).encode() + b"." + body
    digest = hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def verify(
    secret: str, header: str, body: bytes, *, tolerance: int = 300, now: float | None = None
) -> bool:
    """What a consumer does: a valid signature, made less than `tolerance` seconds ago."""
    parts = dict(part.split("=", 1) for part in header.split(",") if "=" in part)
    try:
        timestamp = int(parts["t"])
    except (KeyError, ValueError):
        return False
    if abs((now or time.time()) - timestamp) > tolerance:
        return False
    expected = sign(secret, timestamp, body).split("v1=", 1)[1]
    return hmac.compare_digest(expected, parts.get("v1", ""))


def fan_out(*, batch: int = 500) -> int:
    """Queue a delivery per active endpoint for each new change it subscribes to."""
    queued = 0
    for endpoint_id in WebhookEndpoint.objects.filter(active=True).values_list("pk", flat=True):
        with transaction.atomic():
            endpoint = (
                WebhookEndpoint.objects.select_for_update(skip_locked=True)
                .filter(pk=endpoint_id)
                .first()
            )
            if endpoint is None:
                continue
            new = list(
                ContentChange.objects.filter(pk__gt=endpoint.last_change_id or 0).order_by("pk")[
                    :batch
                ]
            )
            if not new:
                continue
            deliveries = [
                WebhookDelivery(endpoint=endpoint, change=change)
                for change in new
                if change.action in endpoint.events
            ]
            WebhookDelivery.objects.bulk_create(deliveries, ignore_conflicts=True)
            endpoint.last_change = new[-1]
            endpoint.save(update_fields=["last_change"])
            queued += len(deliveries)
    return queued


def lease() -> datetime.timedelta:
    """How long a claimed delivery is left to its worker: the whole attempt, with room for
    the worker to record the outcome after a pass of its other jobs."""
    return datetime.timedelta(seconds=settings.WEBHOOK_TIMEOUT_SECONDS * 2 + LEASE_MARGIN)


def _claim(limit: int) -> list[WebhookDelivery]:
    """Due deliveries, leased to this worker so that others running beside it skip them."""
    now = timezone.now()
    with transaction.atomic():
        due = list(
            WebhookDelivery.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(status=Pending, next_attempt_at__lte=now, endpoint__active=True)
            .select_related("endpoint", "change")
            .order_by("next_attempt_at", "pk")[:limit]
        )
        WebhookDelivery.objects.filter(pk__in=[d.pk for d in due]).update(
            next_attempt_at=now + lease()
        )
    return due


def payload(delivery: WebhookDelivery, item: dict[str, object]) -> bytes:
    body = {"id": delivery.pk, "event": delivery.change.action, "change": item}
    return json.dumps(body, separators=(",", ":")).encode()


def backoff(attempts: int) -> datetime.timedelta:
    """Wait before attempt `attempts + 1`: the base delay, doubled after every failure."""
    delay = datetime.timedelta(seconds=settings.WEBHOOK_RETRY_BASE_SECONDS * 2 ** (attempts - 1))
    return min(delay, MAX_BACKOFF)


def _send(delivery: WebhookDelivery, item: dict[str, object]) -> Callable[[], Outcome]:
    """The POST of one delivery, ready to run on any thread (it touches no database)."""
    body = payload(delivery, item)
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "healthcontent-webhooks/1",
        "X-Webhook-Id": str(delivery.pk),
        "X-Webhook-Event": delivery.change.action,
        SIGNATURE_HEADER: sign(delivery.endpoint.secret, int(time.time()), body),
    }
    url, timeout = delivery.endpoint.url, settings.WEBHOOK_TIMEOUT_SECONDS
    return functools.partial(webhook_transport.post, url, body, headers, timeout=timeout)


def record(delivery: WebhookDelivery, outcome: Outcome) -> WebhookDelivery:
    """Save an attempt's outcome: delivered, retry later, or given up."""
    now = timezone.now()
    delivery.attempts += 1
    delivery.response_code, delivery.last_error = outcome.code, outcome.error
    if outcome.delivered:
        delivery.status, delivery.delivered_at = WebhookDelivery.Status.DELIVERED, now
    elif delivery.attempts >= settings.WEBHOOK_MAX_ATTEMPTS:
        delivery.status = WebhookDelivery.Status.FAILED
    else:
        delivery.next_attempt_at = now + backoff(delivery.attempts)
    delivery.save()
    return delivery


def _item(delivery: WebhookDelivery) -> dict[str, object]:
    return changes.describe(delivery.change, base_url=settings.SITE_URL)


def attempt(delivery: WebhookDelivery, item: dict[str, object]) -> WebhookDelivery:
    """POST one delivery on this thread and record the outcome."""
    return record(delivery, _send(delivery, item)())


def _outcome(future: Future[Outcome]) -> Outcome:
    if (failure := future.exception()) is None:
        return future.result()
    logger.error("webhook POST raised", exc_info=failure)
    return Outcome(error="connection failed")


class Dispatcher:
    """Sends claimed deliveries from a small pool of threads, so that a slow receiver holds
    one thread for at most WEBHOOK_TIMEOUT_SECONDS and nothing else.

    Only the POSTs run on the pool: claiming and recording stay on the caller's thread, the
    one that holds the database connection. A delivery is claimed only when a thread is free
    for it, so its attempt starts at once and ends well within its lease.
    """

    def __init__(self, concurrency: int | None = None):
        self.concurrency = max(1, concurrency or settings.WEBHOOK_CONCURRENCY)
        self._pool = ThreadPoolExecutor(self.concurrency, thread_name_prefix="webhook")
        self._in_flight: dict[Future[Outcome], WebhookDelivery] = {}

    @property
    def in_flight(self) -> int:
        return len(self._in_flight)

    def dispatch(self, limit: int) -> int:
        """Claim due deliveries for the free threads (at most `limit`) and start their POSTs."""
        free = min(limit, self.concurrency - self.in_flight)
        claimed = _claim(free) if free > 0 else []
        for delivery in claimed:
            self._in_flight[self._pool.submit(_send(delivery, _item(delivery)))] = delivery
        return len(claimed)

    def wait(self, timeout: float) -> None:
        """Until one POST in flight ends, or `timeout` seconds."""
        if self._in_flight:
            futures.wait(self._in_flight, timeout, return_when=futures.FIRST_COMPLETED)

    def collect(self) -> list[WebhookDelivery]:
        """Record the outcome of every POST that has ended."""
        ended = [future for future in self._in_flight if future.done()]
        return [record(self._in_flight.pop(future), _outcome(future)) for future in ended]

    def drain(self) -> list[WebhookDelivery]:
        """Wait for every POST in flight (each ends within its timeout) and record them."""
        futures.wait(self._in_flight)
        return self.collect()

    def run_due(self, limit: int) -> list[WebhookDelivery]:
        """Attempt due deliveries once each (at most `limit`) and wait until all are recorded."""
        recorded, claimed = [], 0
        while (started := self.dispatch(limit - claimed)) or self.in_flight:
            claimed += started
            self.wait(settings.WEBHOOK_TIMEOUT_SECONDS)
            recorded += self.collect()
        return recorded

    def close(self) -> list[WebhookDelivery]:
        recorded = self.drain()
        self._pool.shutdown()
        return recorded


def deliver_due(*, limit: int = 100, concurrency: int | None = None) -> list[WebhookDelivery]:
    """Attempt due deliveries once each (at most `limit`), several at a time."""
    dispatcher = Dispatcher(concurrency)
    try:
        return dispatcher.run_due(limit)
    finally:
        dispatcher.close()
