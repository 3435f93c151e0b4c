"""Time to check a letter: the command line cold, a fresh machine's first run, and warm.

Run from the repository root:

    .venv/bin/python bench/check_speed.py [--runs N] [--before PATH]

- cold CLI: ``reinstate check letter.txt`` in a new process, wall and CPU time (median and best
  of N),
  for a 1,000-word letter (the labelled good letters joined and cut at 1,000 words) and for a
  95,000-character one (the same letters repeated), with and without grammar (Harper);
- first run: the same command with an empty home folder, so the compiled dictionaries are built
  (what a fresh machine pays once);
- floor: a bare Python process that only builds Harper's Linter and lints the letter as the
  checker does (its rule settings, plain text, identifiers masked), the part of a cold check that
  cannot be cached (it shows how loaded the machine is, too);
- warm: ``check_letter`` again in this process, against a plain regex tokenisation of the letter.

``--before PATH`` runs the same cold and warm measurements on another checkout (for example
``git worktree add /tmp/before <commit>``), interleaved with this one so both see the same load.
"""

from __future__ import annotations

import json
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOOD = ROOT / "tests" / "fixtures" / "letters" / "good"
WORDS = 1000
LONG = 95_000

_CLI = "import sys; from reinstate.cli.main import run; sys.argv[0] = 'reinstate'; run()"
# Harper as the checker runs it (its rules off, plain text, identifiers masked): with Harper's
# defaults the first lint also sets up its spelling suggestions, which the checker leaves off.
_FLOOR = """
import sys, harper
linter = harper.Linter(harper.Dialect.AMERICAN)
config = dict(linter.get_lint_config())
config.update({rule: False for rule in sys.argv[2].split(",") if rule in config})
linter.set_lint_config(config)
text = open(sys.argv[1], encoding="utf-8").read()
linter.lint(text, language="plaintext", regex_mask=sys.argv[3])
"""


def _floor_command(letter: Path) -> list[str]:
    sys.path.insert(0, str(ROOT / "src"))
    from reinstate.check.data import section
    from reinstate.check.grammar import _MASK, _SPELLING_RULES

    off = [*section("language").get("grammar_rules_off", []), *_SPELLING_RULES]
    return [sys.executable, "-c", _FLOOR, str(letter), ",".join(off), _MASK]


_WARM = """
import json, sys, time
sys.path.insert(0, sys.argv[1])
from reinstate.check import CheckContext, check_letter
letter = open(sys.argv[2], encoding="utf-8").read()
check_letter(letter)
runs = int(sys.argv[3])
def median(context):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        check_letter(letter, context)
        times.append(time.perf_counter() - start)
    return sorted(times)[len(times) // 2]
warm, bare = median(CheckContext()), median(CheckContext(grammar=False))
print(json.dumps({"warm": warm, "no_grammar": bare}))
"""


def _good_letters() -> str:
    return "\n\n".join(p.read_text(encoding="utf-8").strip() for p in sorted(GOOD.glob("*.txt")))


def thousand_word_letter() -> str:
    text = _good_letters()
    cut = [m.end() for m in re.finditer(r"\S+", text)]
    return text[: cut[WORDS - 1]] if len(cut) >= WORDS else text


def long_letter() -> str:
    text = _good_letters()
    while len(text) < LONG:
        text += "\n\n" + text
    cut = text.rfind(" ", 0, LONG)
    return text[:cut]


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _wall(command: list[str], source: Path, home: str | None = None) -> tuple[float, float]:
    """(wall, CPU) seconds of one run of ``command`` in a new process (user + system CPU of the
    process and its threads; the benchmark runs one child at a time)."""
    env = dict(os.environ, PYTHONPATH=str(source / "src"))
    if home is not None:
        env["HOME"] = home
    cpu = _children_cpu()
    start = time.perf_counter()
    subprocess.run(command, env=env, capture_output=True, check=False, timeout=300, cwd=ROOT)
    return time.perf_counter() - start, _children_cpu() - cpu


