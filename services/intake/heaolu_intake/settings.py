"""Intake's settings."""

from __future__ import annotations

from functools import lru_cache

from pydantic import Field

from heaolu_shared.settings import ServiceSettings


class Settings(ServiceSettings):
    service_name: str = "intake"
    database_url: str = "postgresql+asyncpg://heaolu_intake:heaolu_intake_dev@127.0.0.1:5432/intake"
    reporter_key: str = "dev-only-reporter-key-change-me"
    """Seals reporters' identities (AES-256-GCM); from the secret store in a deployment."""
    application_decision_working_days: int = Field(default=10, ge=1, le=60)
    """The term for deciding a service application, in working days of the shared calendar
    (HMS § 41: within the term the law or the municipality's procedure rules set)."""


@lru_cache
def get_settings() -> Settings:
    return Settings()
