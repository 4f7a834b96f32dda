"""Where the probe points: one host, its plain-HTTP and HTTPS ports, and how to trust its certificate."""

from __future__ import annotations

import ipaddress
import math
import time
from dataclasses import dataclass, replace
from urllib.parse import urlsplit

from django_chained.probe.errors import DeadlineReached

DEFAULT_PORTS = {"http": 80, "https": 443}
#: ``--deadline`` defaults to this many ``--timeout``s: room for a few slow requests, never minutes of them.
DEADLINE_TIMEOUTS = 6


class TargetError(ValueError):
    """The URL given to the probe cannot be probed."""


@dataclass(frozen=True)
class Target:
    """The site under test; every request goes to ``host``, never elsewhere."""

    host: str
    http_port: int
    https_port: int
    base_path: str = "/"
    cafile: str | None = None
    timeout: float = 10.0
    """Seconds for each request: connection, TLS handshake and the whole response."""
    total: float | None = None
    """Seconds for the whole run (``DEADLINE_TIMEOUTS`` timeouts when ``None``)."""
    run_deadline: float | None = None
    """The ``time.monotonic()`` value the run must end by, once ``started()``."""

    @property
    def total_seconds(self) -> float:
        return (
            self.total if self.total is not None else DEADLINE_TIMEOUTS * self.timeout
        )

    def started(self) -> Target:
        """This target with the run's clock started now."""
        return replace(self, run_deadline=time.monotonic() + self.total_seconds)

    def request_deadline(self) -> float:
        """When a request starting now must end: after the timeout, never past the run's deadline."""
        now = time.monotonic()
        if self.run_deadline is None:
            return now + self.timeout
        if now >= self.run_deadline:
            raise DeadlineReached(self.total_seconds)
        return min(now + self.timeout, self.run_deadline)

    def out_of_time(self) -> bool:
        return self.run_deadline is not None and time.monotonic() >= self.run_deadline

    def authority(self, scheme: str) -> str:
        """The ``Host`` header for ``scheme``: the port only when it is not the default."""
        port = self.port(scheme)
        name = f"[{self.host}]" if ":" in self.host else self.host
        return name if port == DEFAULT_PORTS[scheme] else f"{name}:{port}"

    def port(self, scheme: str) -> int:
        return self.https_port if scheme == "https" else self.http_port

    def url(self, scheme: str, path: str) -> str:
        return f"{scheme}://{self.authority(scheme)}{path}"


def parse_target(
    url: str,
    *,
    http_port: int | None = None,
    https_port: int | None = None,
    cafile: str | None = None,
    timeout: float = 10.0,
    total: float | None = None,
) -> Target:
    """A ``Target`` from ``https://host[:port]/path``; the URL's port is its scheme's port."""
    try:
        parts = urlsplit(url if "://" in url else f"https://{url}")
    except ValueError as error:
        raise TargetError(f"{url!r}: {error}.") from None
    if parts.scheme not in DEFAULT_PORTS:
        raise TargetError(f"{url!r}: only http:// and https:// URLs can be probed.")
    if not parts.hostname:
        raise TargetError(f"{url!r}: no host name.")
    host_problem = _host_problem(parts.hostname)
    if host_problem:
        raise TargetError(f"{url!r}: {parts.hostname!r} {host_problem}.")
    try:
        url_port = parts.port
    except ValueError as error:
        raise TargetError(f"{url!r}: {error}.") from None
    ports = dict(DEFAULT_PORTS)
    if url_port is not None:
        ports[parts.scheme] = url_port
    if http_port is not None:
        ports["http"] = http_port
    if https_port is not None:
        ports["https"] = https_port
    if not (math.isfinite(timeout) and timeout > 0):
        raise TargetError("--timeout must be a positive, finite number of seconds.")
    if total is not None and not (math.isfinite(total) and total > 0):
        raise TargetError("--deadline must be a positive, finite number of seconds.")
    return Target(
        host=parts.hostname,
        http_port=ports["http"],
        https_port=ports["https"],
        base_path=parts.path or "/",
        cafile=cafile,
        timeout=timeout,
        total=total,
    )


def _host_problem(host: str) -> str | None:
    """Why ``host`` can never be looked up (an empty label, a label over 63 bytes …), else ``None``."""
    if ":" in host:
        try:
            ipaddress.IPv6Address(host)
        except ValueError:
            return "is not an IPv6 address"
        return None
    try:
        host.encode("idna")
    except UnicodeError as error:
        return f"is not a valid host name ({error.__cause__ or error})"
    return None
