"""Webhooks go only to http(s) URLs on public addresses: checked at save and at each attempt.

Names resolve through a fake table (fake_dns) and outgoing connections are refused
(no_connections) unless a test runs its own receiver on 127.0.0.1.
"""

import shutil
import ssl
import subprocess

import pytest
from django.core.exceptions import ValidationError

from symptoms.changes import webhook_transport, webhooks
from symptoms.models import WebhookDelivery, WebhookEndpoint
from tests.factories import SymptomFactory
from tests.symptoms.changes.test_webhooks import SECRET, Receiver

pytestmark = pytest.mark.django_db
PUBLIC = "93.184.216.34"

REFUSED = [
    "http://169.254.169.254/latest/meta-data/",
    "http://metadata.google.internal/computeMetadata/v1/",
    "http://[fd00:ec2::254]/",
    "http://10.0.0.1/hooks",
    "http://[::ffff:127.0.0.1]/hooks",
    "http://localhost:8000/hooks",
    "http://127.0.0.1/hooks",
    "http://[::1]/hooks",
    "http://0.0.0.0/hooks",
    "http://224.0.0.1/hooks",
    "http://100.64.0.1/hooks",
    "http://internal.example/hooks",
    "http://split.example/hooks",
]


@pytest.fixture(autouse=True)
def names(fake_dns):
    fake_dns.add("metadata.google.internal", ["169.254.169.254"])
    fake_dns.add("localhost", ["127.0.0.1", "::1"])
    fake_dns.add("internal.example", ["10.0.0.1"])
    fake_dns.add("split.example", [PUBLIC, "192.168.1.10"])
    fake_dns.add("hooks.example", [PUBLIC])
    return fake_dns


def _url_errors(url: str) -> list[str]:
    try:
        WebhookEndpoint(url=url, secret=SECRET).full_clean()
    except ValidationError as invalid:
        return invalid.message_dict.get("url", [])
    return []


@pytest.mark.parametrize("url", REFUSED)
def test_a_url_on_a_non_public_address_is_refused_at_save(url):
    assert any("only to public addresses" in error for error in _url_errors(url))


def test_only_http_and_https_are_accepted():
    assert any("Only http:// and https://" in e for e in _url_errors("ftp://hooks.example/"))


def test_a_url_whose_host_does_not_resolve_is_refused():
    assert _url_errors("https://nowhere.example/hooks") == [
        "The host nowhere.example could not be resolved."
    ]


def test_a_url_on_a_public_address_is_accepted():
    assert _url_errors("https://hooks.example/hooks?consumer=1") == []


def test_private_addresses_are_accepted_when_the_setting_allows_them(settings):
    settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = True
    assert _url_errors("http://internal.example/hooks") == []
    assert _url_errors("ftp://internal.example/") != []


def test_the_admin_names_the_refused_url(staff_client):
    response = staff_client.post(
        "/admin/symptoms/webhookendpoint/add/",
        {"url": "http://10.0.0.1/hooks", "secret": SECRET, "events": ["publish"]},
    )
    assert response.status_code == 200
    assert "only to public addresses" in str(response.context["adminform"].form.errors["url"])
    assert not WebhookEndpoint.objects.exists()


def _queued(url: str) -> WebhookDelivery:
    WebhookEndpoint.objects.create(url=url, secret=SECRET)
    SymptomFactory()
    webhooks.fan_out()
    [delivery] = webhooks.deliver_due()
    return delivery


def test_a_host_that_moved_to_a_private_address_is_refused_before_connecting(names, no_connections):
    names.add("rebound.example", [PUBLIC], ["10.0.0.1"])
    assert _url_errors("http://rebound.example/hooks") == []

    delivery = _queued("http://rebound.example/hooks")

    assert no_connections == []
    assert (delivery.status, delivery.attempts, delivery.last_error) == (
        "pending",
        1,
        "address not allowed",
    )


def test_an_attempt_connects_to_the_address_it_checked(names, no_connections):
    delivery = _queued("https://hooks.example:8443/hooks")

    assert no_connections == [(PUBLIC, 8443)]
    assert names.lookups.count("hooks.example") == 1
    assert delivery.last_error == "connection failed"


def test_an_attempt_speaks_to_the_host_of_the_url(names, settings):
    settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = True
    with Receiver() as receiver:
        names.add("hooks.example", ["127.0.0.1"])
        port = receiver.server.server_port

        delivery = _queued(f"http://hooks.example:{port}/hooks")

    assert delivery.status == "delivered"
    assert receiver.requests[0][0]["Host"] == f"hooks.example:{port}"


@pytest.fixture
def tls_receiver(tmp_path, monkeypatch, settings):
    """A receiver on 127.0.0.1 speaking TLS with a certificate for hooks.example only."""
    if shutil.which("openssl") is None:
        pytest.skip("needs the openssl command")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"]
        + ["-keyout", str(key), "-out", str(cert), "-subj", "/CN=hooks.example"]
        + ["-addext", "subjectAltName=DNS:hooks.example"],
        check=True,
        capture_output=True,
    )
    server_side = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_side.load_cert_chain(cert, key)
    trusted = ssl.create_default_context(cafile=str(cert))
    monkeypatch.setattr(webhook_transport, "_tls_context", lambda: trusted)
    settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = True
    receiver = Receiver()
    receiver.server.socket = server_side.wrap_socket(receiver.server.socket, server_side=True)
    with receiver:
        yield receiver


def test_https_is_verified_against_the_url_host_not_the_address(names, tls_receiver):
    port = tls_receiver.server.server_port
    names.add("hooks.example", ["127.0.0.1"])
    names.add("other.example", ["127.0.0.1"])

    delivered = _queued(f"https://hooks.example:{port}/hooks")
    WebhookEndpoint.objects.all().delete()
    refused = _queued(f"https://other.example:{port}/hooks")

    assert delivered.status == "delivered"
    assert (refused.status, refused.last_error) == ("pending", "TLS handshake failed")
