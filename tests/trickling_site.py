"""A raw HTTP(S) server that trickles its response headers, for the probe's deadline tests."""

from __future__ import annotations

import socket
import ssl
import threading


class TricklingSite:
    """A raw HTTP server that answers each request one header line every ``interval`` seconds.

    After ``lines`` header lines it ends the headers and closes, so a client without a total deadline
    still finishes, only late. ``header_bytes`` pads each line, to send large headers instead.
    """

    def __init__(
        self,
        *,
        interval: float = 0.2,
        lines: int = 40,
        header_bytes: int = 0,
        tls: ssl.SSLContext | None = None,
    ) -> None:
        self.interval, self.lines, self.header_bytes = interval, lines, header_bytes
        self.tls = tls
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = int(self.listener.getsockname()[1])
        self.stopped = threading.Event()

    def __enter__(self) -> TricklingSite:
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
            threading.Thread(
                target=self.answer, args=(connection,), daemon=True
            ).start()

    def answer(self, connection: socket.socket) -> None:
        with connection:
            try:
                if self.tls is not None:
                    connection = self.tls.wrap_socket(connection, server_side=True)
                request = b""
                while b"\r\n\r\n" not in request:
                    request += connection.recv(4096) or b"\r\n\r\n"
                connection.sendall(b"HTTP/1.1 200 OK\r\n")
                for number in range(self.lines):
                    if self.stopped.wait(self.interval):
                        return
                    padding = b"x" * self.header_bytes
                    connection.sendall(b"X-Trickle-%d: %s\r\n" % (number, padding))
                connection.sendall(b"Content-Length: 2\r\nConnection: close\r\n\r\nok")
            except OSError:
                return
