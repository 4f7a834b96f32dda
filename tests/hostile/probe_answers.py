"""What hostile servers answer the probe: raw bytes, floods, trickles, silence, resets, odd redirects.

``UNREADABLE`` answers give the probe nothing it can judge; ``READABLE`` ones are odd but parse.
"""

from __future__ import annotations

import os
import socket
import struct
import threading
from dataclasses import dataclass

from tests.raw_site import Answerer, sends, trickles

LONG = os.environ.get("CHAINED_HOSTILE_LONG") == "1"
MB = 1024 * 1024
OK_HEAD = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"


@dataclass(frozen=True)
class Hostile:
    name: str
    answer: Answerer


def page(*headers: bytes, body: bytes = b"<html>ok</html>") -> bytes:
    length = b"Content-Length: %d\r\n" % len(body)
    return OK_HEAD + b"".join(h + b"\r\n" for h in headers) + length + b"\r\n" + body


def redirect(location: bytes) -> bytes:
    return (
        b"HTTP/1.1 301 Moved\r\nLocation: "
        + location
        + b"\r\nContent-Length: 0\r\n\r\n"
    )


def silent(connection: socket.socket, stopped: threading.Event) -> None:
    stopped.wait(120)


def resets(connection: socket.socket, stopped: threading.Event) -> None:
    """Close with a TCP RST instead of a FIN."""
    connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))


def floods(head: bytes, chunk: bytes, total: int) -> Answerer:
    """``head``, then ``chunk`` again and again up to ``total`` bytes, until the probe hangs up."""

    def answer(connection: socket.socket, stopped: threading.Event) -> None:
        connection.sendall(head)
        sent = 0
        while sent < total and not stopped.is_set():
            connection.sendall(chunk)
            sent += len(chunk)

    return answer


TRICKLE = Hostile("1 byte/s trickle", trickles(page(), 1.0))
SILENCE = Hostile("silence", silent)
UNREADABLE = [
    Hostile("garbage", sends(b"\x00\xff\xfe\x80 garbage \x1b[31m\r\n\r\n")),
    Hostile("HTTP/0.9", sends(b"<html>a body, no status line</html>")),
    Hostile("HTTP/2 preface", sends(b"\x00\x00\x12\x04\x00\x00\x00\x00\x00" * 3)),
    Hostile("status not a number", sends(b"HTTP/1.1 abc OK\r\n\r\n")),
    Hostile("10,000 headers", sends(OK_HEAD + b"X-Many: y\r\n" * 10_000 + b"\r\n")),
    Hostile(
        "one 100 KiB header line",
        sends(OK_HEAD + b"X-Long: " + b"a" * 100_000 + b"\r\n\r\n"),
    ),
    Hostile(
        "200 KiB of headers",
        floods(OK_HEAD, b"X-Pad: " + b"p" * 1000 + b"\r\n", 200_000),
    ),
    Hostile(
        "endless 100 Continue",
        floods(b"", b"HTTP/1.1 100 Continue\r\n\r\n", 50 * MB),
    ),
    TRICKLE,
    SILENCE,
    Hostile("hang-up", sends(b"")),
    Hostile("TCP reset", resets),
    Hostile("cut mid-headers", sends(OK_HEAD + b"X-Half: ")),
    Hostile(
        "bad chunk size",
        sends(OK_HEAD + b"Transfer-Encoding: chunked\r\n\r\nzz\r\nxx\r\n0\r\n\r\n"),
    ),
]
READABLE = [
    Hostile(
        "Content-Length longer than the body",
        sends(OK_HEAD + b"Content-Length: 5000\r\n\r\nshort"),
    ),
    Hostile(
        "200 MiB body",
        floods(
            OK_HEAD + b"Content-Length: %d\r\n\r\n" % (200 * MB),
            b"x" * 65536,
            200 * MB,
        ),
    ),
    Hostile(
        "endless chunked body",
        floods(
            OK_HEAD + b"Transfer-Encoding: chunked\r\n\r\n",
            b"4000\r\n" + b"c" * 0x4000 + b"\r\n",
            50 * MB,
        ),
    ),
    Hostile("status 999", sends(b"HTTP/1.1 999 Odd\r\nContent-Length: 0\r\n\r\n")),
    Hostile(
        "negative Content-Length", sends(OK_HEAD + b"Content-Length: -5\r\n\r\nbody")
    ),
    Hostile("Location with non-ASCII bytes", sends(redirect(b"/caf\xe9"))),
    Hostile("Location with an unclosed IPv6 bracket", sends(redirect(b"http://[::1/"))),
    Hostile("Location with port 99999", sends(redirect(b"https://127.0.0.1:99999/"))),
    Hostile("Location with control bytes", sends(redirect(b"/a\x01\x7fb c"))),
    Hostile("Location of 60 KiB", sends(redirect(b"/" + b"l" * 60_000))),
    Hostile("Location to itself (loop)", sends(redirect(b"/"))),
    Hostile("empty Location", sends(redirect(b""))),
    Hostile(
        "binary header values",
        sends(
            page(b"Strict-Transport-Security: \xff\x00\x01", b"Set-Cookie: \x80=\x00")
        ),
    ),
    Hostile(
        "header without a colon",
        sends(page(b"no colon here", b"X-Frame-Options DENY")),
    ),
    Hostile(
        "HSTS max-age of 5,000 digits",
        sends(
            page(b"Strict-Transport-Security: max-age=" + b"9" * 5000 + b"; preload")
        ),
    ),
    Hostile(
        "90 cookies",
        sends(page(*[b"Set-Cookie: c%d=v; HttpOnly" % i for i in range(90)])),
    ),
]
if LONG:
    UNREADABLE.append(
        Hostile(
            "1 GiB of headers",
            floods(OK_HEAD, b"X-Pad: " + b"p" * 8000 + b"\r\n", 1024 * MB),
        )
    )
    READABLE.append(
        Hostile(
            "1 GiB body",
            floods(
                OK_HEAD + b"Content-Length: %d\r\n\r\n" % (1024 * MB),
                b"x" * MB,
                1024 * MB,
            ),
        )
    )
#: Served on the HTTPS port instead of a TLS handshake.
BROKEN_TLS = [
    Hostile("plain HTTP on the HTTPS port", sends(page())),
    Hostile("garbage instead of a handshake", sends(b"\x00\xff" * 500)),
    Hostile(
        "a trickled handshake record",
        trickles(b"\x16\x03\x03\x40\x00" + b"\x00" * 200, 0.1),
    ),
    Hostile("silence instead of a handshake", silent),
    Hostile("a hang-up before the handshake", sends(b"")),
]
