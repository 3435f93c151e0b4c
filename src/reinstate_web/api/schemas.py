"""What the API reads and writes (the OpenAPI description is generated from these)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from ninja import Field, Schema

from reinstate.workflow import Status


class AccountOut(Schema):
    id: int
    store_name: str
    marketplaces: list[str]
    organisation_id: int


class CaseIn(Schema):
    account_id: int = Field(..., ge=1, le=2**62)
    title: str = Field(..., min_length=1, max_length=200)


CaseStatus = Literal[tuple(s.value for s in Status)]  # type: ignore[valid-type]


class StatusIn(Schema):
    status: CaseStatus  # type: ignore[valid-type]


class CaseOut(Schema):
    id: int
    account_id: int
    title: str
    category: str
    scope: str
    status: str
    marketplace: str
    created_at: datetime
    updated_at: datetime
    submitted_at: datetime | None
    answered_at: datetime | None


class CasePage(Schema):
    items: list[CaseOut]
    next_cursor: str | None


class NoticeOut(Schema):
    id: int
    case_id: int
    state: str
    problem: str
    filename: str
    subject: str
    sent_at: datetime | None
    kind: str
    language: str
    category: str
    scope: str
    reply_outcome: str
    added_at: datetime
    diagnosis: dict[str, Any] = Field(
        ..., description="The JSON of `reinstate diagnose --json` (docs/contracts.md)."
    )


class NoticePage(Schema):
    items: list[NoticeOut]
    next_cursor: str | None


class DataFileOut(Schema):
    id: int
    original_name: str
    size: int
    sha256: str
    kind: str
    encoding: str
    problem: str
    uploaded_at: datetime


class UploadOut(Schema):
    stored: list[DataFileOut]
    problems: list[str]
    run_id: int | None


class FilePage(Schema):
    items: list[DataFileOut]
    next_cursor: str | None


class FindingsOut(Schema):
    run_id: int | None
    status: str = Field(..., description="none, queued, running, done or failed")
    error: str
    metrics: list[dict[str, Any]]
    findings: list[dict[str, Any]]
    sources: list[dict[str, Any]]


class DraftIn(Schema):
    lang: str = Field("zh-hans", pattern="^(en|zh-hans|zh-hant)$")


class LetterIn(Schema):
    letter: str = Field(..., min_length=1, max_length=100_000)


class CheckOut(Schema):
    score: int | None
    verdict: str
    findings: list[dict[str, Any]]


class DraftSummary(Schema):
    number: int
    origin: str
    created_at: datetime
    score: int | None
    verdict: str
    summary: str


class DraftOut(DraftSummary):
    category: str
    letter: str
    sections: dict[str, Any]
    open_questions: list[Any]
    attachments: list[Any]
    check: CheckOut


class DraftPage(Schema):
    items: list[DraftSummary]
    next_cursor: str | None
