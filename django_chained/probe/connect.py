"""Opening a connection to the target within a deadline: name lookup, TCP connect and TLS handshake together.

``socket.create_connection`` gives each address the full timeout and ``getaddrinfo`` has none at all, so
neither bounds a request; here every step waits only for the time left before the request's deadline.
"""

from __future__ import annotations

import socket
import ssl
import threading
import time
from typing import Any

from django_chained.probe.errors import DeadlineReached, ProbeError, describe
from django_chained.probe.target import Target

AddressInfo = list[tuple[Any, ...]]


def time_left(deadline: float) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise TimeoutError("timed out")
    return left


def resolve(host: str, port: int, deadline: float) -> AddressInfo:
    """``getaddrinfo`` in a daemon thread, so a resolver that never answers cannot hold the probe."""
    answer: list[AddressInfo | OSError] = []

    def lookup() -> None:
        try:
            answer.append(socket.getaddrinfo(host, port, type=socket.SOCK_STREAM))
        except OSError as error:
            answer.append(error)
        except UnicodeError as error:  # a name the IDNA codec refuses
            answer.append(OSError(f"host name not valid ({error})"))

    thread = threading.Thread(target=lookup, daemon=True)
    thread.start()
    thread.join(time_left(deadline))
    if not answer:
        raise TimeoutError("timed out resolving the host name")
    if isinstance(answer[0], OSError):
        raise answer[0]
    return answer[0]


def open_socket(
    target: Target,
    port: int,
    deadline: float,
    context: ssl.SSLContext | None = None,
) -> socket.socket:
    """A connected socket (TLS when ``context`` is given); raises ``OSError`` once the deadline passes."""
    error: OSError = ConnectionError(f"no address for {target.host}")
    for family, kind, proto, _, address in resolve(target.host, port, deadline):
        sock = socket.socket(family, kind, proto)
        try:
            sock.settimeout(time_left(deadline))
            sock.connect(address)
        except OSError as failure:
            sock.close()
            error = failure
            continue
        if context is None:
            return sock
        try:
            # The whole handshake shares one timeout (CPython's do_handshake keeps its own deadline).
            sock.settimeout(time_left(deadline))
            return context.wrap_socket(sock, server_hostname=target.host)
        except OSError:
            sock.close()
            raise
    raise error


def probe_error(
    target: Target, error: BaseException, *, answered: bool = False
) -> ProbeError:
    """The ``ProbeError`` for ``error``: ``DeadlineReached`` when it was the run's deadline that struck."""
    if isinstance(error, TimeoutError) and target.out_of_time():
        failure: ProbeError = DeadlineReached(target.total_seconds)
    else:
        failure = ProbeError(describe(error), answered=answered)
    failure.__cause__ = error
    return failure
