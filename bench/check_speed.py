"""Time to check a 1,000-word letter: cold (first call in a fresh process) and warm.

Run from the repository root:  .venv/bin/python bench/check_speed.py [--runs N]

The letter is the labelled good letters joined and cut at 1,000 words. The baseline is the
cheapest thing a checker must do anyway: a plain regular-expression tokenisation of the same
letter. The cold figure runs in a new Python process, so it includes imports, loading the
Hunspell dictionaries and building Harper's dictionary.
"""

from __future__ import annotations

import json
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOOD = ROOT / "tests" / "fixtures" / "letters" / "good"
WORDS = 1000


def thousand_word_letter() -> str:
    text = "\n\n".join(p.read_text(encoding="utf-8").strip() for p in sorted(GOOD.glob("*.txt")))
    cut = [m.end() for m in re.finditer(r"\S+", text)]
    return text[: cut[WORDS - 1]] if len(cut) >= WORDS else text


_COLD = """
import json, sys, time
letter = sys.stdin.read()
start = time.perf_counter()
from reinstate.check import check_letter
report = check_letter(letter)
print(json.dumps({"seconds": time.perf_counter() - start, "findings": len(report.findings)}))
"""


def cold(letter: str) -> float:
    result = subprocess.run(
        [sys.executable, "-c", _COLD],
        input=letter,
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        timeout=120,
    )
    return float(json.loads(result.stdout)["seconds"])


def timed(function: object, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return times


def main(argv: list[str]) -> int:
    runs = int(argv[argv.index("--runs") + 1]) if "--runs" in argv else 20
    sys.path.insert(0, str(ROOT / "src"))
    from reinstate.check import CheckContext, check_letter

    letter = thousand_word_letter()
    words = len(re.findall(r"\S+", letter))
    cold_seconds = cold(letter)

    check_letter(letter)  # warm up this process
    warm = timed(lambda: check_letter(letter), runs)
    no_grammar = timed(lambda: check_letter(letter, CheckContext(grammar=False)), runs)
    token = re.compile(r"\w+(?:['’-]\w+)*|[^\w\s]")
    baseline = timed(lambda: token.findall(letter), max(runs, 200))

    warm_ms = statistics.median(warm) * 1000
    base_ms = statistics.median(baseline) * 1000
    print(f"letter: {words} words, {len(letter):,} characters; {runs} warm runs (median)")
    print(f"cold (new process, imports and dictionaries): {cold_seconds * 1000:8.0f} ms")
    print(f"warm check_letter:                            {warm_ms:8.1f} ms")
    no_grammar_ms = statistics.median(no_grammar) * 1000
    print(f"warm check_letter without grammar (Harper):   {no_grammar_ms:8.1f} ms")
    print(f"baseline: regex tokenisation of the letter:   {base_ms:8.3f} ms")
    print(f"ratio warm check / baseline:                  {warm_ms / base_ms:8.0f} x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
