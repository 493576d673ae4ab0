"""Webhook delivery: queue outbox changes per endpoint, sign them, POST them, retry with backoff."""

from __future__ import annotations

import datetime
import hashlib
import hmac
import json
import time
import urllib.error
import urllib.request

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from symptoms import changes
from symptoms.models import ContentChange, WebhookDelivery, WebhookEndpoint

SIGNATURE_HEADER = "X-Webhook-Signature"
MAX_BACKOFF = datetime.timedelta(hours=6)
Pending = WebhookDelivery.Status.PENDING


def sign(secret: str, timestamp: int, body: bytes) -> str:
    """The signature header's value: HMAC-SHA256 of `<timestamp>.<body>` with the secret."""
    message = str(timestamp).encode() + b"." + body
    digest = hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def verify(secret: str, header: str, body: bytes, *, tolerance: int = 300, now=None) -> bool:
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
        lease = now + datetime.timedelta(seconds=settings.WEBHOOK_TIMEOUT_SECONDS * 2)
        WebhookDelivery.objects.filter(pk__in=[d.pk for d in due]).update(next_attempt_at=lease)
    return due


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect is an answer other than success: the body is never re-sent elsewhere."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


_opener = urllib.request.build_opener(_NoRedirects)


def payload(delivery: WebhookDelivery, item: dict) -> bytes:
    body = {"id": delivery.pk, "event": delivery.change.action, "change": item}
    return json.dumps(body, separators=(",", ":")).encode()


def backoff(attempts: int) -> datetime.timedelta:
    """Wait before attempt `attempts + 1`: the base delay, doubled after every failure."""
    delay = datetime.timedelta(seconds=settings.WEBHOOK_RETRY_BASE_SECONDS * 2 ** (attempts - 1))
    return min(delay, MAX_BACKOFF)


def attempt(delivery: WebhookDelivery, item: dict) -> WebhookDelivery:
    """POST one delivery and record the outcome: delivered, retry later, or given up."""
    body = payload(delivery, item)
    request = urllib.request.Request(
        delivery.endpoint.url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "User-Agent": "healthcontent-webhooks/1",
            "X-Webhook-Id": str(delivery.pk),
            "X-Webhook-Event": delivery.change.action,
            SIGNATURE_HEADER: sign(delivery.endpoint.secret, int(time.time()), body),
        },
    )
    code, error = None, ""
    try:
        with _opener.open(request, timeout=settings.WEBHOOK_TIMEOUT_SECONDS) as response:
            code = response.status
    except urllib.error.HTTPError as failure:
        code, error = failure.code, f"HTTP {failure.code} {failure.reason}"
    except (urllib.error.URLError, OSError, ValueError) as failure:
        error = str(getattr(failure, "reason", failure))
    now = timezone.now()
    delivery.attempts += 1
    delivery.response_code, delivery.last_error = code, error[:1000]
    if code is not None and 200 <= code < 300:
        delivery.status, delivery.delivered_at = WebhookDelivery.Status.DELIVERED, now
    elif delivery.attempts >= settings.WEBHOOK_MAX_ATTEMPTS:
        delivery.status = WebhookDelivery.Status.FAILED
    else:
        delivery.next_attempt_at = now + backoff(delivery.attempts)
    delivery.save()
    return delivery


def deliver_due(*, limit: int = 100) -> list[WebhookDelivery]:
    """Attempt every due delivery once, each with the change as the change feed shows it."""
    return [
        attempt(delivery, changes.describe(delivery.change, base_url=settings.SITE_URL))
        for delivery in _claim(limit)
    ]
