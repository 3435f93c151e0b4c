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


class EvidenceOut(Schema):
    id: int
    original_name: str
    kind: str | None = Field(
        ..., description="What reading found the document to be (null until it is read)."
    )
    proves: str
    asins: list[str]
    sha256: str
    size: int
    state: str = Field(..., description="queued, reading, done or failed")
    error: str
    uploaded_at: datetime
    read_at: datetime | None
    passed: bool | None = Field(
        ..., description="No blocking finding, checked now (null until the document is read)."
    )
    findings: list[dict[str, Any]] = Field(
        ..., description="The rules it fails, each with its stable `rule` code and `severity`."
    )


class EvidencePage(Schema):
    items: list[EvidenceOut]
    next_cursor: str | None


class SubmissionFileOut(Schema):
    name: str
    content_type: str
    size: int
    sha256: str


class SubmissionOut(Schema):
    id: int
    kind: str
    channel: str
    method: str
    state: str
    created_at: datetime
    submitted_at: datetime | None
    sha256: str = Field(..., description="SHA-256 of the frozen text, boxes and files.")
    files: list[SubmissionFileOut]


class SubmissionPage(Schema):
    items: list[SubmissionOut]
    next_cursor: str | None


class MailboxMessageOut(Schema):
    id: int
    recorded_at: datetime = Field(..., description="When the watcher took it from the mailbox.")
    sender: str
    subject: str
    kind: str
    reply_outcome: str
    match_rule: str
    notice_id: int | None
    moved_to: str


class MailboxMessagePage(Schema):
    items: list[MailboxMessageOut]
    next_cursor: str | None


class HandoverOut(Schema):
    id: int
    team_id: int | None
    team_name: str | None = Field(
        ..., description="Null while an e-mailed invitation waits for a team to accept it."
    )
    state: str = Field(..., description="offered, active, declined or revoked")
    created_at: datetime
    answered_at: datetime | None
    revoked_at: datetime | None


class HandoverPage(Schema):
    items: list[HandoverOut]
    next_cursor: str | None


class HandoverIn(Schema):
    """One of ``team_id`` (a team the seller already works with) or ``email`` (invite a team
    by e-mail), and the seller's consent to let that team see the whole case."""

    team_id: int | None = Field(None, ge=1, le=2**62)
    email: str | None = Field(None, max_length=254)
    message: str = Field("", max_length=2000)
    consent: bool = Field(
        ...,
        description="I let this team see the whole case (notices, diagnosis, findings, drafts, "
        "evidence, submissions, Amazon's answers, the timeline) until I revoke access.",
    )


class TeamRequestOut(Schema):
    id: int
    case_id: int
    store_name: str
    category: str
    marketplace: str
    next_due: datetime | None = Field(..., description="The case's next deadline, if any.")
    message: str
    offered_by: str | None = Field(..., description="Who asked (null for a deleted person).")
    created_at: datetime


class TeamRequestPage(Schema):
    items: list[TeamRequestOut]
    next_cursor: str | None


class MailboxIn(Schema):
    """Where the seller's mailbox is and its password (the fields of the account's mailbox
    page). A provider other than ``other`` fills in its own IMAP server."""

    provider: Literal["qq", "netease163", "outlook", "gmail", "other"]
    username: str = Field(..., min_length=1, max_length=255)
    password: str = Field(
        ...,
        min_length=1,
        max_length=500,
        description="Password, app password or authorisation code: kept encrypted, never "
        "answered back.",
        json_schema_extra={"writeOnly": True},
    )
    host: str = Field("", max_length=255, description="Only for provider `other`.")
    port: int | None = Field(None, ge=1, le=65535)
    use_ssl: bool = Field(True, description="Off only for a mail server on this machine.")
    folder: str = Field("INBOX", max_length=200)


class MailboxOut(Schema):
    account_id: int
    provider: str
    auth: str = Field(..., description="password or oauth")
    host: str
    port: int
    use_ssl: bool
    username: str
    folder: str
    enabled: bool
    connected_at: datetime
    last_success_at: datetime | None = Field(..., description="The last poll that worked.")
    last_error_at: datetime | None
    last_error_code: str = Field(..., description="What the last failed poll met (or empty).")
    failures: int = Field(..., description="Polls failed in a row.")


class ConfirmIn(Schema):
    """The tick of the site's confirmation page: deleting cannot be undone."""

    confirm: bool = Field(..., description="Must be true: I understand that this cannot be undone.")


class DeletionOut(Schema):
    """What is kept of the deletion for the audit log (no seller content)."""

    kind: str = Field(..., description="case or account")
    object_id: int = Field(..., description="The deleted case's or seller account's number.")
    at: datetime
    cases: int
    files: int
    bytes: int


class FollowUpIn(Schema):
    how: Literal["email", "record"] = Field(
        ...,
        description="`email`: Reinstate sends it in the appeal's e-mail thread (an appeal that "
        "went by e-mail); `record`: you sent it yourself (Seller Central's appeal page) and "
        "Reinstate keeps it.",
    )


class FollowUpOut(Schema):
    """Where the follow-up rule stands on the case: the receipt check after the first wait, a
    reminder only after the longer one, nothing once Amazon answered."""

    appeal_id: int | None = Field(..., description="The appeal waiting for Amazon's answer.")
    allowed: bool = Field(..., description="Whether a follow-up may go now.")
    refusal: str | None = Field(
        ...,
        description="The code a request to send one now is refused with: answered, "
        "follow_up_sent, follow_up_in_flight, follow_up_not_due, nothing_to_follow_up.",
    )
    kind: str | None = Field(..., description="receipt_check, then reminder")
    due_at: datetime | None = Field(..., description="When it becomes appropriate.")
    by_email: bool = Field(..., description="It goes in the appeal's e-mail thread.")
    to: str = Field(..., description="Amazon's address, when it goes by e-mail.")
    subject: str
    text: str = Field(..., description="What goes to Amazon (English).")
    sent: int = Field(..., description="Follow-ups already sent on this appeal.")
