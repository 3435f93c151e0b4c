"""What reading and diagnosing a notice produce: plain, frozen values with codes.

The JSON shape of :meth:`Diagnosis.to_json` is the contract of ``reinstate diagnose --json``
(contracts.md): the required keys come first and in the contract's order; extra keys follow.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, NamedTuple

from reinstate.codes import (
    Category,
    ChannelKind,
    Document,
    MessageKind,
    ReplyOutcome,
    Scope,
)

if TYPE_CHECKING:
    from reinstate.notices.structure import Part

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
"""Largest input read (10 MB). A real notice is a few kilobytes; a forwarded mail with its
attachments stays well below this. Larger input raises TooLargeError instead of eating memory."""


@dataclass(frozen=True, slots=True)
class NoticeMessage:
    """One message as read from a file or a paste, before any diagnosis."""

    text: str
    html: str | None
    subject: str | None
    sender: str | None
    sent_at: datetime | None
    raw: bytes
    source_format: str  # "eml" | "html" | "text"
    warnings: tuple[str, ...] = ()
    # Amazon's Message-ID ("<id@host>") when the message is a mail; None for a paste or for a
    # message unwrapped from a forward's text (the outer identifier is the forward's own).
    message_id: str | None = None


@dataclass(frozen=True, slots=True)
class CategoryScore:
    code: Category
    confidence: float
    evidence: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "code": self.code.value,
            "confidence": self.confidence,
            "evidence": list(self.evidence),
        }


@dataclass(frozen=True, slots=True)
class Deadline:
    """A time limit the notice sets: relative (days or hours) and/or an absolute date."""

    days: int | None
    hours: int | None
    date: date | None
    text: str
    business_days: bool = False

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"days": self.days, "text": self.text}
        if self.hours is not None:
            out["hours"] = self.hours
        if self.business_days:
            out["business_days"] = True
        out["date"] = self.date.isoformat() if self.date else None
        return out


@dataclass(frozen=True, slots=True)
class Channel:
    kind: ChannelKind
    address: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind.value, "address": self.address}


@dataclass(frozen=True, slots=True)
class RightsOwner:
    """Who complained in an IP notice, as the notice names them (any part may be missing)."""

    name: str | None
    email: str | None
    complaint_id: str | None

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "email": self.email, "complaint_id": self.complaint_id}


class EvidenceSpan(NamedTuple):
    """Character offsets into ``Diagnosis.text`` of a phrase that decided something.

    A named tuple, so ``for start, end, label in diagnosis.evidence_spans`` works too.
    """

    start: int
    end: int
    label: str

    def to_json(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "label": self.label}


@dataclass(frozen=True, slots=True)
class Diagnosis:
    """What a notice or a reply means, in codes (the web layer turns codes into words)."""

    kind: MessageKind
    language: str
    marketplace: str | None
    scope: Scope
    category: Category | None
    categories: tuple[CategoryScore, ...]
    reply_outcome: ReplyOutcome | None
    asins: tuple[str, ...]
    order_ids: tuple[str, ...]
    skus: tuple[str, ...]
    requested_documents: tuple[Document, ...]
    deadlines: tuple[Deadline, ...]
    channel: Channel
    amazon_addresses: tuple[str, ...]
    rights_owner: RightsOwner | None
    in_error_path: bool
    evidence_spans: tuple[EvidenceSpan, ...]
    subject: str | None
    sent_at: datetime | None
    text: str
    warnings: tuple[str, ...] = field(default=())
    # False when the top category is not clear enough to write a letter on: the seller chooses
    # among ``categories`` first. Always True for a reply (a reply has no category).
    certain: bool = True
    kind_confidence: float = 1.0
    outcome_confidence: float | None = None
    parts: tuple[Part, ...] = field(default=())

    def to_json(self) -> dict[str, Any]:
        """The ``reinstate diagnose --json`` object: contract keys first, in contract order."""
        return {
            "kind": self.kind.value,
            "language": self.language,
            "marketplace": self.marketplace,
            "scope": self.scope.value,
            "category": self.category.value if self.category else None,
            "categories": [c.to_json() for c in self.categories],
            "reply_outcome": self.reply_outcome.value if self.reply_outcome else None,
            "asins": list(self.asins),
            "order_ids": list(self.order_ids),
            "requested_documents": [d.value for d in self.requested_documents],
            "deadlines": [d.to_json() for d in self.deadlines],
            "channel": self.channel.to_json(),
            # Additions after the contract keys.
            "skus": list(self.skus),
            "amazon_addresses": list(self.amazon_addresses),
            "rights_owner": self.rights_owner.to_json() if self.rights_owner else None,
            "in_error_path": self.in_error_path,
            "subject": self.subject,
            "sent_at": self.sent_at.isoformat() if self.sent_at else None,
            "evidence_spans": [s.to_json() for s in self.evidence_spans],
            "warnings": list(self.warnings),
            "certain": self.certain,
            "needs_choice": not self.certain,
            "kind_confidence": self.kind_confidence,
            "outcome_confidence": self.outcome_confidence,
            "parts": [
                {"kind": p.kind, "start": p.start, "end": p.end, "heading": p.heading}
                for p in self.parts
            ],
        }


def diagnosis_from_json(data: dict[str, Any], text: str) -> Diagnosis:
    """A :class:`Diagnosis` back from its ``to_json`` form and the message text (a stored
    diagnosis is read without diagnosing the message again)."""

    def when(value: Any) -> datetime | None:
        return datetime.fromisoformat(value) if value else None

    owner = data.get("rights_owner")
    return Diagnosis(
        kind=MessageKind(data["kind"]),
        language=str(data.get("language") or "en"),
        marketplace=data.get("marketplace"),
        scope=Scope(data.get("scope") or "unknown"),
        category=Category(data["category"]) if data.get("category") else None,
        categories=tuple(
            CategoryScore(Category(c["code"]), float(c["confidence"]), tuple(c["evidence"]))
            for c in data.get("categories") or ()
        ),
        reply_outcome=ReplyOutcome(data["reply_outcome"]) if data.get("reply_outcome") else None,
        asins=tuple(data.get("asins") or ()),
        order_ids=tuple(data.get("order_ids") or ()),
        skus=tuple(data.get("skus") or ()),
        requested_documents=tuple(Document(d) for d in data.get("requested_documents") or ()),
        deadlines=tuple(
            Deadline(
                days=d.get("days"),
                hours=d.get("hours"),
                date=date.fromisoformat(d["date"]) if d.get("date") else None,
                text=str(d.get("text") or ""),
                business_days=bool(d.get("business_days")),
            )
            for d in data.get("deadlines") or ()
        ),
        channel=Channel(
            ChannelKind((data.get("channel") or {}).get("kind") or "unknown"),
            (data.get("channel") or {}).get("address"),
        ),
        amazon_addresses=tuple(data.get("amazon_addresses") or ()),
        rights_owner=RightsOwner(owner.get("name"), owner.get("email"), owner.get("complaint_id"))
        if isinstance(owner, dict)
        else None,
        in_error_path=bool(data.get("in_error_path")),
        evidence_spans=tuple(
            EvidenceSpan(int(s["start"]), int(s["end"]), str(s["label"]))
            for s in data.get("evidence_spans") or ()
        ),
        subject=data.get("subject"),
        sent_at=when(data.get("sent_at")),
        text=text,
        warnings=tuple(data.get("warnings") or ()),
        certain=bool(data.get("certain", True)),
        kind_confidence=float(data.get("kind_confidence") or 1.0),
        outcome_confidence=data.get("outcome_confidence"),
    )
