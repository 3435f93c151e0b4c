"""The rules one document must pass, by what it is meant to prove (its family in
``knowledge/evidence.yaml``): invoices, bills and statements, authorisations, licences.

Each rule returns findings with a stable code; severities come from the knowledge base, except
that a screenshot or a cropped page is a rejection for bills, statements, licences and ID (the
verification rules) and a warning elsewhere.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from reinstate.codes import Severity
from reinstate.evidence import kinds, matching
from reinstate.evidence.context import EvidenceContext, Submitted
from reinstate.evidence.knowledge import knowledge
from reinstate.evidence.model import FieldValue, Finding, Problem, Reading

STOPPING = ("unreadable", "password_protected")
STRICT_SHAPE = ("bill", "licence")  # families where a screenshot or cropped page is refused


def proves_of(submitted: Submitted) -> str | None:
    return submitted.proves or kinds.proves(submitted.reading.kind)


def _finding(code: str, reading: Reading, *, at: FieldValue | None = None,
             value: str | None = None, expected: str | None = None,
             severity: Severity | None = None, page: int | None = None,
             **facts: object) -> Finding:  # fmt: skip
    return Finding(
        rule=code,
        severity=severity or knowledge().severity(code),
        document=reading.name,
        page=at.page if at is not None else page,
        value=value if value is not None else (at.text if at is not None else None),
        expected=expected,
        box=at.box if at is not None else None,
        facts=dict(facts),
    )


def _problem(problem: Problem, reading: Reading, family: str) -> Finding:
    severity = None
    if problem.code in ("screenshot", "partial_page") and family not in STRICT_SHAPE:
        severity = Severity.MEDIUM
    facts = {k: v for k, v in problem.facts.items() if k != "box"}
    box = problem.facts.get("box")
    found = _finding(problem.code, reading, severity=severity, page=problem.page, **facts)
    if isinstance(box, list | tuple) and len(box) == 4:
        return replace(found, box=(float(box[0]), float(box[1]), float(box[2]), float(box[3])))
    return found


def _is_ocr(reading: Reading, page: int) -> bool:
    return any(p.number == page and p.read_by == "ocr" for p in reading.pages)


def check_document(submitted: Submitted, context: EvidenceContext) -> list[Finding]:
    reading = submitted.reading
    proves = proves_of(submitted)
    kb = knowledge()
    family = kb.family(proves)
    found = [_problem(p, reading, family) for p in reading.problems]
    if any(p.code in STOPPING for p in reading.problems):
        return found
    if reading.format not in kb.accepted_formats(proves):
        found.append(_finding("format_not_accepted", reading, value=reading.format,
                              expected=", ".join(kb.accepted_formats(proves))))  # fmt: skip
    recognised = kinds.proves(reading.kind)
    # An invoice proves the supplier's contact too; otherwise the kind must be the one named.
    same = recognised == proves or (family == "invoice" and kb.family(recognised) == "invoice")
    if submitted.proves and reading.kind != "not_final_invoice" and not same:
        found.append(_finding("kind_mismatch", reading, value=reading.kind, expected=proves))
    found += [_problem(sign, reading, family) for sign in reading.alteration]
    rules = {"invoice": _invoice, "bill": _bill, "authorization": _authorization,
             "licence": _licence}  # fmt: skip
    if family in rules:
        found += rules[family](submitted, context)
    return found


def _names(reading: Reading, context: EvidenceContext, value: FieldValue | None,
           code: str) -> list[Finding]:  # fmt: skip
    account = context.account
    if account is None or not account.names:
        return []
    if value is None:
        return [_finding(code, reading, expected=account.names[0], reason="missing")]
    if matching.name_matches(value.value, account.names, ocr=_is_ocr(reading, value.page)):
        return []
    return [_finding(code, reading, at=value, expected=account.names[0])]


def _address(reading: Reading, context: EvidenceContext, value: FieldValue | None) -> list[Finding]:
    account = context.account
    if account is None or not account.addresses:
        return []
    if value is None:
        if matching.address_matches(reading.text, account.addresses):
            return []
        return [
            _finding("address_mismatch", reading, expected=account.addresses[0], reason="missing")
        ]
    if matching.address_matches(value.value, account.addresses):
        return []
    return [_finding("address_mismatch", reading, at=value, expected=account.addresses[0])]


def _invoice(submitted: Submitted, context: EvidenceContext) -> list[Finding]:
    reading = submitted.reading
    found: list[Finding] = []
    if reading.kind == "not_final_invoice":
        found.append(_finding("not_final_invoice", reading, value=reading.kind))
    issued = reading.field_date("issue_date")
    at = reading.fields.get("issue_date")
    days = context.invoice_max_age_days or knowledge().invoice_max_age_days
    reference = context.notice_date or context.today
    if issued is None:
        found.append(_finding("invoice_date_missing", reading))
    elif issued < reference - timedelta(days=days):
        earliest = reference - timedelta(days=days)
        found.append(_finding("invoice_too_old", reading, at=at, value=issued.isoformat(),
                              expected=earliest.isoformat(), days=days,
                              reference=reference.isoformat(),
                              notice=context.notice_date is not None))  # fmt: skip
    supplier = reading.supplier
    missing = [k for k in ("name", "address", "phone", "website") if getattr(supplier, k) is None]
    if missing:
        found.append(_finding("invoice_supplier_contact_missing", reading, at=supplier.name,
                              missing=missing))  # fmt: skip
    found += _names(reading, context, reading.buyer.name, "buyer_mismatch")
    if reading.buyer.name is not None or reading.buyer.address is not None:
        found += _address(reading, context, reading.buyer.address)
    elif context.account and context.account.addresses:
        found.append(_finding("address_mismatch", reading, expected=context.account.addresses[0],
                              reason="missing"))  # fmt: skip
    if not any(item.quantity for item in reading.line_items):
        found.append(_finding("invoice_quantity_missing", reading))
    if not _identifies(submitted, context):
        found.append(_finding("product_not_identified", reading,
                              asins=list(submitted.asins or context.asins)))  # fmt: skip
    return found


def _identifies(submitted: Submitted, context: EvidenceContext) -> bool:
    """True when a line names one of the ASINs the document covers (or, untagged, any cited
    ASIN) by ASIN, SKU or enough of the title; or any identifier when nothing is known."""
    reading = submitted.reading
    wanted = submitted.asins or context.asins
    if not wanted:
        return any(item.identifiers for item in reading.line_items) or bool(reading.line_items)
    for item in reading.line_items:
        for asin in wanted:
            if any(matching.same_asin(i, asin) for i in item.identifiers):
                return True
            hint = context.products.get(asin)
            if hint and matching.product_matches(item.text, hint.sku, hint.title):
                return True
    return False


def _bill(submitted: Submitted, context: EvidenceContext) -> list[Finding]:
    reading = submitted.reading
    found: list[Finding] = []
    issued = reading.field_date("issue_date")
    days = knowledge().bill_max_age_days
    if issued is None:
        found.append(_finding("bill_date_missing", reading))
    elif issued < context.today - timedelta(days=days):
        found.append(_finding("bill_too_old", reading, at=reading.fields.get("issue_date"),
                              value=issued.isoformat(),
                              expected=(context.today - timedelta(days=days)).isoformat(),
                              days=days, age=(context.today - issued).days))  # fmt: skip
    found += _names(reading, context, reading.buyer.name, "name_mismatch")
    found += _address(reading, context, reading.buyer.address)
    provider = reading.supplier
    if provider.name is None or (provider.phone is None and provider.website is None):
        found.append(_finding("bill_provider_missing", reading, at=provider.name))
    return found


def _validity(reading: Reading, context: EvidenceContext) -> list[Finding]:
    found: list[Finding] = []
    reference = context.notice_date or context.today
    until, since = reading.field_date("valid_until"), reading.field_date("valid_from")
    if until is None and since is None and reading.field_date("issue_date") is None:
        found.append(_finding("document_date_missing", reading))
    if until is not None and until < reference:
        found.append(_finding("document_expired", reading, at=reading.fields.get("valid_until"),
                              value=until.isoformat(), expected=reference.isoformat()))  # fmt: skip
    if since is not None and context.notice_date is not None and since > context.notice_date:
        found.append(_finding("not_yet_valid", reading, at=reading.fields.get("valid_from"),
                              value=since.isoformat(),
                              expected=context.notice_date.isoformat()))  # fmt: skip
    return found


def _named(reading: Reading, context: EvidenceContext) -> list[Finding]:
    account = context.account
    if account is None or not account.names or matching.name_in_text(reading.text, account.names):
        return []
    return [_finding("name_mismatch", reading, at=reading.buyer.name, expected=account.names[0])]


def _authorization(submitted: Submitted, context: EvidenceContext) -> list[Finding]:
    reading = submitted.reading
    found: list[Finding] = []
    if reading.fields.get("issuer") is None:
        found.append(_finding("issuer_missing", reading))
    if context.brand:
        if not matching.name_in_text(reading.text, [context.brand]):
            found.append(_finding("brand_missing", reading, expected=context.brand))
    elif reading.fields.get("brand") is None and proves_of(submitted) == "letter_of_authorization":
        found.append(_finding("brand_missing", reading))
    if proves_of(submitted) == "letter_of_authorization" and not reading.scope_words:
        found.append(_finding("scope_missing", reading))
    found += _validity(reading, context)
    found += _named(reading, context)
    return found


def _licence(submitted: Submitted, context: EvidenceContext) -> list[Finding]:
    reading = submitted.reading
    found = _named(reading, context)
    if proves_of(submitted) == "business_license":
        found += _address(reading, context, reading.buyer.address)
    until = reading.field_date("valid_until")
    reference = context.notice_date or context.today
    if until is not None and until < reference:
        found.append(_finding("document_expired", reading, at=reading.fields.get("valid_until"),
                              value=until.isoformat(), expected=reference.isoformat()))  # fmt: skip
    return found
