"""NGTS's settings."""

from __future__ import annotations

from functools import lru_cache

from pydantic import Field

from heaolu_shared.settings import ServiceSettings


class Settings(ServiceSettings):
    service_name: str = "ngts"
    database_url: str = "postgresql+asyncpg://heaolu_ngts:heaolu_ngts_dev@127.0.0.1:5432/ngts"
    list_retention_days: int = Field(default=214, ge=1, le=366)
    """Days after a round's query date until the youths not being helped are purged: one round
    cycle, the longer interval between query dates (15 March to 15 October); ADR 0015."""
    page_limit: int = Field(default=50, ge=1, le=50)
    """The largest page of the list (the gateway refuses larger ones too)."""
    views_per_hour: int = Field(default=120, ge=1)
    """Distinct youths one viewer may open within an hour before NGTS refuses more."""
    inquiry_working_days: int = Field(default=5, ge=1)
    follow_up_months: int = Field(default=6, ge=6)
    synthetic_list_size: int = Field(default=40, ge=0, le=1_000_000)
    """Rows the synthetic register adapter returns per round (development and tests)."""
    synthetic_failing_share: float = Field(default=0.06, ge=0, le=1)
    """Share of the synthetic rows that fail a condition of the regulation and are refused."""


@lru_cache
def get_settings() -> Settings:
    return Settings()
