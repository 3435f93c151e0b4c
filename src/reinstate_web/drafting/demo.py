"""This app's part of the demo case that ``make run`` loads: the seller's answers to the
questionnaire and a first composed draft, so the case page shows a letter, its Chinese mirror and
its check. Everything here is fictional; dates are relative to the day of loading."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from reinstate.compose import compose
from reinstate.errors import ReinstateError
from reinstate_web.accounts.models import User
from reinstate_web.cases.models import Case
from reinstate_web.drafting import services

# Used only when the notice and the seller's data (attached by the other demo parts, if at all)
# leave the letter without them.
DEMO_ASINS = ["B0C7XK2M4Q", "B09RLT8V3D"]
DEMO_EXTRAS: dict[str, Any] = {
    "notice:asins": DEMO_ASINS,
    "fact:complaint_count": 9,
    "fact:units_sold_365d": 1692,
}


def demo_answers() -> dict[str, Any]:
    """What the Brightway Home seller answered (the inauthentic-complaints questionnaire)."""
    today = timezone.localdate()
    return {
        "sourcing_channel": ["unauthorised_wholesaler"],
        "supplier_name": "Yiwu Jiali Trading Co., Ltd.",
        "invoices_cover_sales": "partly",
        "invoice_units": 420,
        "barcode_type": "manufacturer",
        "first_invoice_date": (today - timedelta(days=200)).isoformat(),
        "units_removed": 180,
        "new_supplier_name": "Ningbo Homeline Appliances Co., Ltd.",
        "action_date": (today - timedelta(days=4)).isoformat(),
        "start_date": (today - timedelta(days=2)).isoformat(),
        "owner_role": "operations_manager",
    }


def attach(case: Case, user: User) -> None:
    """Save the demo answers, compose version 1 of the appeal, and confirm its suggested actions
    (version 2)."""
    answers = demo_answers()
    try:
        facts = services.case_facts(case, answers)
    except ReinstateError:
        return  # no category: the demo case always has one, but never break `make run`
    # Fill a figure or a notice detail only when the notice and the data did not give it.
    missing = {q.answer_key for q in compose(facts).open_questions}
    answers.update({k: v for k, v in DEMO_EXTRAS.items() if k in missing})
    answer_set = services.save_answers(case, answers, user)
    first = services.compose_draft(case, user, answer_set=answer_set)
    # Version 2: the demo seller confirms the suggested actions they took (the journey a new
    # user follows: suggestions are marked until the seller says they did them).
    done = [item.partition(":")[2] for item in first.unconfirmed]
    if done:
        services.confirm_suggestions(case, first, done, user)
