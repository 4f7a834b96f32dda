"""Why a probe request failed, in one human line: the network, the TLS layer, the answer, or the run's deadline."""

from __future__ import annotations

import http.client
import socket
import ssl


class ProbeError(Exception):
    """A request failed: connection refused, timeout, TLS failure, malformed response.

    ``answered`` is true when the server took the connection (and the TLS handshake) and then sent
    nothing the probe could read in time: something listens, but its answer cannot be judged.
    """

    def __init__(self, message: str, *, answered: bool = False) -> None:
        super().__init__(message)
        self.answered = answered

    @property
    def timed_out(self) -> bool:
        """The server was too slow (or the run out of time): nothing was learnt, not even a refusal."""
        return isinstance(self.__cause__, TimeoutError)


class DeadlineReached(ProbeError):
    """The run's total deadline passed: this request, and every one after it, is not sent."""

    def __init__(self, total: float) -> None:
        super().__init__(f"the probe's total deadline of {total:g} s was reached")

    @property
    def timed_out(self) -> bool:
        return True


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
