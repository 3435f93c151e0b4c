"""Hostile uploads against ordinary ones of the same size: wall time and peak memory.

For each class of issue 13 on the data-upload side (decompression bombs in .gz and .xlsx, a
workbook whose zip directory lies about sizes, a zip of 10,000 entries, a CSV with one huge
line, a TSV with 1,000,000 columns, a performance-report JSON nested 100,000 deep, hostile file
names), the worst input is written into a temporary folder next to an ordinary export of the
same size on disk, and ``reinstate analyze --json`` runs on each in its own child process. The
child's peak resident memory is its own ``ru_maxrss`` (``hostile_files.measure`` starts it from
a small launcher, so the bench's own memory does not count); a child past ``--timeout`` seconds
is killed and shown as such.

Run: ``.venv/bin/python bench/hostile_uploads.py [--scale 1.0] [--only gzip,xlsx]``.
``--scale 0.25`` makes every input a quarter of the size (a quick look). Aim: no input over
5 s or 500 MB of peak memory; a refused input ends with one ``reinstate: error:`` line, status 2.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.core.analysis import hostile_files as hf  # noqa: E402 - after the path is set

MB = hf.MB
REINSTATE = ROOT / ".venv" / "bin" / "reinstate"


@dataclass(frozen=True, slots=True)
class Case:
    name: str
    hostile: Callable[[Path, float], Path]
    ordinary: Callable[[Path, int], Path]


def _same_size_text(folder: Path, size: int) -> Path:
    return hf.write_ordinary(folder / "ordinary.txt", size)


def _same_size_csv(folder: Path, size: int) -> Path:
    return hf.write_ordinary(folder / "ordinary.csv", size, sep=",")


def _same_size_gzip(folder: Path, size: int) -> Path:
    # About 8:1 for varied rows: expand to eight times the bomb's size on disk.
    return hf.write_ordinary_gzip(folder / "ordinary.txt.gz", size * 8)


def _same_size_workbook(folder: Path, size: int) -> Path:
    # Varied rows of XML compress about 26 times.
    return hf.write_workbook(folder / "ordinary.xlsx", size * 26)


def _same_size_zip(folder: Path, size: int) -> Path:
    members = {"All Orders.txt": b"".join(hf.ordinary_blocks(size * 8))}
    return hf.write_zip_of_exports(folder / "ordinary.zip", members)


def _same_size_json(folder: Path, size: int) -> Path:
    path = hf.write_performance_report(folder / "ordinary.json")
    text = path.read_text()
    padding = " " * max(0, size - len(text))
    path.write_text(text[:-1] + padding + "}")
    return path


def _hostile_name(folder: Path, scale: float) -> Path:
    # Rich markup, a terminal escape, a right-to-left override and 200 CJK characters.
    name = "[/][bold red]订单" * 5 + "\x1b[31m\u202etxt.exe" + ".txt"
    path = folder / name.replace("/", "／")
    path.write_bytes(hf.write_ordinary(folder / "n.txt", 64 * 1024).read_bytes())
    return path


CASES = (
    Case(
        "gzip bomb (8 MB -> 2 GB)",
        lambda d, s: hf.write_gzip_bomb(d / "bomb.txt.gz", int(2048 * MB * s)),
        _same_size_gzip,
    ),
    Case(
        "xlsx bomb (4 MB -> 1 GB sheet)",
        lambda d, s: hf.write_workbook(d / "bomb.xlsx", int(1024 * MB * s), repeat=True),
        _same_size_workbook,
    ),
    Case(
        "xlsx lying about its sizes",
        lambda d, s: hf.write_lying_workbook(d / "lying.xlsx", int(1024 * MB * s)),
        _same_size_workbook,
    ),
    Case(
        "zip of 10,000 entries",
        lambda d, s: hf.write_zip_with_many_entries(d / "many.zip", int(10_000 * s)),
        _same_size_zip,
    ),
    Case(
        "CSV with one 1 GB line",
        lambda d, s: hf.write_long_line(d / "long.csv", int(1024 * MB * s)),
        _same_size_csv,
    ),
    Case(
        "TSV with 1,000,000 columns",
        lambda d, s: hf.write_wide(d / "wide.txt", int(1_000_000 * s)),
        _same_size_text,
    ),
    Case(
        "JSON nested 100,000 deep",
        lambda d, s: hf.write_deep_json(d / "deep.json", int(100_000 * s)),
        _same_size_json,
    ),
    Case("hostile file name", _hostile_name, _same_size_text),
)


def measure(path: Path, timeout: float) -> tuple[float, float, str]:
    """Seconds, peak MiB and outcome of ``reinstate analyze --json path`` in a child process."""
    command = [str(REINSTATE), "analyze", "--json", "--today", "2026-05-02", str(path)]
    run = hf.measure(command, timeout=timeout)
    lines = run.stderr.splitlines()
    if run.killed:
        outcome = "killed (timeout)"
    elif run.status == 0:
        outcome = "analysed"
    elif run.status == 2 and len(lines) == 1 and lines[0].startswith("reinstate: error:"):
        outcome = "refused: " + lines[0].removeprefix("reinstate: error: ")[:90]
    else:
        tail = lines[-1][:90] if lines else ""
        outcome = f"status {run.status}, {len(lines)} lines on stderr: {tail}"
    return run.seconds, run.peak_mb, outcome


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--timeout", type=float, default=120.0)
    parser.add_argument("--only", default="", help="comma-separated words of the case names")
    args = parser.parse_args()
    wanted = [w.strip().lower() for w in args.only.split(",") if w.strip()]
    print(f"{'class':32} {'input':9} {'size':>9} {'time':>8} {'peak':>9}  outcome")
    for case in CASES:
        if wanted and not any(w in case.name.lower() for w in wanted):
            continue
        with tempfile.TemporaryDirectory(prefix="hostile-") as tmp:
            folder = Path(tmp)
            (folder / "h").mkdir()
            (folder / "o").mkdir()
            hostile = case.hostile(folder / "h", args.scale)
            ordinary = case.ordinary(folder / "o", max(hostile.stat().st_size, 1024))
            for label, path in (("worst", hostile), ("ordinary", ordinary)):
                size = path.stat().st_size / MB
                seconds, peak, outcome = measure(path, args.timeout)
                print(
                    f"{case.name:32} {label:9} {size:7.1f}MB {seconds:7.2f}s {peak:7.0f}MB  "
                    f"{outcome}",
                    flush=True,
                )


if __name__ == "__main__":
    main()
