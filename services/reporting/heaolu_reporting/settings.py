"""Reporting's settings."""

from __future__ import annotations

from functools import lru_cache

from heaolu_shared.settings import DEV_DEFAULT_MARKER, ServiceSettings


class Settings(ServiceSettings):
    service_name: str = "reporting"
    database_url: str = (
        "postgresql+asyncpg://heaolu_reporting:heaolu_reporting_dev@127.0.0.1:5432/reporting"
    )
    feed_pseudonym_key: str = f"{DEV_DEFAULT_MARKER}-reporting-feed-key-change-me"
    """Key of the HMAC that turns the services' pseudonyms and record ids into reporting's own
    (fact store and SKA feed): without it they cannot be joined with any other system's ids."""
    feed_page_max: int = 500
    """The most feed events one pull answers with."""


@lru_cache
def get_settings() -> Settings:
    return Settings()
