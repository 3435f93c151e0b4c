"""Precision and recall of every check code over the labelled passages.

Run from the repository root:  .venv/bin/python bench/check_quality.py [--details]

Then the blind spots of issue 14 on letters written outside the project
(tests/fixtures/letters/outside: ten clean letters, 46 + 20 misspellings of common words and 25 +
16 sentences that send the reviewer to another case or an earlier contact, each injected into one
clean letter, and 22 look-alike sentences that must raise nothing): a fault counts as found when
its class's code points at it and the letter is not "ready"; any finding of either code on a clean
letter or a look-alike sentence is a false alarm. The second figure of each class is the held-out
part, written after the rules were built.

Then the fact faults of issue 12, injected into every category's complete letter (a figure
moved to another ASIN, an invented count, a date after the letter, an action nobody confirmed)
and checked against the case's facts; the clean letters measure false alarms.

Two labelled sets: tests/fixtures/letters/passages.yaml (good passages, bad passages for each
code, complete good and bad letters; the checker's word lists were tuned on it) and
tests/fixtures/letters/holdout.yaml (written after the lists were set). A code firing where the
label neither expects nor allows it is a false alarm; an expected code that does not fire, or a
labelled known miss, is a miss.
"""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.core.check.labelled import LETTERS, CodeScore, Passage, load_passages, score_codes
from tests.core.check.outside import CLASS_CODES, Injected, clean_letters, injected
from tests.core.compose.case_files import load_case

from reinstate.check import CheckContext, check_letter
from reinstate.check.text import find_dates
from reinstate.compose import KnowledgeBase, compose
from reinstate.compose.claims import case_claims


def _percent(value: float | None) -> str:
    return "-" if value is None else f"{value:.0%}"


def _totals(scores: dict[str, CodeScore]) -> tuple[int, int, int]:
    return (
        sum(s.true_positive for s in scores.values()),
        sum(s.false_positive for s in scores.values()),
        sum(s.false_negative for s in scores.values()),
    )


def _summary(name: str, passages: list[Passage]) -> None:
    tp, fp, fn = _totals(score_codes(passages))
    good = [p for p in passages if not p.expect and not p.known_miss]
    alarms = [p.id for p in good if p.fired()]
    precision = tp / (tp + fp) if tp + fp else None
    recall = tp / (tp + fn) if tp + fn else None
    print(
        f"{name:10} {len(passages):3} passages ({len(good)} good): TP {tp}, FP {fp}, FN {fn}; "
        f"precision {_percent(precision)}, recall {_percent(recall)}; "
        f"false alarms on good passages: {len(alarms)} {alarms or ''}"
    )


_NOUNS = {
    "complaint_count": "buyer complaints about",
    "units_sold_365d": "units sold of",
    "affected_orders": "affected orders for",
    "defect_orders": "orders with a defect for",
}


def _fault_letters(code: str) -> list[tuple[str, str, int, int]]:
    """(fault, letter, start, end) for one category's fixture case: its confirmed, complete
    letter with one fault injected at letter[start:end]."""
    facts, _ = load_case(code)
    letter = compose(facts).letter
    claims = case_claims(facts)
    out: list[tuple[str, str, int, int]] = []
    anchor = letter.index("Root cause\n") + len("Root cause\n")

    def insert(fault: str, sentence: str, target: str) -> None:
        text = letter[:anchor] + sentence + " " + letter[anchor:]
        start = anchor + sentence.index(target)
        out.append((fault, text, start, start + len(target)))

    figures = claims.asin_figures
    for key, noun in _NOUNS.items():
        owners = [(a, f[key]) for a, f in figures.items() if f.get(key)]
        pair = next(((a, b) for a in owners for b in owners if a[0] != b[0] and a[1] != b[1]), None)
        if pair is None:
            other = [a for a in facts.asins if a not in {o for o, _ in owners}]
            pair = (owners[0], (other[0], 0.0)) if owners and other else None
        if pair is not None:
            (_, value), (to_asin, _) = pair
            shown = f"{value:,.0f}"
            insert("figure moved to another ASIN", f"We found {shown} {noun} {to_asin}.", shown)
            break
    asin = facts.asins[0] if facts.asins else None
    if asin:
        insert("invented count", f"We set aside 4,321 units of {asin}.", "4,321")
    dates = find_dates(letter)
    if dates and facts.today:
        later = facts.today.replace(year=facts.today.year + 1)
        first = dates[0]
        written = f"{later.day} {later:%B %Y}"
        text = letter[: first.start] + written + letter[first.end :]
        out.append(("date after the letter", text, first.start, first.start + len(written)))
    unconfirmed = compose(dataclasses.replace(facts, choices=None)).letter
    unmarked = unconfirmed.replace("[Suggested - confirm or remove] ", "")
    line = next((ln for ln in unmarked.splitlines() if ln.startswith("- On ")), None)
    if line:
        start = unmarked.index(line)
        out.append(("action nobody confirmed", unmarked, start, start + len(line)))
    return out


