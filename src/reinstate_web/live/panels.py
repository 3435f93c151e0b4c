"""Template context of the live-data blocks: on the case page (step 1, under the seller's
data) and on the seller account page. Rendered through ``templatetags/live_tags.py`` so that
the cases app only includes a template."""

from __future__ import annotations

from typing import Any

from reinstate_web.accounts.models import Membership, User
from reinstate_web.cases.access import EDIT_ROLES, can_edit
from reinstate_web.cases.models import MARKETPLACES, Case, SellerAccount
from reinstate_web.live import labels, services
from reinstate_web.live.models import LiveFetch, LiveSnapshot, SellingPartnerConnection

MARKETPLACE_SITES = dict(MARKETPLACES)


def _connection(connection: SellingPartnerConnection | None) -> dict[str, Any] | None:
    if connection is None:
        return None
    return {
        "marketplace": connection.marketplace,
        "site": MARKETPLACE_SITES.get(connection.marketplace, connection.marketplace),
        "app_id_hint": connection.app_id_hint,
        "connected_at": connection.connected_at,
        "connected_by": connection.connected_by,
    }


def present_snapshot(snapshot: LiveSnapshot) -> dict[str, Any]:
    return {
        "snapshot": snapshot,
        "report_name": labels.report_name(snapshot.report_type),
        "message": labels.error_message(snapshot.error_code) if snapshot.error_code else "",
        # Amazon's own reason for a failed report, in English as Amazon wrote it.
        "detail": snapshot.error if snapshot.error_code == "report_failed" else "",
    }


def present_fetch(fetch: LiveFetch | None) -> dict[str, Any] | None:
    if fetch is None:
        return None
    snapshots = fetch.snapshots.select_related("data_file")
    return {
        "fetch": fetch,
        "error": labels.error_message(fetch.error_code) if fetch.error_code else "",
        "snapshots": [present_snapshot(s) for s in snapshots],
    }


def case_context(case: Case, user: User) -> dict[str, Any]:
    """``live_*`` keys for ``live/_case_panel.html``."""
    latest = services.latest_fetch(case)
    # Snapshots belong to the case's fetches: none without a fetch.
    history = (
        LiveSnapshot.objects.filter(fetch__case=case, data_file__isnull=False)
        .exclude(outcome=LiveSnapshot.Outcome.SAME)
        .select_related("data_file", "fetch")
        .order_by("-fetch_id", "id")[:20]
        if latest is not None
        else []
    )
    return {
        "live_connection": _connection(services.connection_for(case.account)),
        "live_can_edit": can_edit(user, case),
        "live_fetch": present_fetch(latest),
        "live_history": [present_snapshot(s) for s in history],
        "live_account": case.account,
    }


def account_context(account: SellerAccount, user: User) -> dict[str, Any]:
    """``live_*`` keys for the account page block and the connection page."""
    editor = Membership.objects.filter(
        user=user, organisation_id=account.organisation_id, role__in=EDIT_ROLES
    ).exists()
    return {
        "live_connection": _connection(services.connection_for(account)),
        "live_can_edit": editor,
        "live_account": account,
    }
