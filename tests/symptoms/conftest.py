import socket

import pytest

from tests.symptoms.bundle_support import build_graph


class FakeDNS:
    """Names answered from a table, address literals as they are: never a real lookup."""

    def __init__(self):
        self.names: dict[str, list[list[str]]] = {}
        self.lookups: list[str] = []
        self._real = socket.getaddrinfo

    def add(self, name: str, *answers: list[str]) -> None:
        """Each lookup of `name` gets the next answer; the last one repeats."""
        self.names[name] = list(answers)

    def getaddrinfo(self, host, port, family=0, type=0, proto=0, flags=0):
        self.lookups.append(host)
        if host not in self.names:
            return self._real(host, port, family, type, proto, flags | socket.AI_NUMERICHOST)
        answers = self.names[host]
        addresses = answers.pop(0) if len(answers) > 1 else answers[0]
        return [
            (socket.AF_INET6 if ":" in a else socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, port))
            for a in addresses
        ]


@pytest.fixture
def fake_dns(monkeypatch):
    dns = FakeDNS()
    monkeypatch.setattr(socket, "getaddrinfo", dns.getaddrinfo)
    return dns


@pytest.fixture
def no_connections(monkeypatch):
    """Every outgoing connection is refused and recorded instead of made."""
    attempted = []

    def refuse(address, *args, **kwargs):
        attempted.append(address)
        raise ConnectionRefusedError("connections are not made in this test")

    monkeypatch.setattr(socket, "create_connection", refuse)
    return attempted


@pytest.fixture
def graph():
    """Every kind of record and link, with notes, orders and attributes (bundle tests)."""
    return build_graph()
