"""The HTTP pull of the SKA feed."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field


class FeedPage(BaseModel):
    """Feed events after the cursor, oldest first: the same CloudEvents as on Kafka."""

    items: list[dict[str, Any]] = Field(
        description="CloudEvents 1.0 of the types in docs/asyncapi.yaml (heaolu.ska-feed.v1)"
    )
    next_cursor: str = Field(
        description="pass as `cursor` to get what follows; returned also when nothing did, so a "
        "reader polls with it"
    )
