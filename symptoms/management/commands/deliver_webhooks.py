"""The background worker: puts due scheduled revisions live, records due scheduled
publications, runs the other apps' pass
work (`signals.worker_pass`: stored documents), queues and sends webhook deliveries."""

import signal
import threading

from django.core.management.base import BaseCommand

from symptoms.changes.worker import Pass, Worker


class Command(BaseCommand):
    help = (
        "The background worker: every pass puts scheduled revisions whose time has come live "
        "(as publish_scheduled does), records scheduled publications that came due, "
        "does the work left to it (stored documents too many for an edit to build), "
        "queues each new change for the endpoints subscribed to it and POSTs the due "
        "deliveries, several at a time beside the other jobs, each within "
        "WEBHOOK_TIMEOUT_SECONDS (failed ones are retried with exponential backoff). Runs "
        "until stopped (SIGTERM or Ctrl-C); --once makes a single pass. Several workers may "
        "run at once."
    )

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Make one pass, then exit.")
        parser.add_argument(
            "--interval",
            type=float,
            default=5.0,
            help="Seconds between passes of the other jobs (default 5); deliveries are sent "
            "as they come due in between.",
        )
        parser.add_argument(
            "--batch", type=int, default=100, help="Deliveries claimed per pass (default 100)."
        )
        parser.add_argument(
            "--concurrency",
            type=int,
            default=None,
            help="Deliveries sent at once (default: WEBHOOK_CONCURRENCY).",
        )

    def handle(self, *args, once: bool, interval: float, batch: int, concurrency, **options):
        worker = Worker(batch=batch, concurrency=concurrency)
        try:
            if once:
                self._report(worker.run_once(self.__class__))
                return
            stop = threading.Event()
            for signum in (signal.SIGTERM, signal.SIGINT):
                signal.signal(signum, lambda *_: stop.set())
            while not stop.is_set():
                self._report(worker.run_pass(self.__class__, interval=interval, stop=stop))
        finally:
            self._report(Pass(sent=worker.close()))

    def _report(self, done: Pass) -> None:
        for failure in done.failures:
            self.stderr.write(failure)
        for note in done.notes:
            self.stdout.write(note)
        if done.revisions or done.published or done.queued or done.sent:
            self.stdout.write(
                f"{done.revisions} scheduled revision(s) published, "
                f"{done.published} scheduled publication(s) recorded, {done.queued} "
                f"delivery(ies) queued, {done.delivered} of {len(done.sent)} attempt(s) "
                "delivered."
            )
