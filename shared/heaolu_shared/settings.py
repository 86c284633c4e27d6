"""Service settings read from the environment (prefix ``HEAOLU_``).

Every secret has a development default so that ``make run`` works on a fresh machine; outside
the ``dev`` and ``test`` environments a setting still holding its development default is refused
at start-up, so a deployment can never run with a published secret.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

Environment = Literal["dev", "test", "prod"]

DEV_DEFAULT_MARKER = "dev-only"
"""Every development default secret contains this marker; such values are refused in prod."""


class ServiceSettings(BaseSettings):
    """Settings common to every Heaolu service. Services subclass this to add their own."""

    model_config = SettingsConfigDict(env_prefix="HEAOLU_", extra="ignore")

    environment: Environment = "dev"
    service_name: str = "heaolu"
    database_url: str = ""
    db_pool_size: int = Field(default=20, ge=1, le=100)
    outbox_drain_spacing_ms: int = Field(default=50, ge=0, le=1000)
    """The least time between two drains of the outbox relay under load (more than one
    transaction announced between two drains): the rows committed meanwhile go out as one batch
    (one select, one produce, one mark, and larger batches for the consumers). One transaction at
    a time is published at once. A process under load notifies the relay of its commits at most
    this often (ADR 0036)."""
    kafka_bootstrap: str = "127.0.0.1:19092"
    kafka_topic_prefix: str = Field(default="", max_length=60, pattern=r"^[A-Za-z0-9._-]*$")
    """Put before every topic and consumer group name on the broker: empty in a deployment; a
    benchmark's stack sets its own, so its events stay out of the development topics."""
    oidc_issuer: str = "http://127.0.0.1:8180/realms/heaolu"
    oidc_audience: str = "heaolu-api"
    oidc_jwks_url: str = ""
    jwks_cache_seconds: int = Field(default=600, ge=10)
    jwks_min_refresh_seconds: int = Field(default=10, ge=0)
    log_level: str = "INFO"
    trace_file: str = ""
    """When set, finished spans are appended to this file as JSON lines (dev and tests)."""
    otlp_endpoint: str = ""
    """When set, spans are exported over OTLP/HTTP to this collector endpoint."""
    trace_sample_ratio: float = Field(default=1.0, ge=0.0, le=1.0)
    """The share of traces recorded, decided where a trace begins (the gateway, for a request
    from outside) and followed by every service and consumer the trace reaches. Every trace is
    recorded by default (development and tests); a deployment records a sample (ADR 0031)."""
    pseudonym_key: str = f"{DEV_DEFAULT_MARKER}-pseudonym-key-change-me"
    """Key of the HMAC that turns personal codes into pseudonymous subject ids."""
    max_body_bytes: int = Field(default=1_048_576, ge=1024)
    """The largest request body accepted (the gateway has the same limit)."""
    metrics_token: str = ""
    """When set, ``/metrics`` answers only a request bearing this token (a public edge sets it)."""
    fault: str = ""
    """Fault injection for resilience tests (dev/test only), e.g. ``relay_crash_after_send``."""

    @property
    def jwks_url(self) -> str:
        """The JWKS endpoint: explicit, or Keycloak's conventional path under the issuer."""
        return self.oidc_jwks_url or f"{self.oidc_issuer}/protocol/openid-connect/certs"

    @model_validator(mode="after")
    def _refuse_dev_secrets_outside_dev(self) -> ServiceSettings:
        if self.environment == "prod":
            offending = [
                name
                for name, value in self.model_dump().items()
                if isinstance(value, str) and DEV_DEFAULT_MARKER in value
            ]
            if "_dev@" in self.database_url or self.database_url.endswith("_dev"):
                offending.append("database_url")
            if offending:
                raise ValueError(
                    "development default secrets are not allowed in prod: " + ", ".join(offending)
                )
            if self.fault:
                raise ValueError("fault injection is not allowed in prod")
        return self
