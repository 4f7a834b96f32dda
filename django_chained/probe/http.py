"""A minimal HTTP client on ``http.client``: one host, one deadline per request, no automatic redirects."""

from __future__ import annotations

import http.client
import ssl
from dataclasses import dataclass, field
from urllib.parse import quote, urljoin, urlsplit

from django_chained.probe.connect import open_socket, probe_error
from django_chained.probe.deadline import MAX_BODY, DeadlineSocket
from django_chained.probe.errors import ProbeError, describe
from django_chained.probe.target import Target

__all__ = ["MAX_BODY", "Client", "ProbeError", "Response", "describe"]
REDIRECTS = frozenset({301, 302, 303, 307, 308})
#: What stays as is when a URL is made ASCII: RFC 3986 reserved characters and existing escapes.
URL_SAFE = "!#$%&'()*+,/:;=?@[]~"
USER_AGENT = "django-chained-probe"


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
        """The absolute redirect target, when this is a redirect to a usable URL."""
        return self._resolve_location()[0]

    @property
    def location_error(self) -> str | None:
        """Why this redirect's Location cannot be followed (not a URL), else ``None``."""
        return self._resolve_location()[1]

    def _resolve_location(self) -> tuple[str | None, str | None]:
        location = self.header("Location")
        if not self.is_redirect or not location:
            return None, None
        # Headers arrive decoded as latin-1: back to the bytes sent, non-ASCII ones percent-encoded.
        sent = quote(location.encode("latin-1", "replace"), safe=URL_SAFE)
        try:
            target = urljoin(self.url, sent)
            urlsplit(target).port  # noqa: B018 raises for a port that is not a number in range
        except ValueError as error:
            return None, str(error)
        return target, None


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
        deadline = target.request_deadline()
        port = target.port(scheme)
        context = self.tls_context if scheme == "https" else None
        try:
            connected = open_socket(target, port, deadline, context)
        except OSError as error:
            raise probe_error(target, error) from error
        # The socket is already open (and TLS set up): HTTPConnection only writes the request and parses.
        connection = http.client.HTTPConnection(target.host, port)
        sock = connection.sock = DeadlineSocket(connected, deadline)
        sent = {"Host": target.authority(scheme), "User-Agent": USER_AGENT}
        sent.update(headers or {})
        try:
            connection.request(method, ascii_path(path), headers=sent)
            raw = connection.getresponse()
            if sock.headers_cut:
                raise http.client.HTTPException(
                    "the connection was closed in the middle of the headers"
                )
            sock.headers_read()
            body = raw.read(MAX_BODY)
            return Response(
                url=target.url(scheme, path),
                status=raw.status,
                headers=list(raw.getheaders()),
                body=body,
            )
        except (OSError, http.client.HTTPException) as error:
            raise probe_error(target, error, answered=True) from error
        finally:
            connection.close()
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


def ascii_path(path: str) -> str:
    """``path`` as it goes on the request line: non-ASCII (a LOGIN_URL in another script) as UTF-8 escapes."""
    return quote(path, safe=URL_SAFE)
