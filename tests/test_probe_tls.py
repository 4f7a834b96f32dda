"""TLS facts: certificate trust, host name, expiry, old protocol versions, weak cipher suites."""

from __future__ import annotations

import datetime
import ssl

import pytest
import trustme

from django_chained.probe import messages as m
from django_chained.probe import tls
from django_chained.probe.http import ProbeError
from django_chained.probe.target import Target
from tests.servers import StubSite, free_port, issue, server_context

UTC = datetime.timezone.utc
ENDPOINT = "https://127.0.0.1/"


@pytest.fixture(scope="module")
def ca():
    return trustme.CA()


@pytest.fixture(scope="module")
def certificates(ca, tmp_path_factory):
    return issue(tmp_path_factory.mktemp("tls"), ca=ca, rsa=True)


def target_for(site, certificates=None):
    cafile = str(certificates.cafile) if certificates else None
    return Target("127.0.0.1", free_port(), site.port, cafile=cafile, timeout=5)


def refusal(site, certificates):
    with pytest.raises(ProbeError) as caught:
        tls.handshake(
            target_for(site, certificates),
            tls.verified_context(str(certificates.cafile)),
        )
    return caught.value.__cause__


def test_trusted_handshake_reports_version_cipher_and_certificate(certificates):
    with StubSite({}, server_context(certificates)) as site:
        negotiated, certificate = tls.handshake(
            target_for(site), tls.verified_context(str(certificates.cafile))
        )
    assert negotiated.version == "TLSv1.3"
    assert negotiated.bits >= 128
    assert "notAfter" in certificate


def test_unknown_ca_is_untrusted(certificates, tmp_path):
    stranger = issue(tmp_path)  # another CA
    with StubSite({}, server_context(certificates)) as site:
        error = refusal(site, stranger)
    assert [x.id for x in tls.certificate_messages(ENDPOINT, error)] == [
        "django_chained.E180"
    ]


def test_certificate_for_another_name(ca, certificates, tmp_path):
    other = ca.issue_cert("www.example.org")
    wrong = tmp_path / "wrong.pem"
    other.private_key_and_cert_chain_pem.write_to_path(str(wrong))
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(str(wrong))
    with StubSite({}, context) as site:
        error = refusal(site, certificates)
    assert [x.id for x in tls.certificate_messages(ENDPOINT, error)] == [
        "django_chained.E181"
    ]


def test_expired_certificate(ca, tmp_path):
    past = datetime.datetime.now(UTC) - datetime.timedelta(days=1)
    expired = issue(tmp_path, ca=ca, not_after=past)
    with StubSite({}, server_context(expired)) as site:
        error = refusal(site, expired)
    assert [x.id for x in tls.certificate_messages(ENDPOINT, error)] == [
        "django_chained.E182"
    ]


def test_expiry_warning_under_30_days():
    now = datetime.datetime(2026, 1, 1, tzinfo=UTC)
    soon = {"notAfter": "Jan 20 00:00:00 2026 GMT"}
    assert tls.expiry_messages(ENDPOINT, soon, now) == [
        m.w183_certificate_expires_soon(endpoint=ENDPOINT, days=19)
    ]
    assert (
        tls.expiry_messages(ENDPOINT, {"notAfter": "Mar 1 00:00:00 2026 GMT"}, now)
        == []
    )
    assert tls.expiry_messages(ENDPOINT, {}, now) == []


