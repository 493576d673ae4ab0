"""The background worker: records due scheduled publications, runs the other apps' pass
work (`changes.worker_pass`: stored documents), queues and sends webhook deliveries."""

import signal
import threading

from django.core.management.base import BaseCommand

from symptoms import changes, webhooks


class Command(BaseCommand):
    help = (
        "The background worker: every pass records scheduled publications that came due, "
        "does the work left to it (stored documents too many for an edit to build), "
        "queues each new change for the endpoints subscribed to it and POSTs the due "
        "deliveries (failed ones are retried with exponential backoff). Runs until stopped "
        "(SIGTERM or Ctrl-C); --once makes a single pass. Several workers may run at once."
    )

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Make one pass, then exit.")
        parser.add_argument(
            "--interval",
            type=float,
            default=5.0,
            help="Seconds to wait between passes when there is nothing to send (default 5).",
        )
        parser.add_argument(
            "--batch", type=int, default=100, help="Deliveries attempted per pass (default 100)."
        )

    def handle(self, *args, once: bool, interval: float, batch: int, **options) -> None:
        stop = threading.Event()
        if not once:
            for signum in (signal.SIGTERM, signal.SIGINT):
                signal.signal(signum, lambda *_: stop.set())
        while True:
            published = changes.record_due_publications()
            for receiver, done in changes.worker_pass.send_robust(sender=self.__class__):
                if isinstance(done, Exception):
                    self.stderr.write(f"{receiver.__qualname__} failed: {done!r}")
                elif done:
                    self.stdout.write(f"{receiver.__qualname__}: {done}")
            queued = webhooks.fan_out()
            sent = webhooks.deliver_due(limit=batch)
            delivered = sum(d.status == d.Status.DELIVERED for d in sent)
            if published or queued or sent:
                self.stdout.write(
                    f"{len(published)} scheduled publication(s) recorded, {queued} delivery(ies) "
                    f"queued, {delivered} of {len(sent)} attempt(s) delivered."
                )
            if once or stop.is_set():
                return
            if len(sent) < batch:
                stop.wait(interval)
            if stop.is_set():
                return
