"""Running ``reinstate`` as a user does: a process of its own, its exit status and output."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

COMMAND = [sys.executable, "-c", "from reinstate.cli.main import run; run()"]


def run_reinstate(
    *args: str, stdin: bytes | Path | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """``reinstate ARGS`` with ``stdin`` (bytes, or a file streamed in; nothing by default);
    stdout and stderr as text (UTF-8, undecodable bytes replaced)."""
    source = stdin.open("rb") if isinstance(stdin, Path) else None
    try:
        result = subprocess.run(
            [*COMMAND, *args],
            input=None if source is not None or stdin is None else stdin,
            stdin=source if source is not None else (subprocess.DEVNULL if stdin is None else None),
            capture_output=True,
            timeout=timeout,
            check=False,
        )
    finally:
        if source is not None:
            source.close()
    return subprocess.CompletedProcess(
        result.args,
        result.returncode,
        result.stdout.decode("utf-8", "replace"),
        result.stderr.decode("utf-8", "replace"),
    )
