"""Shared pieces of the drafting tests: a case the composer can write for, and the answers a
seller would give (an inauthentic-complaints deactivation, like the demo)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from reinstate_web.cases.models import Case

ASINS = "B0C7XK2M4Q, B09RLT8V3D"
SUPPLIER = "Yiwu Jiali Trading Co., Ltd."


def answers(**changes: Any) -> dict[str, Any]:
    """The questionnaire as the form posts it (``extra:`` fields fill notice details)."""
    today = timezone.localdate()
    posted: dict[str, Any] = {
        "sourcing_channel": ["unauthorised_wholesaler"],
        "supplier_name": SUPPLIER,
        "invoices_cover_sales": "partly",
        "invoice_units": "420",
        "barcode_type": "manufacturer",
        "first_invoice_date": (today - timedelta(days=200)).isoformat(),
        "units_removed": "180",
        "new_supplier_name": "Ningbo Homeline Appliances Co., Ltd.",
        "action_date": (today - timedelta(days=4)).isoformat(),
        "start_date": (today - timedelta(days=2)).isoformat(),
        "owner_role": "operations_manager",
        "extra:notice:asins": ASINS,
        "extra:fact:complaint_count": "9",
        "extra:fact:units_sold_365d": "1,692",
    }
    posted.update(changes)
    return {k: v for k, v in posted.items() if v is not None}


def make_inauthentic(case: Case) -> Case:
    case.category = "inauthentic"
    case.save(update_fields=["category"])
    return case


def compose(client: Client, case: Case, **changes: Any) -> Any:
    return client.post(
        reverse("drafting:compose", kwargs={"pk": case.pk}),
        answers(**changes),
        HTTP_HX_REQUEST="true",
    )
