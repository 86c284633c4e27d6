"""Audit's settings."""

from __future__ import annotations

from functools import lru_cache

from heaolu_shared.settings import ServiceSettings


class Settings(ServiceSettings):
    service_name: str = "audit"
    database_url: str = "postgresql+asyncpg://heaolu_audit:heaolu_audit_dev@127.0.0.1:5432/audit"


@lru_cache
def get_settings() -> Settings:
    return Settings()
