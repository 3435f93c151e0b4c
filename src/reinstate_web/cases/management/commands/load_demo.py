"""``python -m reinstate_web load_demo``: the demo organisation, user and case. Safe to re-run:
existing data is kept and nothing is duplicated."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from reinstate_web.cases.demo import DEMO_EMAIL, DEMO_PASSWORD, load_demo


class Command(BaseCommand):
    help = "Load the demo organisation, user and case (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        case, created = load_demo()
        state = "created" if created else "already there"
        self.stdout.write(f"Demo case {state}: {case.display_title}")
        self.stdout.write(
            self.style.SUCCESS(f"Demo login: {DEMO_EMAIL} / password: {DEMO_PASSWORD}")
        )
