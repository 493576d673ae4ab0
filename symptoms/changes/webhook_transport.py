"""One webhook POST, bounded in wall time and in what it reads.

A socket timeout bounds each read, not the attempt: a receiver sending one byte a second
never trips it. A watchdog timer shuts the connection down when the attempt's deadline
passes, whatever phase it is in (connect, TLS handshake, sending, waiting for the answer).
Only the status line and headers are read (http.client caps them at 100 lines of 64 KiB);
the body never is. Redirects are not followed, proxies from the environment are not used,
and the connection goes to the address `webhook_targets.resolve` checked.
"""

from __future__ import annotations

import contextlib
import functools
import http.client
import logging
import socket
import ssl
import threading
import time
from dataclasses import dataclass

from symptoms.changes.webhook_targets import (
    DEFAULT_PORTS,
    RefusedTarget,
    Target,
    UnresolvedHost,
    resolve,
)

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Outcome:
    """What the admin is shown: a status code, or a short error naming no inner detail."""

    code: int | None = None
    error: str = ""

    @property
    def delivered(self) -> bool:
        return self.code is not None and 200 <= self.code < 300


class _Deadline:
    """Shuts down every socket it watches once `seconds` have passed."""

    def __init__(self, seconds: float):
        self.expired = False
        self._ends = time.monotonic() + seconds
        self._lock = threading.Lock()
        self._watched: list[socket.socket] = []
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True

    def start(self) -> None:
        self._timer.start()

    def remaining(self) -> float:
        return self._ends - time.monotonic()

    def watch(self, sock: socket.socket) -> None:
        """A duplicate descriptor: shutting it down ends reads on `sock` in another thread."""
        with self._lock:
            if self.expired:
                raise TimeoutError("deadline passed")
            self._watched.append(sock.dup())

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            for sock in self._watched:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)

    def stop(self) -> None:
        self._timer.cancel()
        with self._lock:
            for sock in self._watched:
                sock.close()
            self._watched.clear()


@functools.cache
def _tls_context() -> ssl.SSLContext:
    return ssl.create_default_context()


class _PinnedConnection(http.client.HTTPConnection):
    """Speaks to `target.host` (Host header, SNI, certificate) over a socket to `target.address`."""

    def __init__(self, target: Target, deadline: _Deadline, timeout: float):
        super().__init__(target.host, target.port, timeout=timeout)
        self.default_port = DEFAULT_PORTS[target.scheme]
        self.target, self.deadline = target, deadline

    def connect(self) -> None:
        sock = socket.create_connection((self.target.address, self.target.port), self.timeout)
        try:
            self.deadline.watch(sock)
            if self.target.scheme == "https":
                sock = _tls_context().wrap_socket(sock, server_hostname=self.host)
        except BaseException:
            sock.close()
            raise
        self.sock = sock


def _describe(failure: BaseException, deadline: _Deadline) -> str:
    if deadline.expired or isinstance(failure, TimeoutError):
        return "timed out"
    if isinstance(failure, ssl.SSLError | ssl.CertificateError):
        return "TLS handshake failed"
    return "connection failed"


def post(url: str, body: bytes, headers: dict[str, str], *, timeout: float) -> Outcome:
    """POST `body` to `url` within `timeout` seconds in all; never raises.

    The clock starts before the host is looked up; a lookup cannot be interrupted (the
    system resolver's own timeouts bound it), so one that outlasts the deadline ends the
    attempt before any connection.
    """
    deadline = _Deadline(timeout)
    deadline.start()
    try:
        return _post(url, body, headers, deadline)
    finally:
        deadline.stop()


def _post(url: str, body: bytes, headers: dict[str, str], deadline: _Deadline) -> Outcome:
    try:
        target = resolve(url)
    except UnresolvedHost:
        return Outcome(error="host not found")
    except RefusedTarget:
        return Outcome(error="address not allowed")
    connection = _PinnedConnection(target, deadline, max(deadline.remaining(), 0.001))
    try:
        connection.request("POST", target.path, body=body, headers=headers)
        code = connection.getresponse().status
    except (OSError, http.client.HTTPException, ValueError) as failure:
        logger.info("webhook POST to %s failed: %r", target.host, failure)
        return Outcome(error=_describe(failure, deadline))
    finally:
        connection.close()
    return Outcome(code=code, error="" if 200 <= code < 300 else f"HTTP {code}")
