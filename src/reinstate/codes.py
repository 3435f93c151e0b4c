"""Stable codes shared by every part of the product (see contracts.md).

Codes are added when the domain needs them and never renamed or dropped: scripts, the web UI,
the API and outside evaluators rely on them.
"""

from __future__ import annotations

from enum import StrEnum


class Category(StrEnum):
    PERFORMANCE_ODR = "performance_odr"
    PERFORMANCE_LATE_SHIPMENT = "performance_late_shipment"
    PERFORMANCE_CANCELLATION = "performance_cancellation"
    PERFORMANCE_TRACKING = "performance_tracking"
    PERFORMANCE_OTHER = "performance_other"
    INAUTHENTIC = "inauthentic"
    IP_TRADEMARK = "ip_trademark"
    IP_COPYRIGHT = "ip_copyright"
    IP_PATENT = "ip_patent"
    IP_OTHER = "ip_other"
    RESTRICTED_PRODUCT = "restricted_product"
    PRODUCT_SAFETY = "product_safety"
    CONDITION = "condition"
    REVIEW_MANIPULATION = "review_manipulation"
    RELATED_ACCOUNTS = "related_accounts"
    VERIFICATION = "verification"
    CODE_OF_CONDUCT = "code_of_conduct"
    PRICING = "pricing"
    LISTING_POLICY = "listing_policy"
    FUNDS_HOLD = "funds_hold"
    OTHER = "other"


class Scope(StrEnum):
    ACCOUNT = "account"
    LISTING = "listing"
    FUNDS = "funds"
    WARNING = "warning"
    UNKNOWN = "unknown"


class MessageKind(StrEnum):
    NOTICE = "notice"
    REPLY = "reply"


class ReplyOutcome(StrEnum):
    REINSTATED = "reinstated"
    MORE_INFO = "more_info"
    DENIED = "denied"
    ACKNOWLEDGED = "acknowledged"
    OTHER = "other"


class Document(StrEnum):
    PLAN_OF_ACTION = "plan_of_action"
    INVOICES = "invoices"
    SUPPLIER_CONTACT = "supplier_contact"
    LETTER_OF_AUTHORIZATION = "letter_of_authorization"
    RIGHTS_OWNER_RETRACTION = "rights_owner_retraction"
    BRAND_REGISTRATION = "brand_registration"
    UTILITY_BILL = "utility_bill"
    IDENTITY_DOCUMENT = "identity_document"
    BUSINESS_LICENSE = "business_license"
    BANK_STATEMENT = "bank_statement"
    CREDIT_CARD = "credit_card"
    VIDEO_INTERVIEW = "video_interview"
    COMPLIANCE_DOCUMENTS = "compliance_documents"
    TRACKING_INFORMATION = "tracking_information"
    ORDER_INFORMATION = "order_information"
    OTHER = "other"


class ChannelKind(StrEnum):
    ACCOUNT_HEALTH = "account_health"
    PERFORMANCE_NOTIFICATIONS = "performance_notifications"
    REPLY_EMAIL = "reply_email"
    EMAIL = "email"
    UNKNOWN = "unknown"


class Severity(StrEnum):
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


class Verdict(StrEnum):
    READY = "ready"
    FIX_FIRST = "fix_first"
    NOT_READY = "not_ready"


class MetricStatus(StrEnum):
    GOOD = "good"
    BAD = "bad"
    NONE = "none"


class SubmissionChannel(StrEnum):
    """Where an appeal (or a follow-up) goes: three Seller Central pages, or two kinds of mail."""

    ACCOUNT_HEALTH_FORM = "account_health_form"
    LISTING_APPEAL = "listing_appeal"
    VIEW_APPEAL = "view_appeal"
    REPLY_TO_NOTICE = "reply_to_notice"
    EMAIL = "email"


class SubmissionMethod(StrEnum):
    """How it went out: the seller pasted it themselves, or Reinstate e-mailed it."""

    COPY = "copy"
    EMAIL = "email"


class SubmissionKind(StrEnum):
    APPEAL = "appeal"
    RECEIPT_CHECK = "receipt_check"
    REMINDER = "reminder"


class SubmissionState(StrEnum):
    """The life of one submission. ``recorded`` and ``sent`` went out; ``unconfirmed`` may have
    (the sending job stopped while the server was taking the message); ``failed`` did not."""

    RECORDED = "recorded"
    QUEUED = "queued"
    SENDING = "sending"
    TRANSMITTING = "transmitting"
    SENT = "sent"
    FAILED = "failed"
    UNCONFIRMED = "unconfirmed"


class EvidenceRule(StrEnum):
    """Rules an evidence document (or the set of them) can fail (``reinstate.evidence``; the
    thresholds and sources are in ``knowledge/evidence.yaml``)."""

    UNREADABLE = "unreadable"
    PASSWORD_PROTECTED = "password_protected"  # noqa: S105 (a finding code, not a password)
    TOO_MANY_PAGES = "too_many_pages"
    LOW_RESOLUTION = "low_resolution"
    SCREENSHOT = "screenshot"
    PARTIAL_PAGE = "partial_page"
    FORMAT_NOT_ACCEPTED = "format_not_accepted"
    KIND_MISMATCH = "kind_mismatch"
    ALTERED = "altered"
    INVOICE_DATE_MISSING = "invoice_date_missing"
    INVOICE_TOO_OLD = "invoice_too_old"
    NOT_FINAL_INVOICE = "not_final_invoice"
    INVOICE_SUPPLIER_CONTACT_MISSING = "invoice_supplier_contact_missing"
    BUYER_MISMATCH = "buyer_mismatch"
    ADDRESS_MISMATCH = "address_mismatch"
    NAME_MISMATCH = "name_mismatch"
    PRODUCT_NOT_IDENTIFIED = "product_not_identified"
    INVOICE_QUANTITY_MISSING = "invoice_quantity_missing"
    INVOICE_QUANTITY_SHORT = "invoice_quantity_short"
    ASIN_NOT_COVERED = "asin_not_covered"
    BILL_DATE_MISSING = "bill_date_missing"
    BILL_TOO_OLD = "bill_too_old"
    BILL_PROVIDER_MISSING = "bill_provider_missing"
    ISSUER_MISSING = "issuer_missing"
    BRAND_MISSING = "brand_missing"
    SCOPE_MISSING = "scope_missing"
    DOCUMENT_DATE_MISSING = "document_date_missing"
    DOCUMENT_EXPIRED = "document_expired"
    NOT_YET_VALID = "not_yet_valid"
