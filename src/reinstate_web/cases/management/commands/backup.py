"""``python -m reinstate_web backup DEST`` (``reinstate backup DEST``): the database and the
uploaded files in one archive, encrypted when REINSTATE_BACKUP_KEY is set (docs/backups.md)."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import DatabaseError

from reinstate_web.backup import BackupError, make_backup


class Command(BaseCommand):
    help = "Back up the database and the uploaded files to DEST (a file, or a folder)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("destination", type=Path, help="The archive to write, or a folder.")
        parser.add_argument(
            "--overwrite", action="store_true", help="Replace DEST when it exists already."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            made = make_backup(options["destination"], overwrite=options["overwrite"])
        except BackupError as exc:
            sys.stderr.write(f"reinstate: error: {' '.join(exc.message.split())}\n")
            raise SystemExit(2) from None
        except (DatabaseError, sqlite3.Error) as exc:
            sys.stderr.write(
                f"reinstate: error: The database failed: {' '.join(str(exc).split())}\n"
            )
            raise SystemExit(2) from None
        except OSError as exc:
            name = f"{exc.filename}: " if exc.filename else ""
            sys.stderr.write(f"reinstate: error: {name}{exc.strerror or exc}\n")
            raise SystemExit(2) from None
        counts = made.counts
        self.stdout.write(
            f"Wrote {made.path} ({made.size:,} bytes"
            f"{', encrypted' if made.encrypted else ', not encrypted'}): "
            f"{counts.get('users', 0):,} people, {counts.get('cases', 0):,} cases, "
            f"{made.files:,} files, each with its SHA-256."
        )
