"""``reinstate demo-data OUT_DIR [--orders N] [--seed S] [--today YYYY-MM-DD]``.

Writes realistic Seller Central exports with planted problems of every kind (for the demo case,
tests and benchmarks) and ``_manifest.json``, which lists what was planted.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from reinstate.cli.output import fail


def demo_data_command(
    out_dir: Annotated[Path, typer.Argument(help="Folder to write the exports into.")],
    orders: Annotated[
        int, typer.Option("--orders", min=100, help="All Orders rows (order items).")
    ] = 5000,
    seed: Annotated[int, typer.Option("--seed", help="Random seed (same seed, same files).")] = 7,
    today_text: Annotated[
        str, typer.Option("--today", help="Last day of the data (YYYY-MM-DD).")
    ] = "",
) -> None:
    """Write demo exports with planted problems and a manifest of what was planted."""
    from rich.console import Console

    from reinstate.demo import write_demo_data

    try:
        today = date.fromisoformat(today_text) if today_text else None
    except ValueError:
        fail("--today must be a date written YYYY-MM-DD")
    if out_dir.exists() and not out_dir.is_dir():
        fail(f"{out_dir} exists and is not a folder")
    try:
        manifest = write_demo_data(out_dir, seed=seed, orders=orders, today=today)
    except OSError as exc:
        fail(f"{out_dir}: cannot write ({exc.strerror or exc})")
    console = Console()
    for kind, name in manifest.files.items():
        console.print(f"{kind:20s} {out_dir / name}")
    console.print(f"planted: {', '.join(p.code for p in manifest.problems)}")
    console.print(f"manifest: {out_dir / '_manifest.json'}")


def register(app: typer.Typer) -> None:
    app.command("demo-data")(demo_data_command)
