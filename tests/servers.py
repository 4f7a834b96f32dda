"""Real servers for the probe's tests: ``testproject`` under gunicorn (WSGI) or uvicorn (ASGI), TLS from trustme."""

from __future__ import annotations

import datetime
import http.server
import os
import socket
import ssl
import subprocess
import sys
import tempfile
import threading
import time
import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

import trustme

ROOT = Path(__file__).resolve().parent.parent
TESTPROJECT = ROOT / "testproject"
READY_TIMEOUT = 20.0


@dataclass
class Certificates:
    """A throwaway CA and a leaf for 127.0.0.1/localhost, as PEM files."""

    cafile: Path
    certfile: Path
    keyfile: Path


def issue(
    directory: Path,
    *,
    ca: trustme.CA | None = None,
    not_after: datetime.datetime | None = None,
    rsa: bool = False,
) -> Certificates:
    """Write a CA and a leaf certificate into ``directory`` (an RSA key where kRSA suites must work)."""
    ca = ca or trustme.CA()
    directory.mkdir(parents=True, exist_ok=True)
    leaf = ca.issue_cert(
        "127.0.0.1",
        "localhost",
        not_after=not_after,
        key_type=trustme.KeyType.RSA if rsa else trustme.KeyType.ECDSA,
    )
    paths = Certificates(
        directory / "ca.pem", directory / "cert.pem", directory / "key.pem"
    )
    ca.cert_pem.write_to_path(str(paths.cafile))
    leaf.cert_chain_pems[0].write_to_path(str(paths.certfile))
    leaf.private_key_pem.write_to_path(str(paths.keyfile))
    return paths


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def project_env(settings_module: str, database: Path, **extra: str) -> dict[str, str]:
    """The environment a testproject process needs: settings, a secret, its own SQLite file."""
    return {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT), str(TESTPROJECT)]),
        "DJANGO_SETTINGS_MODULE": settings_module,
        "DJANGO_SECRET_KEY": "probe-tests-" + "k" * 50,
        "TESTPROJECT_DB": str(database),
        "PYTHONWARNINGS": "ignore",
        **extra,
    }


def manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(TESTPROJECT / "manage.py"), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def gunicorn(
    port: int, certificates: Certificates | None = None, config: Path | None = None
) -> list[str]:
    """A gunicorn (WSGI) command line; TLS when ``certificates`` are given."""
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "testproject.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        "1",
        "--timeout",
        "30",
    ]
    if certificates is not None:
        command += [
            "--certfile",
            str(certificates.certfile),
            "--keyfile",
            str(certificates.keyfile),
        ]
    if config is not None:
        command += ["--config", str(config)]
    return command


def uvicorn(port: int, *, proxy_headers: bool = False) -> list[str]:
    """A plain-HTTP uvicorn (ASGI) command line.

    uvicorn trusts X-Forwarded-Proto from 127.0.0.1 by default, so without ``--no-proxy-headers``
    the probe (also on 127.0.0.1) can pass for a TLS-terminating proxy: the spoofing test's W175.
    """
    return [
        sys.executable,
        "-m",
        "uvicorn",
        "testproject.asgi:application",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--log-level",
        "warning",
        "--no-access-log",
        "--proxy-headers" if proxy_headers else "--no-proxy-headers",
    ]


class Server:
    """A server process; ``start()`` waits until its port accepts connections, ``stop()`` always reaps it."""

    def __init__(self, command: list[str], port: int, env: dict[str, str]) -> None:
        self.command = command
        self.port = port
        self.env = env
        self.process: subprocess.Popen[bytes] | None = None
        # A file, not a pipe: a server that logs a lot must never block on a full pipe.
        self.log = tempfile.TemporaryFile()  # noqa: SIM115 closed by stop()

    def start(self) -> Server:
        self.process = subprocess.Popen(
            self.command,
            env=self.env,
            cwd=str(TESTPROJECT),
            stdout=subprocess.DEVNULL,
            stderr=self.log,
        )
        deadline = time.monotonic() + READY_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                error = self.output()
                self.stop()
                raise RuntimeError(f"server exited early: {error[-2000:]}")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.5).close()
                return self
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"server on port {self.port} not ready in {READY_TIMEOUT} s")

    def output(self) -> str:
        self.log.seek(0)
        return self.log.read().decode(errors="replace")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self.log.close()


Answer = tuple[int, list[tuple[str, str]], bytes]
Route = Answer | Callable[[dict[str, str]], Answer]


class StubSite:
    """An in-process HTTP(S) site answering from ``routes`` (path with query -> answer), else ``default``.

    A route may be a function of the request headers (lower-case names). ``requests`` records
    ``(method, path, headers)`` for every request received.
    """

    def __init__(
        self,
        routes: Mapping[str, Route],
        tls: ssl.SSLContext | None = None,
        default: Route = (404, [], b"Not Found"),
    ) -> None:
        self.routes = routes
        self.requests: list[tuple[str, str, dict[str, str]]] = []
        site = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                headers = {k.lower(): v for k, v in self.headers.items()}
                site.requests.append((self.command, self.path, headers))
                route = site.routes.get(self.path, default)
                status, extra, body = route(headers) if callable(route) else route
                self.send_response(status)
                for name, value in extra:
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(body)

            do_HEAD = do_GET

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        if tls is not None:
            self.server.socket = tls.wrap_socket(
                self.server.socket, server_side=True, do_handshake_on_connect=False
            )
        self.port = int(self.server.server_address[1])
        self.thread = threading.Thread(
            target=self.server.serve_forever, args=(0.02,), daemon=True
        )

    def __enter__(self) -> StubSite:
        self.thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.server.shutdown()
        self.server.server_close()


def server_context(
    certificates: Certificates,
    *,
    minimum: ssl.TLSVersion | None = None,
    ciphers: str | None = None,
) -> ssl.SSLContext:
    """A server-side TLS context for a stub, optionally opened up to old versions or weak suites."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(str(certificates.certfile), str(certificates.keyfile))
    if minimum is not None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            context.minimum_version = minimum
    if ciphers is not None:
        context.set_ciphers(ciphers)
    return context
