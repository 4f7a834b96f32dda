"""A socket whose reads and writes share one deadline, so a trickling server cannot stretch a request.

A plain socket timeout restarts on every read: a server sending one header line a second never trips it.
``DeadlineSocket`` stands in for ``HTTPConnection.sock`` once connected; before each read or write it sets the
socket's timeout to the time left, and it stops reading past ``limit`` bytes.
"""

from __future__ import annotations

import http.client
import io
import socket
import time
from typing import Any

#: Enough of a body to recognise Django's debug pages and directory listings.
MAX_BODY = 256 * 1024
#: The status line and headers together; real sites send a few KiB.
MAX_HEADER_BYTES = 64 * 1024
#: Chunked bodies carry framing (sizes, extensions, trailers) on top of ``MAX_BODY``.
FRAMING_ALLOWANCE = 64 * 1024


class ResponseTooLarge(http.client.HTTPException):
    """The server sent more than the probe reads."""


class DeadlineSocket:
    """``sock`` with every operation bounded by ``deadline`` (a ``time.monotonic()`` value)."""

    def __init__(self, sock: socket.socket, deadline: float) -> None:
        self.sock = sock
        self.deadline = deadline
        self.received = 0
        self.limit = MAX_HEADER_BYTES
        self.limit_name = "headers"
        self.readers = 0
        self.closing = False
        self.headers_cut = False
        """The server closed the connection before the blank line that ends the headers."""

    def remaining(self) -> float:
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError("timed out")
        return left

    def sendall(self, data: Any) -> None:
        self.sock.settimeout(self.remaining())
        self.sock.sendall(data)

    def recv_into(self, buffer: Any) -> int:
        if self.received > self.limit:
            raise ResponseTooLarge(
                f"response {self.limit_name} larger than {self.limit // 1024} KiB"
            )
        self.sock.settimeout(self.remaining())
        count = self.sock.recv_into(buffer)
        self.received += count
        # http.client reads again only for an unfinished line: an end of stream here cuts the headers.
        self.headers_cut = self.headers_cut or (
            count == 0 and self.limit_name == "headers"
        )
        return count

    def headers_read(self) -> None:
        """From now on allow a body of ``MAX_BODY`` (the buffer may already hold some of it)."""
        self.limit = self.received + MAX_BODY + FRAMING_ALLOWANCE
        self.limit_name = "body"

    def makefile(
        self, mode: str = "rb", *args: Any, **kwargs: Any
    ) -> io.BufferedReader:
        self.readers += 1
        return io.BufferedReader(DeadlineReader(self))

    def close(self) -> None:
        # Like socket.close(): a response still reading keeps the socket open (http.client relies on it).
        self.closing = True
        if not self.readers:
            self.sock.close()

    def reader_closed(self) -> None:
        self.readers -= 1
        if self.closing and not self.readers:
            self.sock.close()


class DeadlineReader(io.RawIOBase):
    """The raw stream ``http.client`` parses the response from."""

    def __init__(self, sock: DeadlineSocket) -> None:
        super().__init__()
        self.deadline_socket = sock

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        return self.deadline_socket.recv_into(buffer)

    def close(self) -> None:
        if not self.closed:
            self.deadline_socket.reader_closed()
        super().close()
