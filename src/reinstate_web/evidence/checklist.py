"""What the case still needs: the documents the notice asks for and the ones the case's category
requires (knowledge base), each ticked off once a document meant to prove it passes the checks.

An invoice also proves the supplier's contact details when its supplier block is complete; the
invoices are ticked only when, together, they cover every ASIN of the notice and the units sold.
The plan of action is the letter itself (step 4); a video interview or a card on file is not a
document to upload.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from reinstate.compose.kb import KnowledgeBase
from reinstate.errors import KnowledgeBaseError
from reinstate.notices.labels import hint, label
from reinstate_web.cases.memo import has_drafts
from reinstate_web.cases.models import Case
from reinstate_web.evidence.models import EvidenceDocument
from reinstate_web.evidence.services import CaseEvidence

NOT_A_FILE = ("video_interview", "credit_card")
SET_RULES = ("asin_not_covered", "invoice_quantity_short")


@dataclass(slots=True)
class ChecklistItem:
    code: str
    name: str
    rule: str
    required: bool
    requested: bool
    state: str  # passed, failed, reading, missing, written, not_a_file
    documents: list[EvidenceDocument] = field(default_factory=list)

    @property
    def done(self) -> bool:
        return self.state in ("passed", "written")


def _category_rules(case: Case, lang: str) -> dict[str, tuple[bool, str]]:
    if not case.category:
        return {}
    try:
        category = KnowledgeBase.default().category(case.category)
    except KnowledgeBaseError:
        return {}
    return {d.code.value: (d.required, d.rule.get(lang)) for d in category.documents}


def _state(code: str, case: Case, documents: list[EvidenceDocument], evidence: CaseEvidence) -> str:
    if code == "plan_of_action":
        return "written" if has_drafts(case) else "missing"
    if code in NOT_A_FILE:
        return "not_a_file"
    if any(d.active for d in documents):
        return "reading"
    passing = [d for d in documents if (r := evidence.result_for(d)) is not None and r.passed]
    if code == "supplier_contact":
        passing += [
            d
            for d in evidence.documents
            if d.proves == "invoices"
            and (r := evidence.result_for(d)) is not None
            and r.passed
            and not any(f.rule == "invoice_supplier_contact_missing" for f in r.findings)
        ]
    if code == "invoices" and any(
        f.rule in SET_RULES and f.blocking for f in evidence.report.findings
    ):
        return "failed" if documents else "missing"
    if passing:
        return "passed"
    return "failed" if documents else "missing"


def checklist(case: Case, evidence: CaseEvidence, lang: str) -> list[ChecklistItem]:
    rules = _category_rules(case, lang)
    uploaded = [d.proves for d in evidence.documents]
    required = [code for code, (needed, _rule) in rules.items() if needed]
    codes = list(dict.fromkeys([*evidence.requested, *required, *uploaded]))
    items = []
    for code in codes:
        documents = [d for d in evidence.documents if d.proves == code]
        needed, rule = rules.get(code, (False, ""))
        items.append(
            ChecklistItem(
                code=code,
                name=label("document", code, lang),
                rule=rule or hint(code, lang),
                required=needed,
                requested=code in evidence.requested,
                state=_state(code, case, documents, evidence),
                documents=documents,
            )
        )
    return items
