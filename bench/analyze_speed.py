"""How long the full analysis takes against a bare polars read of the same files, by size.

For each size (100,000, 1,000,000 and 5,000,000 All Orders rows by default, with the
seller-fulfilled shipment file that goes with them, returns of 10% and feedback rows of 5% of
the orders: 100,000 and 50,000 at 1M) the exports are generated into a temporary directory,
then two things are timed, alternately, each run in a process of its own:

- bare: ``polars.read_csv`` of every export (default options, lossy UTF-8 so the Cp1252
  listings file reads too), ``json.load`` of the performance report;
- analysis: ``reinstate.analysis.analyze`` on the directory (reading, typing, rejected-row
  accounting, every metric and finding);
- reading: ``reinstate.analysis.dataset.load`` alone (reading, typing, rejected-row accounting,
  no metric): what the analysis would take if every calculation were free, so the floor of any
  work on the calculations.

Seconds are taken inside the process after its imports; peak memory is the process's own
``ru_maxrss``, read by a small launcher (``tests/core/analysis/hostile_files.measure``: a
process forked from this one would start from this one's peak). Each figure is the best of
``--repeat`` runs (CPU seconds too: wall time moves with other work on the machine, CPU time
much less). The ratio is analysis / bare read. At 5M orders the analysis must stay under
2 GB of peak memory; the run is bounded in time (``--time-limit`` per measurement, a run past
it is stopped and reported) and can be left out with ``--skip-5m``.

With ``--compare SRC`` (the ``src`` folder of another checkout, e.g. ``git worktree add
/tmp/before <commit>`` then ``/tmp/before/src``), that code's analysis and reading are measured
too, in the same alternation, and printed with their ratios to the same bare read: a before and
after that load on the machine cannot tell apart from a change.

Run: ``.venv/bin/python bench/analyze_speed.py [--repeat 3] [--skip-5m] [--sizes 1000000]
[--compare /tmp/before/src]``.
Aim (issue 14): analysis within 1.3x of the bare read at 1M orders, peak memory no higher than
the bare read's.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.core.analysis import hostile_files as hf  # noqa: E402 - after the path is set

SIZES = (100_000, 1_000_000, 5_000_000)
LARGE = 5_000_000
LARGE_PEAK_MIB = 2048
MODES = ("analysis", "reading", "bare")
COMPARED = " (compared)"


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


def _reading(directory: Path) -> None:
    from reinstate.analysis.dataset import load

    load([directory])


def child(mode: str, directory: Path, src: str | None = None) -> None:
    """Run one measurement and print it as JSON (wall and CPU seconds after the imports).

    ``src``: measure the ``reinstate`` package of that folder instead of this checkout's.
    """
    if src is not None:
        sys.path.insert(0, src)
    import polars  # noqa: F401 - imported before the clock starts, as in the other mode

    import reinstate.analysis

    if src is not None and not Path(reinstate.analysis.__file__ or "").is_relative_to(src):
        raise SystemExit(f"reinstate was imported from {reinstate.analysis.__file__}, not {src}")

    work = {"bare": _bare, "analysis": _analysis, "reading": _reading}[mode]
    before = resource.getrusage(resource.RUSAGE_SELF)
    start = time.perf_counter()
    work(directory)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_SELF)
    # CPU time (all threads) moves less than wall time when other work shares the cores.
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    print(json.dumps({"mode": mode, "seconds": elapsed, "cpu_seconds": cpu}))


@dataclass(slots=True)
class Best:
    """The best of the runs of one mode at one size (None when every run was stopped)."""

    seconds: float | None = None
    cpu_seconds: float | None = None
    peak_mib: float | None = None
    stopped: int = 0

    def add(self, run: hf.Measured) -> None:
        if run.killed or run.status != 0:
            self.stopped += 1
            return
        figures = json.loads(run.stdout.strip().splitlines()[-1])
        self.seconds = _least(self.seconds, float(figures["seconds"]))
        self.cpu_seconds = _least(self.cpu_seconds, float(figures["cpu_seconds"]))
        # The worst peak: memory is a limit, not a speed (it moves little between runs).
        self.peak_mib = max(self.peak_mib or 0.0, run.peak_mb)


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def _least(current: float | None, new: float) -> float:
    return new if current is None else min(current, new)


def measure(mode: str, directory: Path, time_limit: float, src: str | None = None) -> hf.Measured:
    command = [sys.executable, __file__, "--child", mode, str(directory)]
    if src is not None:
        command += ["--src", src]
    return hf.measure(command, timeout=time_limit)


def generate(directory: Path, orders: int, time_limit: float) -> float:
    """Write the exports for ``orders`` rows (in a process of its own); return the seconds."""
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, __file__, "--generate", str(directory), "--orders", str(orders)],
        check=True,
        timeout=time_limit,
    )
    return time.perf_counter() - started


def bench_size(
    orders: int, repeat: int, time_limit: float, compare: str | None = None
) -> dict[str, Best]:
    with tempfile.TemporaryDirectory(prefix="reinstate-bench-") as tmp:
        directory = Path(tmp)
        seconds = generate(directory, orders, max(time_limit, 900.0))
        size = sum(p.stat().st_size for p in directory.iterdir() if not p.name.startswith("_"))
        print(
            f"{orders:,} orders, {orders // 10:,} returns, {orders // 20:,} feedback rows: "
            f"{size / 2**20:,.0f} MiB generated in {seconds:.1f} s",
            flush=True,
        )
        runs: list[tuple[str, str, str | None]] = [(mode, mode, None) for mode in MODES]
        if compare is not None:
            runs += [(mode + COMPARED, mode, compare) for mode in ("analysis", "reading")]
        best = {label: Best() for label, _, _ in runs}
        for _ in range(repeat):
            for label, mode, src in runs:  # alternate, so that load on the machine hits all alike
                best[label].add(measure(mode, directory, time_limit, src))
    return best


def _figure(value: float | None, unit: str, width: int = 7) -> str:
    return f"{value:{width}.2f} {unit}" if value is not None else f"{'-':>{width}} {unit}"


def report(orders: int, best: dict[str, Best], time_limit: float) -> bool:
    """Print one size's line; False when the size failed its memory bound or was stopped."""
    analysis, bare, reading = best["analysis"], best["bare"], best["reading"]
    ratio = cpu_ratio = None
    if analysis.seconds is not None and bare.seconds:
        ratio = analysis.seconds / bare.seconds
    if analysis.cpu_seconds is not None and bare.cpu_seconds:
        cpu_ratio = analysis.cpu_seconds / bare.cpu_seconds
    print(
        f"{orders:>10,}  analysis {_figure(analysis.seconds, 's')}  "
        f"bare read {_figure(bare.seconds, 's')}  ratio {_figure(ratio, 'x', 5)}   "
        f"cpu {_figure(analysis.cpu_seconds, 's')} / {_figure(bare.cpu_seconds, 's')} "
        f"= {_figure(cpu_ratio, 'x', 5)}   peak memory {analysis.peak_mib or 0:6.0f} MiB "
        f"analysis / {bare.peak_mib or 0:6.0f} MiB bare",
        flush=True,
    )
    for label in ("analysis" + COMPARED, "reading" + COMPARED):
        if label in best:
            _against_bare(label, best[label], bare)
    _against_bare("reading alone (no metric)", reading, bare)
    ok = True
    for label, figures in best.items():
        if figures.stopped:
            print(f"{'':12}{label}: {figures.stopped} run(s) stopped after {time_limit:.0f} s")
            ok = False
    if orders >= LARGE:
        peak = analysis.peak_mib
        within = peak is not None and peak < LARGE_PEAK_MIB
        state = "within" if within else "OVER"
        print(f"{'':12}analysis peak memory {state} the {LARGE_PEAK_MIB:,} MiB bound at 5M orders")
        ok = ok and within
    return ok


