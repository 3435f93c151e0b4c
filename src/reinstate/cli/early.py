"""What a ``reinstate check`` process starts before anything else: building Harper's Linter.

Harper's Linter takes about 0.65 s to build (its curated dictionary, once per process), most of a
cold check. It needs nothing but ``harper``, so :mod:`reinstate.cli.main` calls :func:`start` as
its first statement, before typer and the checker are imported; ``reinstate check`` then hands the
Linter being built to :func:`reinstate.check.grammar.warm_up`, which configures it. Only for a
check that will run Harper. This module imports nothing of the project (it runs first).
"""

from __future__ import annotations

import threading
from concurrent.futures import Future
from typing import Any

# The bare Linter being built by this process, if it is a check that runs Harper.
building: Future[Any] | None = None


def start(argv: list[str]) -> None:
    """Start building a bare ``harper.Linter`` (American) on a daemon thread, when ``argv`` is
    a ``reinstate check`` that runs the grammar checker and Harper is installed."""
    global building
    if building is not None or len(argv) < 2 or argv[1] != "check":
        return
    if {"--no-grammar", "--help", "-h"} & set(argv):
        return
    try:
        import harper
    except ImportError:
        return
    future: Future[Any] = Future()

    def build() -> None:
        if not future.set_running_or_notify_cancel():
            return
        try:
            future.set_result(harper.Linter(harper.Dialect.AMERICAN))
        except Exception as exc:  # noqa: BLE001 - raised again by result(), where it is used
            future.set_exception(exc)

    threading.Thread(target=build, name="harper-build", daemon=True).start()
    building = future
