"""Casework's settings."""

from __future__ import annotations

from functools import lru_cache

from heaolu_shared.settings import ServiceSettings


class Settings(ServiceSettings):
    service_name: str = "casework"
    database_url: str = (
        "postgresql+asyncpg://heaolu_casework:heaolu_casework_dev@127.0.0.1:5432/casework"
    )


@lru_cache
def get_settings() -> Settings:
    return Settings()
