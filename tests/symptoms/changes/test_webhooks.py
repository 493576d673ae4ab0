import datetime
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from symptoms.changes import webhooks
from symptoms.models import WebhookDelivery, WebhookEndpoint
from tests.factories import SymptomFactory

pytestmark = pytest.mark.django_db
SECRET = "a-long-shared-secret-for-tests-0123456789"


class Receiver:
    """A consumer's endpoint on 127.0.0.1 that records what it is sent."""

    def __init__(self):
        self.requests: list[tuple[dict, bytes]] = []
        self.status = 200
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.requests.append((dict(self.headers), body))
                self.send_response(receiver.status)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hooks"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver(settings):
    settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = True
    with Receiver() as running:
        yield running


def _run_worker() -> str:
    out = StringIO()
    call_command("deliver_webhooks", "--once", stdout=out)
    return out.getvalue()


def test_a_change_is_posted_signed_and_logged(receiver):
    endpoint = WebhookEndpoint.objects.create(url=receiver.url, secret=SECRET)
    symptom = SymptomFactory(slug="twitch")

    output = _run_worker()

    headers, body = receiver.requests[0]
    payload = json.loads(body)
    assert payload["event"] == "create"
    assert payload["change"]["slug"] == "twitch" and payload["change"]["id"] == str(symptom.uid)
    assert payload["change"]["url"].endswith("/api/v1/symptoms/twitch/")
    assert webhooks.verify(SECRET, headers["X-Webhook-Signature"], body)
    assert not webhooks.verify("another-secret", headers["X-Webhook-Signature"], body)
    delivery = WebhookDelivery.objects.get(endpoint=endpoint)
    assert (delivery.status, delivery.response_code, delivery.attempts) == ("delivered", 200, 1)
    assert headers["X-Webhook-Id"] == str(delivery.pk)
    assert "1 of 1 attempt(s) delivered" in output


def test_a_replayed_signature_is_rejected_once_it_is_old():
    body = b'{"id":1}'
    header = webhooks.sign(SECRET, 1_000_000, body)
    assert webhooks.verify(SECRET, header, body, now=1_000_000 + 60)
    assert not webhooks.verify(SECRET, header, body, now=1_000_000 + 301)
    assert not webhooks.verify(SECRET, header, body + b" ", now=1_000_000)


def test_failures_are_retried_with_exponential_backoff_then_given_up(receiver, settings):
    settings.WEBHOOK_MAX_ATTEMPTS = 3
    settings.WEBHOOK_RETRY_BASE_SECONDS = 30
    receiver.status = 503
    WebhookEndpoint.objects.create(url=receiver.url, secret=SECRET)
    SymptomFactory()
    delays = []
    for _ in range(3):
        before = timezone.now()
        _run_worker()
        delivery = WebhookDelivery.objects.get()
        delays.append(round((delivery.next_attempt_at - before).total_seconds() / 30))
        WebhookDelivery.objects.update(next_attempt_at=timezone.now())
    assert len(receiver.requests) == 3
    assert (delivery.status, delivery.response_code, delivery.attempts) == ("failed", 503, 3)
    assert delays[:2] == [1, 2]


def test_a_delivery_is_not_sent_before_its_next_attempt(receiver):
    receiver.status = 500
    WebhookEndpoint.objects.create(url=receiver.url, secret=SECRET)
    SymptomFactory()
    _run_worker()
    _run_worker()
    assert len(receiver.requests) == 1
    delivery = WebhookDelivery.objects.get()
    assert delivery.next_attempt_at > timezone.now() and delivery.last_error == "HTTP 500"


def test_an_unreachable_endpoint_is_logged_and_retried(settings):
    settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = True
    WebhookEndpoint.objects.create(url="http://127.0.0.1:9/hooks", secret=SECRET)
    SymptomFactory()
    _run_worker()
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.response_code, delivery.attempts) == ("pending", None, 1)
    assert delivery.last_error == "connection failed"


def test_only_subscribed_events_are_sent(receiver):
    WebhookEndpoint.objects.create(url=receiver.url, secret=SECRET, events=["delete"])
    symptom = SymptomFactory()
    symptom.delete()
    _run_worker()
    assert [json.loads(body)["event"] for _, body in receiver.requests] == ["delete"]


