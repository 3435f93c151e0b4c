"""How long the full analysis takes against a bare polars read of the same files.

Generates 1,000,000 All Orders rows (with the seller-fulfilled shipment file that goes with
them), 100,000 returns and 50,000 feedback rows into a temporary directory, then times, each in
its own child process so that peak memory (``ru_maxrss``) belongs to one measurement:

- bare: ``polars.read_csv`` of every export (default options, lossy UTF-8 so the Cp1252
  listings file reads too), ``json.load`` of the performance report;
- analysis: ``reinstate.analysis.analyze`` on the directory (reading, typing, rejected-row
  accounting, every metric and finding).

Timings are taken inside the child after imports, best and median of ``--repeat`` runs.
Run: ``.venv/bin/python bench/analyze_speed.py [--orders N] [--repeat 3]``. Aim: analysis
within 1.5x of the bare read.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path


def _bare(directory: Path) -> None:
    import polars as pl

    for path in sorted(directory.iterdir()):
        if path.name.startswith("_"):
            continue
        if path.suffix == ".json":
            json.loads(path.read_text("utf-8"))
            continue
        separator = "," if path.suffix == ".csv" else "\t"
        pl.read_csv(path, separator=separator, encoding="utf8-lossy")


def _analysis(directory: Path) -> None:
    from reinstate.analysis import analyze

    analyze([directory])


def child(mode: str, directory: Path) -> None:
    """Run one measurement and print it as JSON (seconds, peak resident memory in MiB)."""
    import polars  # noqa: F401 - imported before the clock starts, as in the other mode

    import reinstate.analysis  # noqa: F401

    work = _bare if mode == "bare" else _analysis
    before = resource.getrusage(resource.RUSAGE_SELF)
    start = time.perf_counter()
    work(directory)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_SELF)
    # CPU time (all threads) moves less than wall time when other work shares the two cores.
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    print(json.dumps({"mode": mode, "seconds": elapsed, "cpu_seconds": cpu,
                      "peak_mib": after.ru_maxrss / 1024}))  # fmt: skip


def measure(mode: str, directory: Path) -> dict[str, float]:
    result = subprocess.run(
        [sys.executable, __file__, "--child", mode, str(directory)],
        capture_output=True,
        text=True,
        check=True,
        timeout=900,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--orders", type=int, default=1_000_000)
    parser.add_argument("--returns", type=int, default=100_000)
    parser.add_argument("--feedback", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--child", nargs=2, metavar=("MODE", "DIR"), help=argparse.SUPPRESS)
    parser.add_argument("--generate", metavar="DIR", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], Path(args.child[1]))
        return
    if args.generate:
        from reinstate.demo import write_demo_data

        write_demo_data(Path(args.generate), orders=args.orders, returns=args.returns,
                        feedback=args.feedback, today=date(2026, 5, 2))  # fmt: skip
        return

    with tempfile.TemporaryDirectory(prefix="reinstate-bench-") as tmp:
        directory = Path(tmp)
        started = time.perf_counter()
        # Generated in a child too: a child inherits its parent's peak memory (ru_maxrss).
        subprocess.run(
            [sys.executable, __file__, "--generate", str(directory), "--orders", str(args.orders),
             "--returns", str(args.returns), "--feedback", str(args.feedback)],
            check=True,
            timeout=900,
        )  # fmt: skip
        generated = time.perf_counter() - started
        sizes = {p.name: p.stat().st_size for p in directory.iterdir()}
        total_mib = sum(s for n, s in sizes.items() if not n.startswith("_")) / 2**20
        print(
            f"generated {args.orders:,} order rows, {args.returns:,} returns, "
            f"{args.feedback:,} feedback rows: {total_mib:.0f} MiB in {generated:.1f} s"
        )
        runs: dict[str, list[dict[str, float]]] = {"bare": [], "analysis": []}
        for _ in range(args.repeat):
            for mode in runs:  # alternate, so that load on the machine hits both alike
                runs[mode].append(measure(mode, directory))
        summary = {}
        for mode, results in runs.items():
            seconds = [r["seconds"] for r in results]
            summary[mode] = (min(seconds), statistics.median(seconds),
                             max(r["peak_mib"] for r in results),
                             min(r["cpu_seconds"] for r in results))  # fmt: skip
            print(f"{mode:9s} best {summary[mode][0]:6.2f} s   median {summary[mode][1]:6.2f} s   "
                  f"cpu best {summary[mode][3]:6.2f} s   "
                  f"peak memory {summary[mode][2]:7.0f} MiB")  # fmt: skip
        ratio_best = summary["analysis"][0] / summary["bare"][0]
        ratio_median = summary["analysis"][1] / summary["bare"][1]
        ratio_cpu = summary["analysis"][3] / summary["bare"][3]
        print(f"ratio analysis / bare read: best {ratio_best:.2f}x, median {ratio_median:.2f}x, "
              f"cpu {ratio_cpu:.2f}x (aim: 1.5x)")  # fmt: skip


if __name__ == "__main__":
    main()
