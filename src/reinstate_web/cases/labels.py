"""Translatable display names of the core's codes, for forms, templates and the admin.

The core returns codes; this is where the web layer turns them into words in the reader's
language (the catalogues in ``locale/`` carry the Chinese).
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from reinstate.codes import Category, Scope
from reinstate.workflow import Status, Step

CATEGORY_NAMES: dict[Category, Promise] = {
    Category.PERFORMANCE_ODR: _("Order defect rate (ODR)"),
    Category.PERFORMANCE_LATE_SHIPMENT: _("Late shipment rate"),
    Category.PERFORMANCE_CANCELLATION: _("Pre-fulfilment cancel rate"),
    Category.PERFORMANCE_TRACKING: _("Valid tracking rate"),
    Category.PERFORMANCE_OTHER: _("Other performance metric"),
    Category.INAUTHENTIC: _("Inauthentic (counterfeit) complaints"),
    Category.IP_TRADEMARK: _("Trademark complaint"),
    Category.IP_COPYRIGHT: _("Copyright complaint"),
    Category.IP_PATENT: _("Patent complaint"),
    Category.IP_OTHER: _("Other intellectual property"),
    Category.RESTRICTED_PRODUCT: _("Restricted product"),
    Category.PRODUCT_SAFETY: _("Product safety"),
    Category.CONDITION: _("Condition complaints (used sold as new)"),
    Category.REVIEW_MANIPULATION: _("Review manipulation"),
    Category.RELATED_ACCOUNTS: _("Related accounts"),
    Category.VERIFICATION: _("Identity or business verification"),
    Category.CODE_OF_CONDUCT: _("Code of Conduct (Section 3)"),
    Category.PRICING: _("Fair pricing"),
    Category.LISTING_POLICY: _("Listing policy"),
    Category.FUNDS_HOLD: _("Funds on hold"),
    Category.OTHER: _("Other"),
}

SCOPE_NAMES: dict[Scope, Promise] = {
    Scope.ACCOUNT: _("Whole account"),
    Scope.LISTING: _("Listings only"),
    Scope.FUNDS: _("Funds held"),
    Scope.WARNING: _("Warning only"),
    Scope.UNKNOWN: _("Not known yet"),
}

STATUS_NAMES: dict[Status, Promise] = {
    Status.DIAGNOSING: _("Finding the cause"),
    Status.DRAFTING: _("Writing the appeal"),
    Status.EVIDENCE: _("Gathering evidence"),
    Status.REVIEW: _("Final check"),
    Status.SUBMITTED: _("Submitted"),
    Status.AWAITING_REPLY: _("Waiting for Amazon"),
    Status.FOLLOW_UP: _("Receipt check sent"),
    Status.REINSTATED: _("Reinstated"),
    Status.MORE_INFO_REQUESTED: _("More information requested"),
    Status.DENIED: _("Denied"),
    Status.ESCALATED: _("With a professional team"),
}

STEP_NAMES: dict[Step, Promise] = {
    Step.DIAGNOSE: _("Find the cause"),
    Step.DRAFT: _("Write the appeal"),
    Step.EVIDENCE: _("Back it with evidence"),
    Step.REVIEW: _("Plan and check"),
    Step.SUBMIT: _("Submit"),
    Step.WATCH: _("Wait for Amazon"),
    Step.OUTCOME: _("Outcome"),
}

STEP_HINTS: dict[Step, Promise] = {
    Step.DIAGNOSE: _("Read Amazon's notice and your own data to find what really went wrong."),
    Step.DRAFT: _("Answer a few questions; Reinstate writes the Plan of Action in English."),
    Step.EVIDENCE: _(
        "Collect the invoices and documents Amazon asks for, checked against its rules."
    ),
    Step.REVIEW: _(
        "Add the operating plan and let the reviewer check tone, structure and English."
    ),
    Step.SUBMIT: _(
        "Copy each section into Seller Central, or send the letter where the notice says."
    ),
    Step.WATCH: _(
        "Wait for Amazon's answer by email or in Account Health, then add it to this case."
    ),
    Step.OUTCOME: _("Record Amazon's decision: reinstated, more information needed, or denied."),
}

CATEGORY_LABELS = [(code.value, name) for code, name in CATEGORY_NAMES.items()]
SCOPE_LABELS = [(code.value, name) for code, name in SCOPE_NAMES.items()]
STATUS_LABELS = [(code.value, name) for code, name in STATUS_NAMES.items()]


def category_label(code: str) -> str:
    """A category code in words ("Not known yet" for a code the core does not know)."""
    try:
        return str(CATEGORY_NAMES[Category(code)])
    except ValueError:
        return str(_("Not known yet"))


def status_label(code: str) -> str:
    """A status code in words (an unknown code as it is)."""
    try:
        return str(STATUS_NAMES[Status(code)])
    except ValueError:
        return code
