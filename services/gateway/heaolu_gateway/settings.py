"""The gateway's settings."""

from __future__ import annotations

from functools import lru_cache

from pydantic import Field

from heaolu_shared.settings import DEV_DEFAULT_MARKER, ServiceSettings


class Settings(ServiceSettings):
    service_name: str = "gateway"
    upstreams: dict[str, str] = Field(
        default={
            "intake": "http://127.0.0.1:8001",
            "casework": "http://127.0.0.1:8002",
            "court": "http://127.0.0.1:8003",
            "ngts": "http://127.0.0.1:8004",
            "reporting": "http://127.0.0.1:8005",
            "audit": "http://127.0.0.1:8006",
        }
    )
    max_header_bytes: int = 16_384
    """All request header fields together; larger requests get 431 before any token check."""
    max_header_fields: int = 100
    trusted_proxies: list[str] = Field(default=[])
    """Addresses or networks of the load balancers in front of the gateway. Only a request from
    one of them has its ``X-Forwarded-For`` believed; by default nobody's is."""
    metrics_token: str = f"{DEV_DEFAULT_MARKER}-metrics-token"
    """Bearer token the metrics scraper presents; ``/metrics`` is closed to everyone else."""
    upstream_connect_timeout: float = 2.0
    upstream_read_timeout: float = 30.0
    upstream_max_connections: int = 200
    upstream_keepalive_seconds: float = 4.0
    """How long an idle pooled connection to a service is kept: shorter than the services' own
    keep-alive (uvicorn's five seconds), so a request is never sent on a connection the service
    is closing (a POST is not retried)."""
    cors_origins: list[str] = Field(default=["http://127.0.0.1:5173", "http://localhost:5173"])
    """Municipal frontends allowed to call the API from a browser."""
    user_rate_per_minute: int = 600
    public_rate_per_minute: int = 10
    """Anonymous reports per client address and minute."""
    protected_max_page: int = 50


@lru_cache
def get_settings() -> Settings:
    return Settings()