def test_a_new_endpoint_starts_from_now_not_from_the_whole_history(receiver):
    SymptomFactory(slug="old")
    WebhookEndpoint.objects.create(url=receiver.url, secret=SECRET)
    SymptomFactory(slug="new")
    _run_worker()
    assert [json.loads(body)["change"]["slug"] for _, body in receiver.requests] == ["new"]


def test_inactive_endpoints_receive_nothing(receiver):
    WebhookEndpoint.objects.create(url=receiver.url, secret=SECRET, active=False)
    SymptomFactory()
    _run_worker()
    assert receiver.requests == []


def test_the_worker_records_scheduled_publications_that_came_due(receiver):
    WebhookEndpoint.objects.create(url=receiver.url, secret=SECRET)
    later = timezone.now() + datetime.timedelta(hours=1)
    symptom = SymptomFactory(slug="scheduled", published_at=later)
    _run_worker()
    assert receiver.requests == []
    type(symptom).objects.filter(pk=symptom.pk).update(published_at=timezone.now())
    _run_worker()
    assert [json.loads(body)["event"] for _, body in receiver.requests] == ["publish"]


def test_the_admin_lists_endpoints_and_deliveries(staff_client, receiver):
    response = staff_client.post(
        "/admin/symptoms/webhookendpoint/add/",
        {
            "url": receiver.url,
            "secret": SECRET,
            "events": ["publish", "update"],
            "active": "on",
            "deliveries-TOTAL_FORMS": "0",
            "deliveries-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    assert WebhookEndpoint.objects.get().events == ["publish", "update"]
    SymptomFactory(slug="twitch").save()
    _run_worker()
    page = staff_client.get("/admin/symptoms/webhookdelivery/").content.decode()
    assert "Delivered" in page and "200" in page


def _add_endpoint(staff_client, url: str, **fields):
    return staff_client.post(
        "/admin/symptoms/webhookendpoint/add/",
        {
            "url": url,
            "events": ["publish"],
            "active": "on",
            "deliveries-TOTAL_FORMS": "0",
            "deliveries-INITIAL_FORMS": "0",
            **fields,
        },
    )


def _messages(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def test_a_generated_secret_is_shown_once_then_only_masked(staff_client, receiver):
    response = _add_endpoint(staff_client, receiver.url, secret="")
    endpoint = WebhookEndpoint.objects.get()

    assert len(endpoint.secret) >= 40
    assert "messages" not in response.cookies  # kept in the session, not sent in a cookie
    shown = staff_client.get(response.url)
    assert any(endpoint.secret in message for message in _messages(shown))
    page = staff_client.get(f"/admin/symptoms/webhookendpoint/{endpoint.pk}/change/")
    assert endpoint.secret not in page.content.decode()
    assert webhooks.masked(endpoint.secret) in page.content.decode()


def test_a_secret_given_at_creation_is_kept_and_never_shown(staff_client, receiver):
    response = _add_endpoint(staff_client, receiver.url, secret=SECRET)
    endpoint = WebhookEndpoint.objects.get()

    assert endpoint.secret == SECRET
    assert SECRET not in staff_client.get(response.url).content.decode()
    page = staff_client.get(f"/admin/symptoms/webhookendpoint/{endpoint.pk}/change/")
    assert SECRET not in page.content.decode()


def test_the_secret_can_be_rotated_and_the_new_one_is_shown_once(staff_client, receiver):
    endpoint = WebhookEndpoint.objects.create(url=receiver.url, secret=SECRET)
    form = {
        "url": receiver.url,
        "events": ["publish"],
        "active": "on",
        "deliveries-TOTAL_FORMS": "0",
        "deliveries-INITIAL_FORMS": "0",
    }
    change = f"/admin/symptoms/webhookendpoint/{endpoint.pk}/change/"

    staff_client.post(change, form)
    assert WebhookEndpoint.objects.get().secret == SECRET
    response = staff_client.post(change, {**form, "new_secret": "on"}, follow=True)

    endpoint.refresh_from_db()
    assert endpoint.secret != SECRET
    assert any(endpoint.secret in message for message in _messages(response))
    assert endpoint.secret not in staff_client.get(change).content.decode()
