"""Shared pieces of the seller-data tests: generated exports and an upload helper."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from django.http.response import HttpResponseBase
from django.test import Client
from django.urls import reverse

from reinstate.demo import DemoManifest, write_demo_data
from reinstate_web.cases.models import Case

TODAY = date(2026, 5, 2)


def demo_exports(folder: Path) -> DemoManifest:
    """Realistic Seller Central exports with planted problems (small: a fraction of a second)."""
    return write_demo_data(folder, orders=800, today=TODAY, seed=11)


def upload(client: Client, case: Case, *paths: Path, htmx: bool = True) -> HttpResponseBase:
    handles = [p.open("rb") for p in paths]
    try:
        headers = {"HX-Request": "true"} if htmx else {}
        return client.post(
            reverse("analysis:upload", kwargs={"pk": case.pk}),
            {"exports": handles},
            headers=headers,
        )
    finally:
        for handle in handles:
            handle.close()
