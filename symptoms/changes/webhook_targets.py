"""Where a webhook may go: an http(s) URL whose host is, and resolves only to, public addresses.

The same check runs when an endpoint is saved and again before every attempt (DNS changes);
the attempt then connects to the address this check resolved, never to a second lookup's.
`WEBHOOK_ALLOW_PRIVATE_ADDRESSES` lifts the address rule for on-premise receivers.
"""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError

DEFAULT_PORTS = {"http": 80, "https": 443}


class RefusedTarget(Exception):
    """The URL may not receive webhooks; the message says why and names no address."""


class UnresolvedHost(RefusedTarget):
    """The URL's host has no address (yet): worth trying again later."""


@dataclass(frozen=True)
class Target:
    """A checked destination: connect to `address`, speak to `host`."""

    scheme: str
    host: str
    port: int
    path: str
    address: str


def is_public(address: str) -> bool:
    """A globally routable unicast address (an IPv4-mapped IPv6 address counts as its IPv4)."""
    ip = ipaddress.ip_address(address)
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not (
        ip.is_multicast
        or ip.is_reserved
        or ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_unspecified
    )


def _addresses(host: str, port: int) -> list[str]:
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError) as failure:
        raise UnresolvedHost(f"The host {host} could not be resolved.") from failure
    # The address is a string for the TCP families asked for (the stubs allow int too).
    return list(dict.fromkeys(str(info[4][0]) for info in found))


def resolve(url: str) -> Target:
    """The checked destination of `url`, or RefusedTarget."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS:
        raise RefusedTarget("Only http:// and https:// URLs can receive webhooks.")
    try:
        port = parts.port or DEFAULT_PORTS[scheme]
    except ValueError as failure:
        raise RefusedTarget("The URL's port is not a valid number.") from failure
    host = parts.hostname
    if not host:
        raise RefusedTarget("The URL has no host.")
    addresses = _addresses(host, port)
    if not settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES and not all(map(is_public, addresses)):
        raise RefusedTarget(
            f"The host {host} is or resolves to a loopback, private, link-local, multicast or "
            "reserved address; webhooks are sent only to public addresses."
        )
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return Target(scheme, host, port, path, addresses[0])


def validate_webhook_url(url: str) -> None:
    """Model validator: the endpoint's URL is one deliveries may be sent to."""
    try:
        resolve(url)
    except RefusedTarget as refusal:
        raise ValidationError(str(refusal), code="refused_webhook_url") from refusal
