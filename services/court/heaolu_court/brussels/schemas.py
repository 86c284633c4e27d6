"""The API models of Brussels IIb requests and municipalities' tasks."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from heaolu_court.brussels.models import Article
from heaolu_court.common.schemas import ClockOut
from heaolu_shared.text import LongText, ShortText, Username

Kind = Literal[
    "find_child",
    "information_exchange",
    "mediation",
    "report_on_child",
    "placement_consent",
]
KINDS_BY_ARTICLE: dict[Article, frozenset[str]] = {
    Article.ART79: frozenset({"find_child", "information_exchange", "mediation"}),
    Article.ART80: frozenset({"report_on_child"}),
    Article.ART82: frozenset({"placement_consent"}),
}


class RequestIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    article: Article
    kind: Kind
    direction: Literal["incoming", "outgoing"]
    member_state: str = Field(pattern=r"^[A-Z]{2}$", description="ISO 3166 code, e.g. FI")
    foreign_authority: ShortText = Field(min_length=1)
    foreign_reference: str | None = Field(default=None, max_length=100, pattern=r"^[\w./ -]+$")
    child: LongText = Field(min_length=1, description="who the request is about")
    reasons: LongText = Field(min_length=1)
    funding: LongText | None = Field(default=None, description="Art. 82: who pays the placement")
    expected_duration: ShortText | None = Field(default=None, description="Art. 82")


class RequestOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    number: str
    article: str
    kind: str
    direction: str
    member_state: str
    foreign_authority: str
    foreign_reference: str | None
    child: str
    reasons: str
    funding: str | None
    expected_duration: str | None
    status: str
    opened_at: datetime
    due_at: datetime
    answer: str | None
    answered_at: datetime | None
    version: int
    clocks: list[ClockOut] = Field(default_factory=list)


class TaskIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    municipality: str = Field(pattern=r"^[0-9]{4}$")
    question: LongText = Field(min_length=1)


class TaskOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    request_id: uuid.UUID
    municipality: str
    contact_id: uuid.UUID
    assignee: str | None
    child: str
    question: str
    status: str
    assigned_at: datetime
    due_at: datetime
    report: str | None
    reported_at: datetime | None
    version: int
    clocks: list[ClockOut] = Field(default_factory=list)


class ReportIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    report: LongText = Field(
        min_length=1, description="the child's situation, proceedings, decisions"
    )


class AnswerIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    answer: LongText = Field(min_length=1)


class Assignment(BaseModel):
    model_config = ConfigDict(extra="forbid")

    assignee_username: Username
