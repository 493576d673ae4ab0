"""Webhook attempts are bounded in time, and a slow receiver holds up nothing else."""

import datetime
import socket
import threading
import time

import pytest
from django.utils import timezone

from symptoms.changes import webhooks
from symptoms.changes.worker import Worker
from symptoms.models import ContentChange, WebhookDelivery, WebhookEndpoint
from tests.factories import SymptomFactory
from tests.symptoms.changes.test_webhooks import SECRET, Receiver

pytestmark = pytest.mark.django_db
ANSWER = b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"
TIMEOUT = 2
MARGIN = 1.5


class Trickler:
    """A receiver on 127.0.0.1 that answers one byte a second (so no single read times out)."""

    def __init__(self):
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.listener.settimeout(0.2)
        self.url = f"http://127.0.0.1:{self.listener.getsockname()[1]}/hooks"
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        while not self.stop.is_set():
            try:
                connection, _ = self.listener.accept()
            except TimeoutError:
                continue
            threading.Thread(target=self._trickle, args=(connection,), daemon=True).start()

    def _trickle(self, connection):
        with connection:
            connection.recv(65536)
            for byte in ANSWER:
                if self.stop.wait(1):
                    return
                try:
                    connection.sendall(bytes([byte]))
                except OSError:
                    return

    def close(self):
        self.stop.set()
        self.thread.join()
        self.listener.close()


@pytest.fixture
def local_receivers(settings):
    settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = True
    settings.WEBHOOK_TIMEOUT_SECONDS = TIMEOUT
    slow = Trickler()
    try:
        with Receiver() as fast:
            yield slow, fast
    finally:
        slow.close()


def _delivery(url: str) -> WebhookDelivery:
    return WebhookDelivery.objects.get(endpoint__url=url)


def test_a_trickling_receiver_is_cut_off_at_the_timeout_and_retried_later(local_receivers):
    slow, _ = local_receivers
    WebhookEndpoint.objects.create(url=slow.url, secret=SECRET)
    SymptomFactory()
    webhooks.fan_out()

    started = time.monotonic()
    webhooks.deliver_due()
    elapsed = time.monotonic() - started

    assert elapsed < TIMEOUT + MARGIN
    delivery = _delivery(slow.url)
    assert (delivery.status, delivery.attempts, delivery.response_code) == ("pending", 1, None)
    assert delivery.last_error == "timed out"
    assert delivery.next_attempt_at > timezone.now()


def test_a_slow_receiver_does_not_hold_up_a_fast_one(local_receivers):
    slow, fast = local_receivers
    WebhookEndpoint.objects.create(url=slow.url, secret=SECRET)
    WebhookEndpoint.objects.create(url=fast.url, secret=SECRET)
    SymptomFactory()
    webhooks.fan_out()
    dispatcher = webhooks.Dispatcher(concurrency=2)

    started = time.monotonic()
    assert dispatcher.dispatch(limit=10) == 2
    dispatcher.wait(TIMEOUT)
    first = dispatcher.collect()

    assert time.monotonic() - started < 1
    assert [d.endpoint.url for d in first] == [fast.url] and first[0].status == "delivered"
    assert dispatcher.in_flight == 1
    assert [d.endpoint.url for d in dispatcher.close()] == [slow.url]
    assert time.monotonic() - started < TIMEOUT + MARGIN


def test_a_claimed_delivery_is_leased_for_longer_than_its_whole_attempt(local_receivers):
    slow, _ = local_receivers
    WebhookEndpoint.objects.create(url=slow.url, secret=SECRET)
    SymptomFactory()
    webhooks.fan_out()
    dispatcher = webhooks.Dispatcher(concurrency=1)

    dispatcher.dispatch(limit=1)
    leased_until = _delivery(slow.url).next_attempt_at

    assert leased_until - timezone.now() > datetime.timedelta(seconds=2 * TIMEOUT)
    dispatcher.close()


def test_the_worker_records_a_scheduled_publication_while_a_slow_delivery_is_in_flight(
    local_receivers,
):
    slow, _ = local_receivers
    WebhookEndpoint.objects.create(url=slow.url, secret=SECRET)
    symptom = SymptomFactory(published_at=timezone.now() + datetime.timedelta(hours=1))
    SymptomFactory()
    worker = Worker(concurrency=2)
    stop = threading.Event()

    worker.run_pass(type(worker), interval=0, stop=stop)
    assert worker.deliveries.in_flight == 1
    type(symptom).objects.filter(pk=symptom.pk).update(published_at=timezone.now())
    started = time.monotonic()
    done = worker.run_pass(type(worker), interval=0, stop=stop)

    assert time.monotonic() - started < 1
    assert done.published == 1
    assert worker.deliveries.in_flight == 2  # the first one still, and the publication's
    assert ContentChange.objects.filter(uid=symptom.uid, action="publish").exists()
    worker.close()


def test_a_post_that_raises_is_recorded_as_a_failed_attempt(monkeypatch, settings):
    def broken(*args, **kwargs):
        raise RuntimeError("unexpected")

    monkeypatch.setattr(webhooks.webhook_transport, "post", broken)
    WebhookEndpoint.objects.create(url="https://hooks.example/hooks", secret=SECRET)
    SymptomFactory()
    webhooks.fan_out()

    [delivery] = webhooks.deliver_due()

    assert (delivery.status, delivery.attempts, delivery.last_error) == (
        "pending",
        1,
        "connection failed",
    )
