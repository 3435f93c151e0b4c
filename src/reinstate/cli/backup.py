"""``reinstate backup DEST`` and ``reinstate restore SRC``: the whole installation (database and
uploaded files) in one archive and back.

Both need the web layer's settings (where the database and the uploads are), so, like
``serve``, they hand over to ``python -m reinstate_web backup|restore`` in a new process image;
errors there are one ``reinstate: error:`` line and status 2 too.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer


def backup(
    destination: Annotated[
        Path, typer.Argument(help="The archive to write, or a folder to put a dated one in.")
    ],
    overwrite: Annotated[
        bool, typer.Option("--overwrite", help="Replace DEST when it exists already.")
    ] = False,
) -> None:
    """Back up the database and the uploaded files, consistent while the app runs; encrypted
    with age when REINSTATE_BACKUP_KEY is set. Every file's SHA-256 is in the manifest."""
    argv = [sys.executable, "-m", "reinstate_web", "backup", str(destination)]
    if overwrite:
        argv.append("--overwrite")
    os.execv(sys.executable, argv)  # noqa: S606 - replacing this process is the point


def restore(
    source: Annotated[Path, typer.Argument(help="The backup archive to restore.")],
    force: Annotated[
        bool,
        typer.Option("--force", help="Replace the people, cases and files already here."),
    ] = False,
) -> None:
    """Restore a backup after checking every file's SHA-256; refuses an installation that
    already has people, cases or files unless --force is given."""
    argv = [sys.executable, "-m", "reinstate_web", "restore", str(source)]
    if force:
        argv.append("--force")
    os.execv(sys.executable, argv)  # noqa: S606 - replacing this process is the point


def register(app: typer.Typer) -> None:
    app.command("backup")(backup)
    app.command("restore")(restore)
