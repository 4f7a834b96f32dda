"""Where the probe points: one host, its plain-HTTP and HTTPS ports, and how to trust its certificate."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

DEFAULT_PORTS = {"http": 80, "https": 443}


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
) -> Target:
    """A ``Target`` from ``https://host[:port]/path``; the URL's port is its scheme's port."""
    parts = urlsplit(url if "://" in url else f"https://{url}")
    if parts.scheme not in DEFAULT_PORTS:
        raise TargetError(f"{url!r}: only http:// and https:// URLs can be probed.")
    if not parts.hostname:
        raise TargetError(f"{url!r}: no host name.")
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
    if timeout <= 0:
        raise TargetError("The timeout must be a positive number of seconds.")
    return Target(
        host=parts.hostname,
        http_port=ports["http"],
        https_port=ports["https"],
        base_path=parts.path or "/",
        cafile=cafile,
        timeout=timeout,
    )
