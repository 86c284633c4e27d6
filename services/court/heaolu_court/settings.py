"""Court's settings."""

from __future__ import annotations

from functools import lru_cache

from pydantic import Field

from heaolu_shared.settings import ServiceSettings


class Settings(ServiceSettings):
    service_name: str = "court"
    database_url: str = "postgresql+asyncpg://heaolu_court:heaolu_court_dev@127.0.0.1:5432/court"
    court_filing_target_hours: int = Field(default=48, ge=1, le=71)
    """How soon after a separation the custody-restriction application should reach the court,
    so that the court can still rule within 72 hours."""
    head_approval_municipalities: list[str] = Field(default_factory=list)
    """Municipalities whose department head approves a court application before it is filed."""
    klat_opinion_days: int = Field(default=30, ge=1, le=90)
    """SKA's term for its opinion on a closed child institution (calendar days)."""
    brussels_response_days: dict[str, int] = Field(
        default_factory=lambda: {"art79": 30, "art80": 30, "art82": 60}
    )
    """The central authority's response term per article (calendar days; configurable because
    the regulation leaves most of them to practice)."""
    brussels_task_working_days: int = Field(default=10, ge=1, le=60)
    """The term of a municipality's part (e.g. an Art. 80 report), in working days."""
    municipality_names: dict[str, str] = Field(
        default_factory=lambda: {
            "0663": "Rakvere Linnavalitsus",
            "0321": "Kohtla-Järve Linnavalitsus",
            "0897": "Viljandi Linnavalitsus",
            "0919": "Võru Linnavalitsus",
        }
    )
    """The guardianship authority's name on documents to the court, by EHAK code."""
    deadline_scan_seconds: int = Field(default=30, ge=1)


@lru_cache
def get_settings() -> Settings:
    return Settings()
