"""Words for the analysis codes that the knowledge base does not name (report kinds, finding
titles, column headings). Metric names and complaint families come from the knowledge base in
the user's language; see ``presenters``."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

REPORT_KINDS: dict[str, Promise] = {
    "all_orders": _("All Orders report"),
    "mfn_shipments": _("Seller-fulfilled shipments"),
    "fba_shipments": _("FBA shipments"),
    "feedback": _("Feedback report"),
    "fba_returns": _("FBA customer returns"),
    "mfn_returns": _("Returns by return date"),
    "claims": _("A-to-z claims and chargebacks"),
    "voc": _("Voice of the Customer"),
    "listings": _("Active listings"),
    "performance_report": _("Account performance report (JSON)"),
    "unknown": _("Not recognised"),
}

FINDING_TITLES: dict[str, Promise] = {
    "order_defects": _("Orders with defects"),
    "late_shipments": _("Orders shipped late"),
    "seller_cancellations": _("Orders you cancelled"),
    "missing_tracking": _("Shipments without valid tracking"),
    "late_deliveries": _("Orders delivered late"),
    "used_condition_listings": _("Listings with a used condition"),
    "high_return_rate": _("Products returned far more than the rest"),
    "high_ncx_rate": _("Products with a high negative customer experience rate"),
    "units_sold_365d": _("Units sold in the 365 days before the notice"),
    "notice_asins": _("The ASINs named in the notice"),
    "notice_orders": _("The orders named in the notice"),
    "account_health_report": _("Amazon's account health snapshot"),
}

# Heading of the count column of a finding's ASIN table.
COUNT_HEADINGS: dict[str, Promise] = {
    "order_defects": _("Defective orders"),
    "late_shipments": _("Late orders"),
    "seller_cancellations": _("Cancelled orders"),
    "missing_tracking": _("Orders without tracking"),
    "late_deliveries": _("Late deliveries"),
    "high_return_rate": _("Returned units"),
    "high_ncx_rate": _("Negative experiences"),
    "units_sold_365d": _("Units sold"),
    "used_condition_listings": _("Listings"),
}
COMPLAINTS_HEADING = _("Complaints")
COUNT_HEADING = _("Count")

QUOTE_SOURCES: dict[str, Promise] = {
    "fba_returns": _("FBA return comment"),
    "mfn_returns": _("Return comment"),
    "feedback": _("Seller feedback"),
    "voc": _("Voice of the Customer"),
}

METRIC_STATUS: dict[str, Promise] = {
    "good": _("Meets the target"),
    "bad": _("Misses the target"),
    "none": _("No data"),
}

CHANNELS: dict[str, Promise] = {
    "mfn": _("Seller-fulfilled"),
    "afn": _("Fulfilled by Amazon"),
}

METRIC_SOURCES: dict[str, Promise] = {
    "seller_data": _("Computed from your exports"),
    "performance_report": _("Amazon's own figure"),
}

# Amazon's Account Health Rating and account statuses as the performance report writes them.
ACCOUNT_STATUSES: dict[str, Promise] = {
    "GREAT": _("Great"),
    "GOOD": _("Good"),
    "HEALTHY": _("Healthy"),
    "FAIR": _("Fair"),
    "WARNED": _("Warned: a policy warning is open"),
    "AT_RISK": _("At risk"),
    "CRITICAL": _("Critical: at risk of deactivation"),
    "UNHEALTHY": _("Unhealthy"),
    "NORMAL": _("Normal"),
    "DEACTIVATED": _("Deactivated"),
    "SUSPENDED": _("Suspended"),
}

# What a running analysis is doing (``runner.PHASES``), shown beside its progress bar.
PHASES: dict[str, Promise] = {
    "reading": _("Reading %(file)s"),
    "metrics": _("Calculating the account metrics"),
    "complaints": _("Reading the customers' complaints"),
    "ranking": _("Finding the products behind the problems"),
    "charts": _("Drawing the charts"),
}


def phase_text(run: object) -> str:
    """The words for a queued or running analysis: where it is, or that it waits its turn."""
    phase = str(getattr(run, "phase", "") or "")
    if getattr(run, "status", "") == "queued":
        return str(_("Waiting to start the analysis…"))
    if phase not in PHASES:
        return str(_("Analysing your files…"))
    return str(PHASES[phase]) % {"file": getattr(run, "phase_file", "") or "…"}
