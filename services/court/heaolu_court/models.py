"""Court's tables: so far only the outbox and processed events of the shared library."""

from __future__ import annotations

from sqlalchemy.orm import DeclarativeBase

from heaolu_shared.db import new_metadata


class Base(DeclarativeBase):
    metadata = new_metadata()
