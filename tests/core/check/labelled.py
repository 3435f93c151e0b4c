"""The labelled letter passages (tests/fixtures/letters/passages.yaml), shared by the tests and
bench/check_quality.py."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from reinstate.check import CheckContext, CheckReport, check_letter
from reinstate.check.data import code_texts
from reinstate.check.model import CaseClaims

LETTERS = Path(__file__).resolve().parents[2] / "fixtures" / "letters"


@dataclass(frozen=True)
class Passage:
    id: str
    text: str
    kind: str
    expect: frozenset[str]
    allow: frozenset[str]
    known_miss: frozenset[str]
    context: CheckContext
    verdict: str | None = None
    raw: dict[str, Any] = field(default_factory=dict, compare=False)

    def judged_codes(self) -> frozenset[str]:
        """Codes this passage is judged on: all of them for a letter; for a passage, the ones
        that make sense on part of a letter."""
        codes = code_texts()
        if self.kind == "letter":
            return frozenset(codes)
        return frozenset(code for code, text in codes.items() if not text.whole_letter)

    def check(self) -> CheckReport:
        return check_letter(self.text, self.context)

    def fired(self, report: CheckReport | None = None) -> frozenset[str]:
        report = report or self.check()
        return frozenset(report.codes) & self.judged_codes()


def _text_of(value: Any) -> str:
    if isinstance(value, str) and value.startswith("file:"):
        return (LETTERS / value[len("file:") :]).read_text(encoding="utf-8")
    return str(value)


def _claims(raw: dict[str, Any] | None) -> CaseClaims | None:
    """A passage's case facts (``claims:`` in passages.yaml), as the composer would build them."""
    if raw is None:
        return None
    confirmed = raw.get("confirmed")
    return CaseClaims(
        asins=frozenset(raw.get("asins", ())),
        order_ids=frozenset(raw.get("order_ids", ())),
        asin_figures={
            a: {k: float(v) for k, v in f.items()} for a, f in raw.get("asin_figures", {}).items()
        },
        figures={k: tuple(float(x) for x in v) for k, v in raw.get("figures", {}).items()},
        numbers=frozenset(float(n) for n in raw.get("numbers", ())),
        given=frozenset(float(n) for n in raw.get("given", ())),
        dates=frozenset(date.fromisoformat(str(d)) for d in raw.get("dates", ())),
        latest_date=date.fromisoformat(str(raw["latest_date"])) if "latest_date" in raw else None,
        parties=frozenset(str(p).lower() for p in raw.get("parties", ())),
        actions={k: frozenset(v) for k, v in raw.get("actions", {}).items()},
        confirmed=None if confirmed is None else frozenset(confirmed),
    )


def _context(raw: dict[str, Any]) -> CheckContext:
    return CheckContext(
        claims=_claims(raw.get("claims")),
        notice_asins=tuple(raw.get("notice_asins", ())),
        notice_order_ids=tuple(raw.get("notice_order_ids", ())),
        known_figures=dict(raw.get("known_figures", {})),
        known_dates=tuple(date.fromisoformat(str(d)) for d in raw.get("known_dates", ())),
        previous_letters=tuple(_text_of(p) for p in raw.get("previous_letters", ())),
        form_limits=dict(raw.get("form_limits", {})),
    )


def _passage_text(entry: dict[str, Any]) -> str:
    if "text" in entry:
        return str(entry["text"])
    files = entry["file"] if isinstance(entry["file"], list) else [entry["file"]]
    return "\n\n".join((LETTERS / name).read_text(encoding="utf-8").strip() for name in files)


def load_passages(path: Path | None = None) -> list[Passage]:
    data = yaml.safe_load((path or LETTERS / "passages.yaml").read_text(encoding="utf-8"))
    passages = []
    for entry in data["passages"]:
        passages.append(
            Passage(
                id=entry["id"],
                text=_passage_text(entry),
                kind=entry.get("kind", "passage"),
                expect=frozenset(entry.get("expect", ())),
                allow=frozenset(entry.get("allow", ())),
                known_miss=frozenset(entry.get("known_miss", ())),
                context=_context({**entry.get("context", {}), "claims": entry.get("claims")}),
                verdict=entry.get("verdict"),
                raw=entry,
            )
        )
    return passages


@dataclass
class CodeScore:
    true_positive: int = 0
    false_positive: int = 0
    false_negative: int = 0
    false_alarms: list[str] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float | None:
        fired = self.true_positive + self.false_positive
        return self.true_positive / fired if fired else None

    @property
    def recall(self) -> float | None:
        labelled = self.true_positive + self.false_negative
        return self.true_positive / labelled if labelled else None


def score_codes(passages: Iterable[Passage]) -> dict[str, CodeScore]:
    """Precision and recall per code. A code firing on a passage that neither expects nor allows
    it is a false alarm; an expected code (or a known miss) that does not fire is a miss."""
    scores: dict[str, CodeScore] = {code: CodeScore() for code in code_texts()}
    for passage in passages:
        fired = passage.fired()
        labelled = passage.expect | passage.known_miss
        for code in labelled & passage.judged_codes():
            if code in fired:
                scores[code].true_positive += 1
            else:
                scores[code].false_negative += 1
                scores[code].misses.append(passage.id)
        for code in fired - labelled - passage.allow:
            scores[code].false_positive += 1
            scores[code].false_alarms.append(passage.id)
    return scores
