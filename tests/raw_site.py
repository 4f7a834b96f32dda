"""A raw TCP (or TLS) server whose answer is any function of the socket: garbage, HTTP/0.9, trickles, hang-ups."""

from __future__ import annotations

import socket
import ssl
import threading
from collections.abc import Callable

#: Writes the answer on the accepted socket; ``stopped`` is set when the site shuts down.
Answerer = Callable[[socket.socket, threading.Event], None]


class RawSite:
    """Accepts on 127.0.0.1, optionally shakes hands over TLS, reads the request head, then calls ``answer``.

    With ``read_request=False`` the answer starts right after the connection (or handshake), before any
    request arrives. ``connections`` counts the connections accepted.
    """

    def __init__(
        self,
        answer: Answerer,
        *,
        tls: ssl.SSLContext | None = None,
        read_request: bool = True,
    ) -> None:
        self.answer, self.tls, self.read_request = answer, tls, read_request
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = int(self.listener.getsockname()[1])
        self.stopped = threading.Event()
        self.connections = 0

    def __enter__(self) -> RawSite:
        threading.Thread(target=self.accept, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stopped.set()
        self.listener.close()

    def accept(self) -> None:
        while not self.stopped.is_set():
            try:
                connection, _ = self.listener.accept()
            except OSError:
                return
            self.connections += 1
            threading.Thread(target=self.serve, args=(connection,), daemon=True).start()

    def serve(self, connection: socket.socket) -> None:
        try:
            with connection:
                connection.settimeout(30)
                if self.tls is None:
                    self.talk(connection)
                    return
                # The TLS socket takes over the descriptor: it is the one to close.
                with self.tls.wrap_socket(connection, server_side=True) as secure:
                    self.talk(secure)
        except OSError:
            return

    def talk(self, connection: socket.socket) -> None:
        if self.read_request:
            request = b""
            while b"\r\n\r\n" not in request:
                chunk = connection.recv(4096)
                if not chunk:
                    return
                request += chunk
        self.answer(connection, self.stopped)


def sends(data: bytes) -> Answerer:
    """An answer of ``data`` at once, then the connection closes."""

    def answer(connection: socket.socket, stopped: threading.Event) -> None:
        connection.sendall(data)

    return answer


def trickles(data: bytes, interval: float) -> Answerer:
    """``data`` one byte every ``interval`` seconds, until it ends or the site stops."""

    def answer(connection: socket.socket, stopped: threading.Event) -> None:
        for index in range(len(data)):
            if stopped.wait(interval):
                return
            connection.sendall(data[index : index + 1])

    return answer