@pytest.mark.parametrize(
    ("cipher", "bits", "version", "reason"),
    [
        ("TLS_AES_256_GCM_SHA384", 256, "TLSv1.3", None),
        ("ECDHE-RSA-AES128-GCM-SHA256", 128, "TLSv1.2", None),
        ("DHE-RSA-CHACHA20-POLY1305", 256, "TLSv1.2", None),
        ("AES256-GCM-SHA384", 256, "TLSv1.2", "no forward secrecy"),
        ("AECDH-AES256-SHA", 256, "TLSv1.2", "no authentication"),
        ("ADH-AES128-SHA", 128, "TLSv1.2", "no authentication"),
        ("ECDHE-RSA-NULL-SHA", 0, "TLSv1.2", "no encryption"),
        ("EXP-RC4-MD5", 40, "TLSv1", "export grade"),
        ("ECDHE-RSA-RC4-SHA", 128, "TLSv1.2", "RC4"),
        ("ECDHE-RSA-DES-CBC3-SHA", 112, "TLSv1.2", "DES/3DES"),
        ("ECDHE-RSA-MD5", 128, "TLSv1.2", "MD5"),
        ("ECDHE-RSA-CAMELLIA64", 64, "TLSv1.2", "64-bit key"),
    ],
)
def test_weakness(cipher, bits, version, reason):
    assert tls.weakness(cipher, bits, version) == reason


def test_this_openssl_speaks_tls_1_2():
    assert tls.local_support(ssl.TLSVersion.TLSv1_2) is None


def test_modern_server_refuses_old_versions(certificates):
    with StubSite({}, server_context(certificates)) as site:
        assert tls.protocol_messages(target_for(site), ENDPOINT) == []


def test_server_accepting_tls_1_0_and_1_1(certificates):
    context = server_context(
        certificates, minimum=ssl.TLSVersion.TLSv1, ciphers="ALL:@SECLEVEL=0"
    )
    with StubSite({}, context) as site:
        found = tls.protocol_messages(target_for(site), ENDPOINT)
    assert found == [expected_for_old(label) for label in ("TLS 1.0", "TLS 1.1")]


def expected_for_old(label):
    """W184 where this OpenSSL can still speak the version; I186 (cannot test) where it refuses."""
    refusal = tls.local_support(tls.OLD_VERSIONS[label])
    if refusal is None:
        return m.w184_old_tls_accepted(endpoint=ENDPOINT, version=label)
    return m.i186_tls_version_untestable(
        endpoint=ENDPOINT, version=label, reason=refusal
    )


def test_old_versions_this_machine_cannot_speak_are_reported_as_untestable(
    certificates, monkeypatch
):
    monkeypatch.setattr(tls, "local_support", lambda version: "refused here")
    with StubSite({}, server_context(certificates)) as site:
        found = tls.protocol_messages(target_for(site), ENDPOINT)
    assert found == [
        m.i186_tls_version_untestable(
            endpoint=ENDPOINT, version=v, reason="refused here"
        )
        for v in ("TLS 1.0", "TLS 1.1")
    ]


def test_local_support_explains_a_refusal(monkeypatch):
    def refuse(version, ciphers):
        raise ssl.SSLError("no ciphers")

    monkeypatch.setattr(tls, "_pinned_context", refuse)
    assert "refuses it" in str(tls.local_support(ssl.TLSVersion.TLSv1))


def test_strong_server_offers_no_weak_suite(certificates):
    strong = tls.Handshake("TLSv1.3", "TLS_AES_256_GCM_SHA384", 256)
    with StubSite({}, server_context(certificates)) as site:
        assert tls.cipher_messages(target_for(site), ENDPOINT, strong) == []


def test_server_taking_a_weak_suite_when_offered_only_those(certificates):
    strong = tls.Handshake("TLSv1.3", "TLS_AES_256_GCM_SHA384", 256)
    context = server_context(certificates, ciphers="ALL:@SECLEVEL=0")
    with StubSite({}, context) as site:
        found = tls.cipher_messages(target_for(site), ENDPOINT, strong)
    assert [x.id for x in found] == ["django_chained.W185"]


def test_weak_negotiated_suite_is_reported_without_another_handshake():
    weak = tls.Handshake("TLSv1.2", "AES128-SHA", 128)
    target = Target("127.0.0.1", free_port(), free_port(), timeout=1)
    assert tls.cipher_messages(target, ENDPOINT, weak) == [
        m.w185_weak_cipher(
            endpoint=ENDPOINT, cipher="AES128-SHA", reason="no forward secrecy"
        )
    ]
