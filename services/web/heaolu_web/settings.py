"""The web front end's settings (environment, prefix ``HEAOLU_``)."""

from __future__ import annotations

from functools import lru_cache

from pydantic import Field

from heaolu_shared.settings import ServiceSettings


class Settings(ServiceSettings):
    service_name: str = "web"
    public_url: str = "http://127.0.0.1:8007"
    """Where browsers reach this front end: the OIDC redirect and sign-out return addresses."""
    gateway_url: str = "http://127.0.0.1:8000"
    """Every API call goes through the gateway with the signed-in user's token."""
    oidc_client_id: str = "heaolu-web"
    oidc_browser_issuer: str = ""
    """The issuer as the browser reaches it (defaults to ``oidc_issuer``)."""
    session_idle_seconds: int = Field(default=30 * 60, ge=60)
    """A session unused this long is forgotten, its tokens with it."""
    session_max_seconds: int = Field(default=10 * 3600, ge=300)
    session_limit: int = Field(default=10_000, ge=10)
    """At most this many sessions are kept; the least recently used goes first."""
    api_timeout_seconds: float = Field(default=15.0, gt=0)
    page_size: int = Field(default=25, ge=1, le=50)
    ngts_path: str = "/api/ngts/v1"
    """The NGTS API: its participations and each participation's list of youths."""
    statistics_path: str = "/api/reporting/v1/kpis"
    """Reporting's KPIs (``/my-caseload`` below it: a worker's own figures)."""
    reports_path: str = "/api/reporting/v1/reports"
    """Reporting's tables, each as JSON and as an SVG chart (``/{name}/chart.svg``)."""


@lru_cache
def get_settings() -> Settings:
    return Settings()
