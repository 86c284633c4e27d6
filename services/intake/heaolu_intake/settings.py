"""Intake's settings."""

from __future__ import annotations

from functools import lru_cache

from heaolu_shared.settings import ServiceSettings


class Settings(ServiceSettings):
    service_name: str = "intake"
    database_url: str = "postgresql+asyncpg://heaolu_intake:heaolu_intake_dev@127.0.0.1:5432/intake"
    reporter_key: str = "dev-only-reporter-key-change-me"
    """Seals reporters' identities (AES-256-GCM); from the secret store in a deployment."""


@lru_cache
def get_settings() -> Settings:
    return Settings()
