"""Kafka clients speak TLS with a client certificate exactly when a CA file is configured."""

from __future__ import annotations

import datetime as dt
import ssl
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from heaolu_shared.kafka_tls import KafkaTlsSettings, connection_options
from heaolu_shared.outbox import new_producer


def _write_certificate(folder: Path) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "kafka-test")])
    start = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(1)
        .not_valid_before(start)
        .not_valid_after(start + dt.timedelta(days=3650))
        .sign(key, hashes.SHA256())
    )
    cert = folder / "user.crt"
    cert.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    private = folder / "user.key"
    private.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert, private


def test_without_a_ca_file_clients_speak_plaintext() -> None:
    assert connection_options(KafkaTlsSettings()) == {}


def test_with_the_files_clients_present_their_certificate(tmp_path: Path) -> None:
    cert, key = _write_certificate(tmp_path)
    options = connection_options(
        KafkaTlsSettings(ca_file=str(cert), cert_file=str(cert), key_file=str(key))
    )
    assert options["security_protocol"] == "SSL"
    context = options["ssl_context"]
    assert isinstance(context, ssl.SSLContext)
    assert context.verify_mode == ssl.CERT_REQUIRED


async def test_the_shared_producer_reads_the_files_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cert, key = _write_certificate(tmp_path)
    monkeypatch.setenv("HEAOLU_KAFKA_CA_FILE", str(cert))
    monkeypatch.setenv("HEAOLU_KAFKA_CERT_FILE", str(cert))
    monkeypatch.setenv("HEAOLU_KAFKA_KEY_FILE", str(key))
    producer = new_producer("127.0.0.1:1")
    assert producer.client._security_protocol == "SSL"
