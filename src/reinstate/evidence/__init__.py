"""Step 3: evidence documents, read and checked against Amazon's rules before they are sent.

``read_document(data, name)`` reads one PDF or image (JPEG, PNG, GIF, TIFF): the PDF's text
layer with positions and fonts (pdfminer.six, in a child process under limits), scanned pages
and images through OCR (Debian's tesseract, English and Simplified/Traditional Chinese), then
the kind of document, its fields (dates, supplier block, buyer block, line items with their
identifiers and quantities), each with its page and box. It never raises for a bad file: the
``Reading`` says what was wrong. ``check_evidence(documents, context)`` applies the rules.

>>> reading = read_document(Path("invoice.pdf").read_bytes(), "invoice.pdf")
>>> report = check_evidence([Submitted(reading, "invoices", ("B0C7Q2ZK4M",))], context)
>>> [f.rule for f in report.all_findings()]
['invoice_too_old']

Rule codes (stable; ``docs/contracts.md``; thresholds and sources in
``knowledge/evidence.yaml``). Every document: ``unreadable``, ``password_protected``,
``too_many_pages``, ``low_resolution``, ``screenshot``, ``partial_page``,
``format_not_accepted``, ``kind_mismatch``, ``altered`` (a warning, with ``facts.sign``:
``pdf_editor``, ``editable_source``, ``modified_after_creation``, ``saved_again``,
``mixed_fonts``). Invoices and receipts: ``not_final_invoice``, ``invoice_date_missing``,
``invoice_too_old``, ``invoice_supplier_contact_missing``, ``buyer_mismatch``,
``address_mismatch``, ``invoice_quantity_missing``, ``product_not_identified``; for the set:
``asin_not_covered``, ``invoice_quantity_short``. Utility bills and bank statements:
``bill_date_missing``, ``bill_too_old``, ``name_mismatch``, ``address_mismatch``,
``bill_provider_missing``. Letters of authorisation, licences, test reports:
``issuer_missing``, ``brand_missing``, ``scope_missing``, ``document_date_missing``,
``document_expired``, ``not_yet_valid``, ``name_mismatch``. Business licences and ID:
``name_mismatch``, ``address_mismatch``, ``document_expired``.

Severity ``high`` is a rejection (the document does not pass), ``medium`` a warning.
"""

from reinstate.evidence.check import DocumentResult, EvidenceReport, check_evidence
from reinstate.evidence.context import (
    AccountIdentity,
    EvidenceContext,
    ProductHint,
    Submitted,
    notice_date_from_text,
    notice_window_days,
    products_from_report,
    units_from_report,
)
from reinstate.evidence.formats import EXTENSIONS, FORMATS, MEDIA_TYPES, sniff
from reinstate.evidence.knowledge import knowledge as evidence_knowledge
from reinstate.evidence.limits import DEFAULT_LIMITS, ReadLimits
from reinstate.evidence.model import FieldValue, Finding, LineItem, Party, Problem, Reading
from reinstate.evidence.reader import read_document

RULES: tuple[str, ...] = tuple(evidence_knowledge().rules)

__all__ = [
    "DEFAULT_LIMITS",
    "EXTENSIONS",
    "FORMATS",
    "MEDIA_TYPES",
    "RULES",
    "AccountIdentity",
    "DocumentResult",
    "EvidenceContext",
    "EvidenceReport",
    "FieldValue",
    "Finding",
    "LineItem",
    "Party",
    "Problem",
    "ProductHint",
    "ReadLimits",
    "Reading",
    "Submitted",
    "check_evidence",
    "evidence_knowledge",
    "notice_date_from_text",
    "notice_window_days",
    "products_from_report",
    "read_document",
    "sniff",
    "units_from_report",
]
