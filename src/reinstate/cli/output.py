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


def fail(message: str, status: int = 2) -> NoReturn:
    """Print a one-line error (never a traceback) and stop with ``status``."""
    first_line = " ".join(message.split()) or "Unknown error."
    sys.stderr.write(f"reinstate: error: {first_line}\n")
    raise typer.Exit(status)