def _against_bare(label: str, run: Best, bare: Best) -> None:
    if run.seconds is None or not bare.seconds or not bare.cpu_seconds:
        return
    print(
        f"{'':12}{label} {_figure(run.seconds, 's')} = {run.seconds / bare.seconds:.2f}x the "
        f"bare read, cpu {_figure(run.cpu_seconds, 's')} = "
        f"{(run.cpu_seconds or 0) / bare.cpu_seconds:.2f}x, peak memory "
        f"{run.peak_mib or 0:.0f} MiB",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument(
        "--sizes",
        default=",".join(str(s) for s in SIZES),
        help="order counts, comma-separated (default: %(default)s)",
    )
    parser.add_argument("--skip-5m", action="store_true", help="leave out sizes of 5M and more")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--time-limit", type=float, default=300.0, help="seconds per measurement (default 300)"
    )
    parser.add_argument(
        "--compare",
        metavar="SRC",
        help="the src folder of another checkout, measured too (analysis and reading)",
    )
    parser.add_argument("--child", nargs=2, metavar=("MODE", "DIR"), help=argparse.SUPPRESS)
    parser.add_argument("--src", help=argparse.SUPPRESS)
    parser.add_argument("--generate", metavar="DIR", help=argparse.SUPPRESS)
    parser.add_argument("--orders", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], Path(args.child[1]), args.src)
        return
    if args.generate:
        from reinstate.demo import write_demo_data

        orders = int(args.orders)
        write_demo_data(Path(args.generate), orders=orders, returns=orders // 10,
                        feedback=orders // 20, today=date(2026, 5, 2))  # fmt: skip
        return
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    if args.skip_5m:
        sizes = [s for s in sizes if s < LARGE]
    print(
        f"best of {args.repeat}; each run in a process of its own (seconds after imports); "
        f"load average {_load()}" + (f"; compared with {args.compare}" if args.compare else "")
    )
    ok = True
    for orders in sizes:
        compare = str(Path(args.compare).resolve()) if args.compare else None
        best = bench_size(orders, args.repeat, args.time_limit, compare)
        ok = report(orders, best, args.time_limit) and ok
        print(f"{'':12}load average {_load()}", flush=True)
    if not ok:
        sys.exit(1)


if __name__ == "__main__":
    main()
