"""TLS towards the Kafka brokers, with a client certificate as the client's identity.

Read from the environment (``HEAOLU_KAFKA_CA_FILE``, ``HEAOLU_KAFKA_CERT_FILE``,
``HEAOLU_KAFKA_KEY_FILE``) by every Kafka client the shared library makes (outbox relay, inbox
consumers, dead-letter producers, the readiness check). With no CA file the clients speak
plaintext, as on a development machine; in Kubernetes the files come from the secrets that
Strimzi's cluster CA and the service's ``KafkaUser`` provide.
"""

from __future__ import annotations

from typing import Any

from aiokafka.helpers import create_ssl_context
from pydantic_settings import BaseSettings, SettingsConfigDict


class KafkaTlsSettings(BaseSettings):
    """Where the broker CA and the client's certificate and key are mounted."""

    model_config = SettingsConfigDict(env_prefix="HEAOLU_KAFKA_", extra="ignore")

    ca_file: str = ""
    cert_file: str = ""
    key_file: str = ""


def connection_options(settings: KafkaTlsSettings | None = None) -> dict[str, Any]:
    """Keyword arguments for an aiokafka client: TLS with a client certificate, or nothing."""
    tls = settings or KafkaTlsSettings()
    if not tls.ca_file:
        return {}
    return {
        "security_protocol": "SSL",
        "ssl_context": create_ssl_context(
            cafile=tls.ca_file,
            certfile=tls.cert_file or None,
            keyfile=tls.key_file or None,
        ),
    }
