"""TLS facts from the standard library alone: certificate, protocol versions, cipher suites."""

from __future__ import annotations

import ssl
import warnings
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import cast

from django.core.checks import CheckMessage

from django_chained.probe import messages as m
from django_chained.probe.connect import open_socket, probe_error
from django_chained.probe.errors import ProbeError
from django_chained.probe.target import Target

EXPIRY_WARNING_DAYS = 30
OLD_VERSIONS = {"TLS 1.0": ssl.TLSVersion.TLSv1, "TLS 1.1": ssl.TLSVersion.TLSv1_1}
#: What the weak-cipher handshake offers: nothing a modern client would.
WEAK_CIPHERS = "aNULL:eNULL:EXPORT:LOW:RC4:3DES:DES:MD5:kRSA:@SECLEVEL=0"
#: OpenSSL verify codes (x509_vfy.h) for the three kinds of certificate failure.
_OUT_OF_DATE = {9, 10}
_WRONG_HOST = {62, 64}


@dataclass(frozen=True)
class Handshake:
    version: str
    cipher: str
    bits: int


def verified_context(cafile: str | None) -> ssl.SSLContext:
    """What a browser does: verify chain and host name (``cafile`` replaces the system roots)."""
    return ssl.create_default_context(cafile=cafile)


def unverified_context() -> ssl.SSLContext:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return context


def handshake(
    target: Target, context: ssl.SSLContext
) -> tuple[Handshake, dict[str, object]]:
    """Connect, shake hands, return what was negotiated and the (verified) peer certificate."""
    deadline = target.request_deadline()
    try:
        with cast(
            ssl.SSLSocket, open_socket(target, target.https_port, deadline, context)
        ) as tls:
            name, _, bits = tls.cipher() or ("?", "?", 0)
            certificate = tls.getpeercert() or {}
            return Handshake(tls.version() or "?", name, bits or 0), dict(certificate)
    except OSError as error:
        raise probe_error(target, error) from error


def certificate_messages(
    endpoint: str, error: ssl.SSLCertVerificationError
) -> list[CheckMessage]:
    """One Error for a certificate the verified handshake refused."""
    reason = str(error.verify_message or error)
    if error.verify_code in _OUT_OF_DATE:
        return [m.e182_certificate_out_of_date(endpoint=endpoint, reason=reason)]
    if error.verify_code in _WRONG_HOST:
        return [m.e181_certificate_wrong_host(endpoint=endpoint, reason=reason)]
    return [m.e180_certificate_untrusted(endpoint=endpoint, reason=reason)]


def days_left(certificate: Mapping[str, object], now: datetime) -> int | None:
    not_after = certificate.get("notAfter")
    if not isinstance(not_after, str):
        return None
    expires = ssl.cert_time_to_seconds(not_after)
    return int((expires - now.timestamp()) // 86_400)


def expiry_messages(
    endpoint: str, certificate: Mapping[str, object], now: datetime | None = None
) -> list[CheckMessage]:
    days = days_left(certificate, now or datetime.now(timezone.utc))
    if days is not None and days < EXPIRY_WARNING_DAYS:
        return [m.w183_certificate_expires_soon(endpoint=endpoint, days=days)]
    return []


def weakness(cipher: str, bits: int, version: str) -> str | None:
    """Why a negotiated suite is weak, or ``None``."""
    name = cipher.upper()
    for marker, reason in (
        ("NULL", "no encryption"),
        ("ADH", "no authentication"),
        ("AECDH", "no authentication"),
        ("EXP", "export grade"),
        ("RC4", "RC4"),
        ("DES", "DES/3DES"),
        ("MD5", "MD5"),
    ):
        if marker in name:
            return reason
    if bits < 128:
        return f"{bits}-bit key"
    if version != "TLSv1.3" and not name.startswith(("ECDHE", "DHE")):
        return "no forward secrecy"
    return None


def _pinned_context(version: ssl.TLSVersion, ciphers: str) -> ssl.SSLContext:
    context = unverified_context()
    with warnings.catch_warnings():
        # Pinning a deprecated version is the point of the test.
        warnings.simplefilter("ignore", DeprecationWarning)
        context.minimum_version = version
        context.maximum_version = version
    context.set_ciphers(ciphers)
    return context


def local_support(version: ssl.TLSVersion) -> str | None:
    """``None`` when this OpenSSL can speak ``version``, else why not (an in-memory self-test)."""
    try:
        client = _pinned_context(version, "ALL:@SECLEVEL=0")
        server = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            server.minimum_version = server.maximum_version = version
        server.set_ciphers("aNULL:@SECLEVEL=0")
    except (ValueError, ssl.SSLError) as error:
        return f"the local OpenSSL ({ssl.OPENSSL_VERSION}) refuses it: {error}"
    pipes = [ssl.MemoryBIO() for _ in range(4)]
    ends = [
        client.wrap_bio(pipes[0], pipes[1], server_side=False),
        server.wrap_bio(pipes[2], pipes[3], server_side=True),
    ]
    done = [False, False]
    for _ in range(8):
        for index, end in enumerate(ends):
            try:
                end.do_handshake()
                done[index] = True
            except ssl.SSLWantReadError:
                pass
            except ssl.SSLError as error:
                return f"the local OpenSSL ({ssl.OPENSSL_VERSION}) refuses it: {getattr(error, 'reason', None) or error}"
        pipes[2].write(pipes[1].read())
        pipes[0].write(pipes[3].read())
        if all(done):
            return None
    return f"the local OpenSSL ({ssl.OPENSSL_VERSION}) could not complete a handshake"


def protocol_messages(target: Target, endpoint: str) -> list[CheckMessage]:
    """W184 for each deprecated version the server accepts; I186 where this machine cannot tell."""
    found: list[CheckMessage] = []
    for label, version in OLD_VERSIONS.items():
        refusal = local_support(version)
        if refusal is not None:
            found.append(
                m.i186_tls_version_untestable(
                    endpoint=endpoint, version=label, reason=refusal
                )
            )
            continue
        try:
            handshake(target, _pinned_context(version, "ALL:@SECLEVEL=0"))
        except ProbeError as error:
            if error.timed_out:  # no answer is no refusal
                checks = f"whether the server accepts {label} (W184)"
                found.append(
                    m.w173_not_judged(url=endpoint, checks=checks, reason=str(error))
                )
            continue  # refused by the server: what we want
        found.append(m.w184_old_tls_accepted(endpoint=endpoint, version=label))
    return found


def cipher_messages(
    target: Target, endpoint: str, negotiated: Handshake
) -> list[CheckMessage]:
    """W185 when the default handshake got a weak suite, or the server takes one when offered only those."""
    reason = weakness(negotiated.cipher, negotiated.bits, negotiated.version)
    if reason is not None:
        return [
            m.w185_weak_cipher(
                endpoint=endpoint, cipher=negotiated.cipher, reason=reason
            )
        ]
    try:
        weak_only = _pinned_context(ssl.TLSVersion.TLSv1_2, WEAK_CIPHERS)
    except ssl.SSLError:
        return []  # this OpenSSL offers none of them
    try:
        weak = handshake(target, weak_only)[0]
    except ProbeError as error:
        if error.timed_out:
            checks = "whether the server accepts weak cipher suites (W185)"
            return [m.w173_not_judged(url=endpoint, checks=checks, reason=str(error))]
        return []
    reason = (
        weakness(weak.cipher, weak.bits, weak.version) or "offered only weak suites"
    )
    return [m.w185_weak_cipher(endpoint=endpoint, cipher=weak.cipher, reason=reason)]
