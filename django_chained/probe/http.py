"""A minimal HTTP client on ``http.client``: one host, one deadline per request, no automatic redirects."""

from __future__ import annotations

import http.client
import socket
import ssl
import time
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from django_chained.probe.deadline import MAX_BODY, DeadlineSocket
from django_chained.probe.target import Target

__all__ = ["MAX_BODY", "Client", "ProbeError", "Response", "describe"]
REDIRECTS = frozenset({301, 302, 303, 307, 308})
USER_AGENT = "django-chained-probe"


class ProbeError(Exception):
    """A request failed: connection refused, timeout, TLS failure, malformed response.

    ``answered`` is true when the server took the connection (and the TLS handshake) and then sent
    nothing the probe could read in time: something listens, but its answer cannot be judged.
    """

    def __init__(self, message: str, *, answered: bool = False) -> None:
        super().__init__(message)
        self.answered = answered


@dataclass(frozen=True)
class Response:
    """One HTTP response as received: status, every header in order, the start of the body."""

    url: str
    status: int
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: bytes = b""

    def all(self, name: str) -> list[str]:
        """Every value of header ``name`` (case-insensitive), in order."""
        wanted = name.lower()
        return [value for key, value in self.headers if key.lower() == wanted]

    def header(self, name: str) -> str | None:
        values = self.all(name)
        return values[0] if values else None

    @property
    def is_redirect(self) -> bool:
        return self.status in REDIRECTS and self.header("Location") is not None

    @property
    def location(self) -> str | None:
        """The absolute redirect target, when this is a redirect."""
        location = self.header("Location")
        return urljoin(self.url, location) if self.is_redirect and location else None


class Client:
    """Sends requests to the target only; the TLS context is chosen once the certificate is judged."""

    def __init__(self, target: Target, tls_context: ssl.SSLContext) -> None:
        self.target = target
        self.tls_context = tls_context
        self.answers = 0
        """Responses read so far."""
        self.failures: list[ProbeError] = []
        """Requests that got no readable response, in order."""

    def get(
        self,
        scheme: str,
        path: str,
        *,
        headers: dict[str, str] | None = None,
        method: str = "GET",
    ) -> Response:
        """One request to ``path`` on the target over ``scheme``, answered within the timeout; raises ``ProbeError``."""
        try:
            response = self._exchange(scheme, path, headers, method)
        except ProbeError as error:
            self.failures.append(error)
            raise
        self.answers += 1
        return response

    def _exchange(
        self, scheme: str, path: str, headers: dict[str, str] | None, method: str
    ) -> Response:
        target = self.target
        deadline = time.monotonic() + target.timeout
        connection: http.client.HTTPConnection
        if scheme == "https":
            connection = http.client.HTTPSConnection(
                target.host,
                target.https_port,
                timeout=target.timeout,
                context=self.tls_context,
            )
        else:
            connection = http.client.HTTPConnection(
                target.host, target.http_port, timeout=target.timeout
            )
        sent = {"Host": target.authority(scheme), "User-Agent": USER_AGENT}
        sent.update(headers or {})
        sock: DeadlineSocket | None = None
        try:
            try:
                connection.connect()
            except (OSError, http.client.HTTPException) as error:
                raise ProbeError(describe(error)) from error
            # The connect and the TLS handshake are each bounded by the timeout (do_handshake keeps its own
            # deadline); every send and read after them by this request's deadline.
            sock = connection.sock = DeadlineSocket(connection.sock, deadline)
            connection.request(method, path, headers=sent)
            raw = connection.getresponse()
            sock.headers_read()
            body = raw.read(MAX_BODY)
            return Response(
                url=target.url(scheme, path),
                status=raw.status,
                headers=list(raw.getheaders()),
                body=body,
            )
        except (OSError, http.client.HTTPException) as error:
            raise ProbeError(describe(error), answered=True) from error
        finally:
            connection.close()
            if sock is not None:
                sock.sock.close()  # also when a response was left half read

    def follow(self, scheme: str, path: str, *, limit: int = 5) -> list[Response]:
        """``path`` and the redirects after it that stay on the target's host and scheme."""
        chain = [self.get(scheme, path)]
        while len(chain) <= limit and chain[-1].location:
            next_path = self.same_site_path(scheme, chain[-1].location)
            if next_path is None:
                break
            chain.append(self.get(scheme, next_path))
        return chain

    def same_site_path(self, scheme: str, url: str | None) -> str | None:
        """The path (with query) of ``url`` when it is on the target over ``scheme``, else ``None``."""
        if url is None:
            return None
        parts = urlsplit(url)
        if parts.scheme != scheme or parts.hostname != self.target.host.lower():
            return None
        try:
            port = parts.port or (443 if scheme == "https" else 80)
        except ValueError:
            return None
        if port != self.target.port(scheme):
            return None
        return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


def describe(error: BaseException) -> str:
    """A one-line, human description of a network error."""
    if isinstance(error, ssl.SSLCertVerificationError):
        return f"certificate verification failed: {error.verify_message}"
    if isinstance(error, ssl.SSLError):
        return f"TLS error: {getattr(error, 'reason', None) or error}"
    if isinstance(error, socket.timeout | TimeoutError):
        return "timed out"
    if isinstance(error, ConnectionRefusedError):
        return "connection refused"
    if isinstance(error, socket.gaierror):
        return f"host name not resolved ({error.strerror})"
    if isinstance(error, http.client.RemoteDisconnected):
        return "the connection was closed without a response"
    if isinstance(error, http.client.BadStatusLine):
        line = str(error.args[0]) if error.args else ""
        return f"not an HTTP/1.x response (it starts {line.rstrip()[:40]!r})"
    if isinstance(error, http.client.IncompleteRead):
        return "the connection was closed in the middle of the response"
    return str(error) or type(error).__name__
