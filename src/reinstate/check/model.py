"""The checker's values: what a caller passes in (CheckContext) and what comes back.

Everything here is immutable, so a report can be cached, compared in tests and handed to another
thread without copying.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType
from typing import Any, Literal

from reinstate.codes import Severity, Verdict

Lang = Literal["en", "zh-hans", "zh-hant"]
LANGS: tuple[Lang, ...] = ("en", "zh-hans", "zh-hant")

_EMPTY: Mapping[str, Any] = MappingProxyType({})


@dataclass(frozen=True, slots=True)
class CaseClaims:
    """Everything a letter may state about one case, each item from a source the seller can
    trace: the notice, the data analysis, the seller's answers and confirmed choices.

    Built by :func:`reinstate.compose.claims.case_claims` from the case's facts (the checker
    never imports the composer). ``asin_figures`` maps an ASIN to a fact key
    (``complaint_count``, ``units_sold_365d`` ...) and that ASIN's own figure; ``figures`` the
    account's figures by fact key (several values when several findings give one);
    ``numbers`` every figure the case holds, whatever its label; ``given`` the figures the
    seller gave in answers (invoiced units, units removed ...); ``latest_date`` the letter's
    own date (nothing it reports happened later); ``parties`` the names the case knows (store,
    suppliers, rights owner, carriers), lower case. ``actions`` maps a corrective action or
    preventive measure of the knowledge base to the words of its English text, and
    ``confirmed`` holds the ids the seller gave or confirmed (``None``: nothing confirmed).
    """

    asins: frozenset[str] = frozenset()
    order_ids: frozenset[str] = frozenset()
    asin_figures: Mapping[str, Mapping[str, float]] = field(default_factory=lambda: _EMPTY)
    figures: Mapping[str, tuple[float, ...]] = field(default_factory=lambda: _EMPTY)
    numbers: frozenset[float] = frozenset()
    given: frozenset[float] = frozenset()
    dates: frozenset[date] = frozenset()
    latest_date: date | None = None
    parties: frozenset[str] = frozenset()
    actions: Mapping[str, frozenset[str]] = field(default_factory=lambda: _EMPTY)
    confirmed: frozenset[str] | None = None

    def to_json(self) -> dict[str, Any]:
        """A JSON-safe copy (a draft stores it beside its letter, for checks of later edits)."""
        return {
            "asins": sorted(self.asins),
            "order_ids": sorted(self.order_ids),
            "asin_figures": {a: dict(f) for a, f in self.asin_figures.items()},
            "figures": {k: list(v) for k, v in self.figures.items()},
            "numbers": sorted(self.numbers),
            "given": sorted(self.given),
            "dates": sorted(d.isoformat() for d in self.dates),
            "latest_date": self.latest_date.isoformat() if self.latest_date else None,
            "parties": sorted(self.parties),
            "actions": {k: sorted(v) for k, v in self.actions.items()},
            "confirmed": None if self.confirmed is None else sorted(self.confirmed),
        }

    @classmethod
    def from_json(cls, raw: Mapping[str, Any]) -> CaseClaims:
        confirmed = raw.get("confirmed")
        latest = raw.get("latest_date")
        return cls(
            asins=frozenset(raw.get("asins") or ()),
            order_ids=frozenset(raw.get("order_ids") or ()),
            asin_figures={
                str(a): {str(k): float(v) for k, v in f.items()}
                for a, f in (raw.get("asin_figures") or {}).items()
            },
            figures={
                str(k): tuple(float(x) for x in v) for k, v in (raw.get("figures") or {}).items()
            },
            numbers=frozenset(float(n) for n in raw.get("numbers") or ()),
            given=frozenset(float(n) for n in raw.get("given") or ()),
            dates=frozenset(date.fromisoformat(str(d)) for d in raw.get("dates") or ()),
            latest_date=date.fromisoformat(str(latest)) if latest else None,
            parties=frozenset(str(p) for p in raw.get("parties") or ()),
            actions={str(k): frozenset(v) for k, v in (raw.get("actions") or {}).items()},
            confirmed=None if confirmed is None else frozenset(confirmed),
        )


@dataclass(frozen=True, slots=True)
class CheckContext:
    """What the case already knows, so the checker can compare the letter with it.

    Every field is optional: without a context the checker still runs every check that needs only
    the letter. ``known_figures`` maps a fact key (``order_defect_rate``, ``defect_orders`` ...) to
    the figure as the case knows it (``"2.31%"``, ``"37"``); ``form_limits`` maps a section
    (``root_cause``, ``corrective_actions``, ``preventive_measures``, ``operating_plan`` or
    ``letter`` for the whole text) to the most characters Seller Central's form takes.
    ``in_error`` says whether the letter disputes the enforcement ("deactivated in error") rather
    than admitting a fault; ``None`` lets the checker tell from the wording.
    """

    notice_asins: Sequence[str] = ()
    notice_order_ids: Sequence[str] = ()
    known_figures: Mapping[str, str] = field(default_factory=lambda: _EMPTY)
    known_dates: Sequence[date] = ()
    previous_letters: Sequence[str] = ()
    form_limits: Mapping[str, int] = field(default_factory=lambda: _EMPTY)
    grammar: bool = True
    in_error: bool | None = None
    # The case's facts: with them every ASIN, order ID, figure, date, name and action of the
    # letter is held against its source (claim_unsupported / claim_contradicted).
    claims: CaseClaims | None = None


@dataclass(frozen=True, slots=True)
class CheckFinding:
    """One problem in the letter, at ``letter[start:end]``, explained in English and Chinese."""

    code: str
    severity: Severity
    start: int
    end: int
    message: str
    suggestion: str
    message_zh: str
    suggestion_zh: str
    message_zh_hant: str = ""
    suggestion_zh_hant: str = ""
    family: str = ""
    quote: str = ""
    # For a claim finding: the fact of the case it was held against (empty otherwise).
    fact: str = ""

    def text(self, lang: Lang = "en") -> tuple[str, str]:
        """The (message, suggestion) pair in ``lang``."""
        if lang == "zh-hans":
            return self.message_zh, self.suggestion_zh
        if lang == "zh-hant":
            return (
                self.message_zh_hant or self.message_zh,
                self.suggestion_zh_hant or self.suggestion_zh,
            )
        return self.message, self.suggestion

    def to_json(self, lang: Lang = "en") -> dict[str, Any]:
        message, suggestion = self.text(lang)
        return {
            "code": self.code,
            "severity": str(self.severity),
            "start": self.start,
            "end": self.end,
            "message": message,
            "suggestion": suggestion,
            **({"fact": self.fact} if self.fact else {}),
        }


@dataclass(frozen=True, slots=True)
class CheckReport:
    """The result of :func:`reinstate.check.check_letter`: a score, a verdict and the findings."""

    score: int
    verdict: Verdict
    findings: tuple[CheckFinding, ...]
    letter_length: int = 0
    sentence_count: int = 0
    word_count: int = 0

    def count(self, severity: Severity) -> int:
        return sum(1 for finding in self.findings if finding.severity is severity)

    @property
    def codes(self) -> frozenset[str]:
        return frozenset(finding.code for finding in self.findings)

    def to_json(self, lang: str = "en") -> dict[str, Any]:
        """The contract dict of ``reinstate check --json`` (see contracts.md)."""
        if lang not in LANGS:
            raise ValueError(f"unknown language {lang!r}; use one of {', '.join(LANGS)}")
        chosen: Lang = lang
        return {
            "score": self.score,
            "verdict": str(self.verdict),
            "findings": [finding.to_json(chosen) for finding in self.findings],
        }