def _fact_faults() -> None:
    """The fact faults of issue 12, injected into every category's complete letter."""
    found: dict[str, list[int]] = {}
    alarms = 0
    clean = 0
    for code in KnowledgeBase.default().category_codes():
        facts, _ = load_case(code)
        claims = case_claims(facts)
        context = CheckContext(
            notice_asins=facts.asins, notice_order_ids=facts.order_ids, claims=claims, grammar=False
        )
        report = check_letter(compose(facts).letter, context)
        clean += 1
        alarms += sum(1 for f in report.findings if f.code.startswith("claim_"))
        unconfirmed_context = CheckContext(
            notice_asins=facts.asins,
            notice_order_ids=facts.order_ids,
            claims=case_claims(dataclasses.replace(facts, choices=None)),
            grammar=False,
        )
        for fault, text, start, end in _fault_letters(code):
            use = unconfirmed_context if fault == "action nobody confirmed" else context
            hits = [
                f
                for f in check_letter(text, use).findings
                if f.code.startswith("claim_") and f.start < end and start < f.end
            ]
            found.setdefault(fault, [0, 0])
            found[fault][0] += 1
            found[fault][1] += int(bool(hits))
    print("\nfact faults injected into each category's complete, confirmed letter")
    for fault, (letters, caught) in found.items():
        print(f"  {fault:28} {caught:3} of {letters:3} flagged at their span")
    print(
        f"  clean letters               {alarms} claim findings on {clean} letters (false alarms)"
    )


def _found(item: Injected) -> tuple[bool, int]:
    """(the fault is found at its place and the letter is not ready, false alarms elsewhere)."""
    report = check_letter(item.text)
    codes = set(CLASS_CODES.values())
    hits = [f for f in report.findings if f.code in codes]
    at = [f for f in hits if f.start < item.end and item.start < f.end]
    elsewhere = len(hits) - len(at)
    if item.kind == "benign":
        return False, len(hits)
    right = any(f.code == CLASS_CODES[item.kind] for f in at)
    return right and report.verdict.value != "ready", elsewhere


def _blind_spots(details: bool) -> None:
    print("\nblind spots of issue 14, letters written outside the project")
    letters = clean_letters()
    alarms = dict.fromkeys(CLASS_CODES.values(), 0)
    ready = 0
    for text in letters.values():
        report = check_letter(text)
        ready += report.verdict.value == "ready"
        for f in report.findings:
            if f.code in alarms:
                alarms[f.code] += 1
    print(
        f"  clean letters                {len(letters)}: {ready} ready; false alarms "
        + ", ".join(f"{code} {count}" for code, count in alarms.items())
    )
    for kind, code in CLASS_CODES.items():
        for heldout in (False, True):
            items = injected(kind, heldout=heldout)
            results = [_found(item) for item in items]
            caught = sum(found for found, _ in results)
            extra = sum(elsewhere for _, elsewhere in results)
            label = f"{kind} ({'held out' if heldout else 'tuned'})"
            print(
                f"  {label:28} {caught:3} of {len(items):3} found and not ready "
                f"({caught / len(items):.0%}); {extra} false alarms elsewhere  [{code}]"
            )
            if details:
                for item, (found, _) in zip(items, results, strict=True):
                    if not found:
                        print(f"      missed: {item.letter}: {item.fault!r}")
    for heldout in (False, True):
        items = injected("benign", heldout=heldout)
        raised = sum(alarms for _, alarms in (_found(item) for item in items))
        label = f"look-alikes ({'held out' if heldout else 'tuned'})"
        print(f"  {label:28} {len(items):3} sentences: {raised} false alarms")


def main(argv: list[str]) -> int:
    details = "--details" in argv
    tuned = load_passages()
    holdout = load_passages(LETTERS / "holdout.yaml")
    passages = tuned + holdout
    scores = score_codes(passages)
    print(f"{'code':34} {'TP':>3} {'FP':>3} {'FN':>3} {'precision':>10} {'recall':>7}")
    family = ""
    for code in scores:
        if code.split("_", 1)[0] != family:
            family = code.split("_", 1)[0]
            print()
        score = scores[code]
        print(
            f"{code:34} {score.true_positive:3} {score.false_positive:3} "
            f"{score.false_negative:3} {_percent(score.precision):>10} {_percent(score.recall):>7}"
        )
        if details and score.false_alarms:
            print(f"    false alarms: {', '.join(score.false_alarms)}")
        if details and score.misses:
            print(f"    misses: {', '.join(score.misses)}")
    print()
    _summary("tuned set", tuned)
    _summary("holdout", holdout)
    _summary("all", passages)
    verdicts = [p for p in passages if p.verdict]
    wrong = [(p.id, p.verdict, p.check().verdict.value) for p in verdicts]
    wrong = [item for item in wrong if item[1] != item[2]]
    print(f"letter verdicts right: {len(verdicts) - len(wrong)} of {len(verdicts)} {wrong or ''}")
    _blind_spots(details)
    _fact_faults()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
