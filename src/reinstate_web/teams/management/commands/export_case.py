"""Export a case as a bundle from the shell.

python -m reinstate_web export_case 12 case-12.zip [--as owner@example.com]
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from reinstate_web.accounts.models import User
from reinstate_web.cases.models import Case
from reinstate_web.teams import bundles


class Command(BaseCommand):
    help = "Write a case as a bundle (ZIP): its notices, data, analyses, letters and timeline."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("case", type=int, help="The case's number (as in its address).")
        parser.add_argument("output", type=Path, help="The .zip file to write.")
        parser.add_argument(
            "--as",
            dest="email",
            default="",
            help="Export what this user sees (a team's unshared drafts); the seller's view "
            "otherwise.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        case = Case.objects.select_related("account").filter(pk=options["case"]).first()
        if case is None:
            raise CommandError(f"No case {options['case']}.")
        user = None
        if options["email"]:
            user = User.objects.filter(email=str(options["email"]).lower()).first()
            if user is None:
                raise CommandError(f"No user {options['email']}.")
        output: Path = options["output"]
        if output.exists():
            raise CommandError(f"{output} exists already: give a new file name.")
        try:
            with output.open("xb") as handle:
                bundles.export_case(case, handle, user=user)
        except BaseException:
            output.unlink(missing_ok=True)
            raise
        self.stdout.write(f"Wrote {output} ({output.stat().st_size:,} bytes).")
