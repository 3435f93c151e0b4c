"""Precision and recall of every check code over the labelled passages.

Run from the repository root:  .venv/bin/python bench/check_quality.py [--details]

The labelled set is tests/fixtures/letters/passages.yaml (good passages, bad passages for each
code, complete good and bad letters). A code firing where the label neither expects nor allows it
is a false alarm; an expected code that does not fire is a miss.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.core.check.labelled import load_passages, score_codes  # noqa: E402


def _percent(value: float | None) -> str:
    return "   -" if value is None else f"{value:4.0%}"


def main(argv: list[str]) -> int:
    details = "--details" in argv
    passages = load_passages()
    scores = score_codes(passages)
    good = [p for p in passages if not p.expect and not p.known_miss]
    good_alarms = [p.id for p in good if p.fired()]
    families: dict[str, list[str]] = {}
    for code in sorted(scores):
        families.setdefault(code.split("_", 1)[0], []).append(code)
    print(f"{len(passages)} labelled passages and letters, {len(good)} of them good\n")
    print(f"{'code':36} {'TP':>3} {'FP':>3} {'FN':>3}  precision  recall")
    total_tp = total_fp = total_fn = 0
    for family, codes in families.items():
        for code in codes:
            score = scores[code]
            total_tp += score.true_positive
            total_fp += score.false_positive
            total_fn += score.false_negative
            print(
                f"{code:36} {score.true_positive:3} {score.false_positive:3} "
                f"{score.false_negative:3}  {_percent(score.precision):>9}  "
                f"{_percent(score.recall):>6}"
            )
            if details and score.false_alarms:
                print(f"    false alarms: {', '.join(score.false_alarms)}")
            if details and score.misses:
                print(f"    misses: {', '.join(score.misses)}")
        print()
    precision = total_tp / (total_tp + total_fp) if total_tp + total_fp else 0.0
    recall = total_tp / (total_tp + total_fn) if total_tp + total_fn else 0.0
    print(f"{'all codes (micro)':36} {total_tp:3} {total_fp:3} {total_fn:3}  {precision:9.0%}  {recall:6.0%}")
    print(f"false alarms on good passages: {len(good_alarms)} {good_alarms if good_alarms else ''}")
    verdicts = [p for p in passages if p.verdict]
    wrong = [(p.id, p.verdict, p.check().verdict.value) for p in verdicts if p.check().verdict.value != p.verdict]
    print(f"letter verdicts right: {len(verdicts) - len(wrong)} of {len(verdicts)} {wrong if wrong else ''}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
