"""Time to compose one appeal: warm, per letter, over the case fixtures of every category.

Run from the repository root:  .venv/bin/python bench/compose_speed.py [--runs N]

Each run composes the 20 fixture cases of tests/fixtures/cases (every category, with findings,
answers and figures), admitted and "deactivated in error", with the Simplified Chinese mirror:
40 letters. The knowledge base is loaded once before timing (as in a running server), so the
figure is the composer's own work: choosing parts, filling slots, the three form sections, the
letter and its mirror. The baseline is formatting a fixed string of the same length with
``str.format`` (the least any templating must do). The cold figure is the first composition in a
fresh process, imports and the knowledge base included.
"""

from __future__ import annotations

import dataclasses
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))

_COLD = """
import json, sys, time
sys.path.insert(0, sys.argv[1])
start = time.perf_counter()
from reinstate.compose import compose
from tests.core.compose.case_files import load_case
facts, _ = load_case("inauthentic")
compose(facts)
print(json.dumps({"seconds": time.perf_counter() - start}))
"""


def cold() -> float:
    result = subprocess.run(
        [sys.executable, "-c", _COLD, str(ROOT)],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        timeout=120,
    )
    return float(json.loads(result.stdout)["seconds"])


def main(argv: list[str]) -> int:
    from tests.core.compose.case_files import CASES, load_case

    from reinstate.compose import compose

    runs = int(argv[argv.index("--runs") + 1]) if "--runs" in argv else 5
    cases = []
    for path in sorted(CASES.glob("*.yaml")):
        facts, _ = load_case(path.stem)
        cases.extend([facts, dataclasses.replace(facts, in_error=True)])
    letters = [compose(f) for f in cases]  # warm up: knowledge base loaded and parsed
    per_letter: list[float] = []
    for _ in range(runs):
        for facts in cases:
            start = time.perf_counter()
            compose(facts)
            per_letter.append(time.perf_counter() - start)
    sample = letters[0].letter
    template = "{0}" + "x" * (len(sample) - 3)
    baseline: list[float] = []
    for _ in range(2000):
        start = time.perf_counter()
        template.format("y")
        baseline.append(time.perf_counter() - start)
    cold_seconds = cold()

    ms = statistics.median(per_letter) * 1000
    p95 = sorted(per_letter)[int(0.95 * (len(per_letter) - 1))] * 1000
    base_us = statistics.median(baseline) * 1e6
    chars = statistics.mean(len(a.letter) for a in letters)
    print(f"letters composed: {len(cases)} x {runs} runs ({chars:,.0f} characters on average)")
    print(f"compose, warm:    median {ms:.1f} ms per letter, p95 {p95:.1f} ms (with mirror)")
    print(f"baseline:         str.format of a {len(sample):,}-character string {base_us:.2f} µs")
    print(f"ratio:            {ms * 1000 / base_us:,.0f}x the baseline")
    print(f"cold:             {cold_seconds * 1000:.0f} ms for the first letter in a new process")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
