"""Import a case bundle from the shell into an organisation.

python -m reinstate_web import_case case-12.zip --organisation "Appeals Ltd" --as li@example.com
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from reinstate_web.accounts.models import Membership, Organisation
from reinstate_web.teams import bundles


class Command(BaseCommand):
    help = "Verify a case bundle and import it as a new case of an organisation."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("bundle", type=Path, help="The bundle (.zip).")
        parser.add_argument("--organisation", required=True, help="Company or team name.")
        parser.add_argument(
            "--as", dest="email", required=True, help="The member who imports (the timeline)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        organisation = Organisation.objects.filter(name=options["organisation"]).first()
        if organisation is None:
            raise CommandError(f"No organisation named {options['organisation']!r}.")
        membership = (
            Membership.objects.filter(
                organisation=organisation, user__email=str(options["email"]).lower()
            )
            .select_related("user")
            .first()
        )
        if membership is None:
            raise CommandError(f"{options['email']} is not a member of {organisation}.")
        try:
            bundle = bundles.verify(options["bundle"])
            case = bundles.import_case(bundle, organisation, actor=membership.user)
        except bundles.ImportRefused as exc:
            raise CommandError(f"The bundle was refused: {exc.message}") from exc
        self.stdout.write(
            f"Imported case {case.pk} into {organisation} "
            f"({len(bundle.manifest.files)} files, every SHA-256 matched)."
        )
