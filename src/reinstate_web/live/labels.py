"""Words shown for report types and for the error codes of ``reinstate.live``."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from reinstate.live import FBA_RETURNS, FEEDBACK, MFN_RETURNS, PERFORMANCE

REPORTS: dict[str, Promise] = {
    PERFORMANCE: _("Account health (seller performance report)"),
    FEEDBACK: _("Negative and neutral feedback"),
    MFN_RETURNS: _("Seller-fulfilled returns"),
    FBA_RETURNS: _("FBA customer returns"),
}

ERRORS: dict[str, Promise] = {
    "credentials": _(
        "Amazon refused the credentials. Check the client identifier, client secret and "
        "refresh token, or authorise the app again in Seller Central, then connect again."
    ),
    "forbidden": _(
        "Amazon refused access to the reports. The app needs the roles for these reports and "
        "must be authorised by this seller account."
    ),
    "throttled": _(
        "Amazon is limiting how often reports can be requested. Try again in a few minutes."
    ),
    "unavailable": _("Amazon could not be reached or its service is failing. Try again later."),
    "timeout": _("Amazon did not finish the report in time. Try again later."),
    "no_data": _("Amazon had no data for this report in the period."),
    "report_failed": _("Amazon could not produce this report."),
    "bad_response": _("Amazon sent an answer Reinstate cannot read. Try again later."),
    "too_large": _("The report is larger than Reinstate accepts."),
    "rejected": _("Amazon refused the request for this report."),
    "not_connected": _("This seller account is not connected to Amazon."),
    "unreadable": _(
        "The stored credentials can no longer be read (the encryption key changed). "
        "Connect the account again."
    ),
}
UNEXPECTED = _("The fetch stopped on an unexpected error. Try again.")


def report_name(report_type: str) -> str:
    return str(REPORTS.get(report_type, report_type))


def error_message(code: str) -> str:
    """One line in the user's language for an error code (unknown codes: the generic line)."""
    return str(ERRORS.get(code, UNEXPECTED))
