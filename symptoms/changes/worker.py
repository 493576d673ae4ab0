"""The background worker's loop: its chores on a fixed rhythm, webhook POSTs beside them.

Chores (putting scheduled revisions live, recording scheduled publications that came due,
the other apps' pass work through
`signals.worker_pass`, queueing deliveries) run on this thread at least every `interval`
seconds. The POSTs run on a `webhooks.Dispatcher`'s threads, so a slow receiver never
delays a chore, and no receiver holds a thread longer than WEBHOOK_TIMEOUT_SECONDS.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

from symptoms.changes import outbox, webhooks
from symptoms.changes.signals import worker_pass
from symptoms.editorial import scheduling
from symptoms.models import WebhookDelivery


@dataclass
class Pass:
    """What one pass did, for the worker's log."""

    published: int = 0
    revisions: int = 0
    queued: int = 0
    sent: list[WebhookDelivery] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)

    @property
    def delivered(self) -> int:
        return sum(d.status == WebhookDelivery.Status.DELIVERED for d in self.sent)

    def __bool__(self) -> bool:
        return bool(
            self.published
            or self.revisions
            or self.queued
            or self.sent
            or self.notes
            or self.failures
        )


class Worker:
    def __init__(self, *, batch: int = 100, concurrency: int | None = None):
        self.batch = batch
        self.deliveries = webhooks.Dispatcher(concurrency)

    def chores(self, sender: type) -> Pass:
        """Everything but the POSTs: scheduled revisions and publications, pass work, queueing
        deliveries."""
        done = Pass(revisions=len(scheduling.publish_due_revisions()))
        done.published = len(outbox.record_due_publications())
        for receiver, result in worker_pass.send_robust(sender=sender):
            if isinstance(result, Exception):
                done.failures.append(f"{receiver.__qualname__} failed: {result!r}")
            elif result:
                done.notes.append(f"{receiver.__qualname__}: {result}")
        done.queued = webhooks.fan_out()
        return done

    def run_pass(self, sender: type, *, interval: float, stop: threading.Event) -> Pass:
        """Chores, then POSTs for `interval` seconds (or until `batch` were claimed or `stop`)."""
        done, claimed = self.chores(sender), 0
        until = time.monotonic() + interval
        while not stop.is_set() and claimed < self.batch:
            claimed += self.deliveries.dispatch(self.batch - claimed)
            left = until - time.monotonic()
            if left <= 0:
                break
            if self.deliveries.in_flight:
                self.deliveries.wait(left)
            else:
                stop.wait(left)
            done.sent += self.deliveries.collect()
        done.sent += self.deliveries.collect()
        return done

    def run_once(self, sender: type) -> Pass:
        """One pass whose every claimed POST has ended and been recorded."""
        done = self.chores(sender)
        done.sent = self.deliveries.run_due(self.batch)
        return done

    def close(self) -> list[WebhookDelivery]:
        """Let the POSTs in flight end (each within its timeout) and record them."""
        return self.deliveries.close()
