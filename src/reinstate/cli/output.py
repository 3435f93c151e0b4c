"""Shared helpers for command output: JSON on stdout, one-line errors on stderr."""

from __future__ import annotations

import json
import sys
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
