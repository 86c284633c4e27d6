"""Audit's settings."""

from __future__ import annotations

from functools import lru_cache

from heaolu_shared.settings import ServiceSettings


class Settings(ServiceSettings):
    service_name: str = "audit"
    anomaly_distinct_subjects_per_hour: int = 50
    """More distinct persons than this opened by one user in an hour raises an alert."""
    database_url: str = "postgresql+asyncpg://heaolu_audit:heaolu_audit_dev@127.0.0.1:5432/audit"


@lru_cache
def get_settings() -> Settings:
    return Settings()
