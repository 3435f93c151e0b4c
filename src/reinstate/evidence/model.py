"""What reading a document gives (``Reading``) and what checking a set of documents finds
(``EvidenceReport``). Plain frozen values that round-trip through JSON: the web app stores a
reading once (OCR is slow) and checks it again whenever the case's facts change.

Positions are fractions of the page (0 at the top left, 1 at the bottom right), so a box drawn
on a page image of any resolution lands on what was read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from reinstate.codes import Severity

Box = tuple[float, float, float, float]  # x0, y0, x1, y1 as fractions of the page


def _box(raw: Any) -> Box | None:
    if not raw or len(raw) != 4:
        return None
    return (float(raw[0]), float(raw[1]), float(raw[2]), float(raw[3]))


def _box_json(box: Box | None) -> list[float] | None:
    return None if box is None else [round(v, 4) for v in box]


@dataclass(frozen=True, slots=True)
class FieldValue:
    """One value read from a document: as normalised (``value``), as printed (``text``), and
    where (page number from 1, box). ``fonts`` are the font families of its characters (PDF
    text only)."""

    value: str
    text: str
    page: int
    box: Box | None = None
    fonts: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        found: dict[str, Any] = {
            "value": self.value,
            "text": self.text,
            "page": self.page,
            "box": _box_json(self.box),
        }
        if self.fonts:
            found["fonts"] = list(self.fonts)
        return found

    @classmethod
    def from_json(cls, data: Any) -> FieldValue | None:
        if not isinstance(data, dict) or "value" not in data:
            return None
        return cls(
            str(data["value"]),
            str(data.get("text") or data["value"]),
            int(data.get("page") or 1),
            _box(data.get("box")),
            tuple(str(f) for f in data.get("fonts") or ()),
        )


PARTY_FIELDS = ("name", "address", "phone", "website", "email")


@dataclass(frozen=True, slots=True)
class Party:
    """A block of a document naming someone: the supplier (issuer) or the buyer (holder)."""

    name: FieldValue | None = None
    address: FieldValue | None = None
    phone: FieldValue | None = None
    website: FieldValue | None = None
    email: FieldValue | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            key: (value.to_json() if value is not None else None)
            for key in PARTY_FIELDS
            for value in [getattr(self, key)]
        }

    @classmethod
    def from_json(cls, data: Any) -> Party:
        data = data if isinstance(data, dict) else {}
        return cls(**{key: FieldValue.from_json(data.get(key)) for key in PARTY_FIELDS})


@dataclass(frozen=True, slots=True)
class LineItem:
    """One row of an invoice's table: what it says, the identifiers on it (ASINs, UPCs, model
    numbers, as printed) and the quantity."""

    description: str
    identifiers: tuple[str, ...]
    quantity: int | None
    page: int
    box: Box | None
    text: str

    def to_json(self) -> dict[str, Any]:
        return {
            "description": self.description,
            "identifiers": list(self.identifiers),
            "quantity": self.quantity,
            "page": self.page,
            "box": _box_json(self.box),
            "text": self.text,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> LineItem:
        quantity = data.get("quantity")
        return cls(
            str(data.get("description") or ""),
            tuple(str(i) for i in data.get("identifiers") or ()),
            int(quantity) if quantity is not None else None,
            int(data.get("page") or 1),
            _box(data.get("box")),
            str(data.get("text") or ""),
        )


@dataclass(frozen=True, slots=True)
class Problem:
    """Something about the file itself (not its content): a rule code and its facts."""

    code: str
    facts: dict[str, Any] = field(default_factory=dict)
    page: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {"code": self.code, "page": self.page, "facts": dict(self.facts)}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Problem:
        page = data.get("page")
        return cls(str(data["code"]), dict(data.get("facts") or {}), int(page) if page else None)


@dataclass(frozen=True, slots=True)
class PageInfo:
    """One page as read: its size (points for PDF text, pixels for images), how it was read
    (``text`` from the PDF, ``ocr``), the effective resolution of a scanned page, the number of
    words and the mean OCR confidence (0-100), and its text (capped)."""

    number: int
    width: float
    height: float
    read_by: str
    dpi: float | None = None
    words: int = 0
    confidence: float | None = None
    text: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "width": round(self.width, 2),
            "height": round(self.height, 2),
            "read_by": self.read_by,
            "dpi": None if self.dpi is None else round(self.dpi, 1),
            "words": self.words,
            "confidence": None if self.confidence is None else round(self.confidence, 1),
            "text": self.text,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> PageInfo:
        return cls(
            int(data["number"]),
            float(data.get("width") or 0),
            float(data.get("height") or 0),
            str(data.get("read_by") or "text"),
            data.get("dpi"),
            int(data.get("words") or 0),
            data.get("confidence"),
            str(data.get("text") or ""),
        )


FIELD_NAMES = ("issue_date", "valid_from", "valid_until", "issuer", "brand")


@dataclass(frozen=True, slots=True)
class Reading:
    """Everything read from one file, before any rule: the format, pages, the kind of document
    recognised, the fields and line items with their positions, the problems of the file itself
    and the signs of alteration (PDF metadata, mixed fonts in one field)."""

    name: str
    sha256: str
    size: int
    format: str  # pdf, png, jpeg, gif, tiff, or "unknown"
    page_count: int = 0
    pages: tuple[PageInfo, ...] = ()
    kind: str = "unknown"
    language: str = ""
    fields: dict[str, FieldValue] = field(default_factory=dict)
    supplier: Party = field(default_factory=Party)
    buyer: Party = field(default_factory=Party)
    line_items: tuple[LineItem, ...] = ()
    dates: tuple[FieldValue, ...] = ()
    problems: tuple[Problem, ...] = ()
    alteration: tuple[Problem, ...] = ()
    metadata: dict[str, str] = field(default_factory=dict)
    scope_words: tuple[str, ...] = ()

    @property
    def read_by(self) -> str:
        ways = {p.read_by for p in self.pages}
        return "mixed" if len(ways) > 1 else next(iter(ways), "none")

    @property
    def text(self) -> str:
        return "\n".join(p.text for p in self.pages)

    def field_date(self, name: str) -> date | None:
        found = self.fields.get(name)
        if found is None:
            return None
        try:
            return date.fromisoformat(found.value)
        except ValueError:
            return None

    def has_problem(self, code: str) -> bool:
        return any(p.code == code for p in self.problems)

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "sha256": self.sha256,
            "size": self.size,
            "format": self.format,
            "page_count": self.page_count,
            "read_by": self.read_by,
            "kind": self.kind,
            "language": self.language,
            "pages": [p.to_json() for p in self.pages],
            "fields": {k: v.to_json() for k, v in self.fields.items()},
            "supplier": self.supplier.to_json(),
            "buyer": self.buyer.to_json(),
            "line_items": [i.to_json() for i in self.line_items],
            "dates": [d.to_json() for d in self.dates],
            "problems": [p.to_json() for p in self.problems],
            "alteration": [p.to_json() for p in self.alteration],
            "metadata": dict(self.metadata),
            "scope_words": list(self.scope_words),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Reading:
        fields = {}
        for key, raw in (data.get("fields") or {}).items():
            value = FieldValue.from_json(raw)
            if value is not None:
                fields[str(key)] = value
        dates = tuple(
            d for d in (FieldValue.from_json(raw) for raw in data.get("dates") or ()) if d
        )
        return cls(
            name=str(data.get("name") or ""),
            sha256=str(data.get("sha256") or ""),
            size=int(data.get("size") or 0),
            format=str(data.get("format") or "unknown"),
            page_count=int(data.get("page_count") or 0),
            pages=tuple(PageInfo.from_json(p) for p in data.get("pages") or ()),
            kind=str(data.get("kind") or "unknown"),
            language=str(data.get("language") or ""),
            fields=fields,
            supplier=Party.from_json(data.get("supplier")),
            buyer=Party.from_json(data.get("buyer")),
            line_items=tuple(LineItem.from_json(i) for i in data.get("line_items") or ()),
            dates=dates,
            problems=tuple(Problem.from_json(p) for p in data.get("problems") or ()),
            alteration=tuple(Problem.from_json(p) for p in data.get("alteration") or ()),
            metadata={str(k): str(v) for k, v in (data.get("metadata") or {}).items()},
            scope_words=tuple(str(w) for w in data.get("scope_words") or ()),
        )


@dataclass(frozen=True, slots=True)
class Finding:
    """One rule a document (or the set of documents) fails: the stable ``rule`` code, how
    serious it is, the document and page it is about, the value read and what was expected."""

    rule: str
    severity: Severity
    document: str | None = None
    page: int | None = None
    value: str | None = None
    expected: str | None = None
    box: Box | None = None
    facts: dict[str, Any] = field(default_factory=dict)

    @property
    def blocking(self) -> bool:
        """A finding Amazon rejects a document for (the others are warnings)."""
        return self.severity is Severity.HIGH

    def to_json(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "severity": self.severity.value,
            "document": self.document,
            "page": self.page,
            "value": self.value,
            "expected": self.expected,
            "box": _box_json(self.box),
            "facts": dict(self.facts),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Finding:
        page = data.get("page")
        return cls(
            rule=str(data["rule"]),
            severity=Severity(str(data.get("severity") or "medium")),
            document=data.get("document"),
            page=int(page) if page else None,
            value=data.get("value"),
            expected=data.get("expected"),
            box=_box(data.get("box")),
            facts=dict(data.get("facts") or {}),
        )
