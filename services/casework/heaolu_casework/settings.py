"""Casework's settings."""

from __future__ import annotations

from functools import lru_cache

from pydantic import Field

from heaolu_shared.settings import ServiceSettings


class Settings(ServiceSettings):
    service_name: str = "casework"
    database_url: str = (
        "postgresql+asyncpg://heaolu_casework:heaolu_casework_dev@127.0.0.1:5432/casework"
    )
    court_filing_target_hours: int = Field(default=48, ge=1, le=71)
    """How soon after a separation the custody-restriction application should reach the court,
    so that the court can still rule within 72 hours."""
    application_decision_working_days: int = Field(default=10, ge=1, le=60)
    """The municipality's term for deciding a service application (its procedure rules)."""
    self_assignment_municipalities: list[str] = Field(default_factory=list)
    """Municipalities whose workers may take unassigned items from the queue themselves
    (elsewhere the department head assigns)."""
    deadline_scan_seconds: int = Field(default=30, ge=1)


@lru_cache
def get_settings() -> Settings:
    return Settings()