def _cli(path: Path, *options: str) -> list[str]:
    return [sys.executable, "-c", _CLI, "check", *options, str(path)]


def _summary(runs: list[tuple[float, float]]) -> str:
    walls, cpus = [w for w, _ in runs], [c for _, c in runs]
    return (
        f"median {statistics.median(walls):6.3f} s, best {min(walls):6.3f} s; "
        f"CPU median {statistics.median(cpus):6.3f} s, best {min(cpus):6.3f} s"
    )


def main(argv: list[str]) -> int:
    runs = int(argv[argv.index("--runs") + 1]) if "--runs" in argv else 5
    before = Path(argv[argv.index("--before") + 1]).resolve() if "--before" in argv else None
    trees = [("after", ROOT)] + ([("before", before)] if before else [])
    folder = Path(tempfile.mkdtemp(prefix="check-speed-"))
    short, long = folder / "letter-1000-words.txt", folder / "letter-95000-chars.txt"
    short.write_text(thousand_word_letter(), encoding="utf-8")
    long.write_text(long_letter(), encoding="utf-8")
    words = len(re.findall(r"\S+", short.read_text(encoding="utf-8")))
    print(f"letters: {words} words ({short.stat().st_size:,} bytes); {long.stat().st_size:,} bytes")
    print(
        f"{runs} runs each, wall time; this machine: {os.cpu_count()} cores, load "
        f"{os.getloadavg()[0]:.1f}\n"
    )

    cases: dict[str, Callable[[Path], list[str]]] = {
        "cold CLI, 1,000 words": lambda tree: _cli(short),
        "cold CLI, 1,000 words, --no-grammar": lambda tree: _cli(short, "--no-grammar"),
        "cold CLI, 95,000 characters": lambda tree: _cli(long),
    }
    results: dict[tuple[str, str], list[tuple[float, float]]] = {}
    floor = _floor_command(short)
    for _ in range(runs):  # interleaved, so that before and after share the machine's load
        for name, command in cases.items():
            for label, tree in trees:
                results.setdefault((name, label), []).append(_wall(command(tree), tree))
        results.setdefault(("floor", ""), []).append(_wall(floor, ROOT))
    for name in cases:
        for label, _ in trees:
            print(f"{name:38} {label:6} {_summary(results[(name, label)])}")
    print(f"{'floor: Harper alone, build and lint':38} {'':6} {_summary(results[('floor', '')])}")
    print(f"load average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")

    with tempfile.TemporaryDirectory(prefix="fresh-home-") as home:
        first, _ = _wall(_cli(short), ROOT, home=home)
        cached, _ = _wall(_cli(short), ROOT, home=home)
    print(
        f"{'fresh machine: first run (builds cache)':38} {'after':6} {first:6.3f} s, "
        f"then {cached:.3f} s"
    )

    print()
    token = re.compile(r"\w+(?:['’-]\w+)*|[^\w\s]")
    text = short.read_text(encoding="utf-8")
    start = time.perf_counter()
    for _ in range(200):
        token.findall(text)
    base_ms = (time.perf_counter() - start) / 200 * 1000
    for label, tree in trees:
        out = subprocess.run(
            [sys.executable, "-c", _WARM, str(tree / "src"), str(short), str(max(runs, 10))],
            capture_output=True,
            text=True,
            check=True,
            timeout=600,
            cwd=ROOT,
        )
        warm = json.loads(out.stdout)
        print(
            f"warm check_letter, 1,000 words          {label:6} {warm['warm'] * 1000:8.1f} ms "
            f"({warm['warm'] * 1000 / base_ms:,.0f} x the tokenisation); without grammar "
            f"{warm['no_grammar'] * 1000:.1f} ms"
        )
    print(f"baseline: regex tokenisation of the letter       {base_ms:8.3f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
