"""Shared helpers for command output: JSON on stdout, one-line errors on stderr."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, NoReturn

import typer


def print_json(payload: Any) -> None:
    """Print one JSON document, UTF-8, keys in the order the payload gives them."""
    sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2, default=str))
    sys.stdout.write("\n")


def error_line(message: str) -> str:
    """The one line an error prints: ``reinstate: error: <message on one line>``."""
    first_line = " ".join(message.split()) or "Unknown error."
    return f"reinstate: error: {first_line}\n"


def fail(message: str, status: int = 2) -> NoReturn:
    """Inside a command: print a one-line error (never a traceback) and stop with ``status``.

    It raises ``typer.Exit``, which only typer turns into an exit status; outside a running
    command (``main.run``) write :func:`error_line` and call ``sys.exit`` instead.
    """
    sys.stderr.write(error_line(message))
    raise typer.Exit(status)


def read_input(source: str | Path, limit: int, what: str) -> tuple[bytes, str | None]:
    """The bytes of a file (or ``-``: standard input), never more than ``limit``: a file or a
    stream past it is refused with its real size where known, before it fills memory.

    Returns the bytes and the file name (None for standard input); raises InputError for a
    missing file, a folder or an unreadable one, TooLargeError past ``limit``.
    """
    from reinstate.errors import InputError, TooLargeError

    if str(source) == "-":
        data = sys.stdin.buffer.read(limit + 1)
        if len(data) > limit:
            raise TooLargeError(
                f"The {what} on standard input is larger than {_size(limit)}, the most "
                "Reinstate reads."
            )
        return data, None
    path = Path(source)
    if path.is_dir():
        raise InputError(f"{path} is a folder: give the {what} file itself.")
    if not path.exists():
        raise InputError(f"No such {what} file: {path}")
    if not path.is_file():
        raise InputError(f"{path} is not a regular file: give the {what} file itself.")
    try:
        size = path.stat().st_size
        if size > limit:
            raise TooLargeError(
                f"{path.name} is {_size(size)}; Reinstate reads a {what} of at most {_size(limit)}."
            )
        with path.open("rb") as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        raise InputError(f"Cannot read {path}: {exc.strerror or exc}") from exc
    if len(data) > limit:  # a special file that grows as it is read (/dev/zero)
        raise TooLargeError(f"{path.name} is larger than {_size(limit)}, the most Reinstate reads.")
    return data, path.name


def _size(count: int) -> str:
    if count >= 1024 * 1024:
        return f"{count / (1024 * 1024):.1f} MB"
    if count >= 1024:
        return f"{count / 1024:.0f} KB"
    return f"{count:,} bytes"
