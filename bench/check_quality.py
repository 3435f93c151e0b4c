"""Precision and recall of every check code over the labelled passages.

Run from the repository root:  .venv/bin/python bench/check_quality.py [--details]

Two labelled sets: tests/fixtures/letters/passages.yaml (good passages, bad passages for each
code, complete good and bad letters; the checker's word lists were tuned on it) and
tests/fixtures/letters/holdout.yaml (written after the lists were set). A code firing where the
label neither expects nor allows it is a false alarm; an expected code that does not fire, or a
labelled known miss, is a miss.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.core.check.labelled import LETTERS, CodeScore, Passage, load_passages, score_codes


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
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
