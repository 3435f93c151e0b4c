"""What this app adds to step 3 of the case page: the locker, the checklist, the findings."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from reinstate.notices.labels import normalise_language
from reinstate_web.accounts.models import User
from reinstate_web.analysis.forms import megabytes
from reinstate_web.cases.access import can_edit
from reinstate_web.cases.models import Case
from reinstate_web.evidence import labels, presenters, services
from reinstate_web.evidence.checklist import checklist
from reinstate_web.evidence.forms import EvidenceUploadForm, IdentityForm
from reinstate_web.evidence.models import EvidenceDocument
from reinstate_web.evidence.submission import submission_set

MAX_ASIN_CHOICES = 12


def language() -> str:
    from django.utils.translation import get_language

    return normalise_language(get_language())


def asin_choices(case: Case, evidence: services.CaseEvidence) -> list[str]:
    """The notice's ASINs first, then the best sellers in the seller's data."""
    context = evidence.report.context
    sold = sorted(context.units_sold.items(), key=lambda kv: (-kv[1], kv[0]))
    return list(dict.fromkeys([*context.asins, *(a for a, _n in sold)]))[:MAX_ASIN_CHOICES]


def upload_form(
    case: Case, evidence: services.CaseEvidence, *args: Any, **kwargs: Any
) -> EvidenceUploadForm:
    return EvidenceUploadForm(
        *args,
        max_bytes=settings.EVIDENCE_MAX_BYTES,
        asins=asin_choices(case, evidence),
        lang=language(),
        auto_id="evidence_%s",
        **kwargs,
    )


def _document(document: EvidenceDocument, evidence: services.CaseEvidence) -> dict[str, Any]:
    result = evidence.result_for(document)
    findings = [presenters.present_finding(f) for f in result.findings] if result else []
    return {
        "document": document,
        "passed": bool(result and result.passed),
        "kind": str(labels.KINDS.get(result.reading.kind, "")) if result else "",
        "findings": findings,
        "read_by": result.reading.read_by if result else "",
    }


def context(
    request: HttpRequest,
    case: Case,
    user: User,
    *,
    form: EvidenceUploadForm | None = None,
    identity_form: IdentityForm | None = None,
    problems: list[str] | None = None,
) -> dict[str, Any]:
    """``evidence_*`` keys for ``evidence/panel.html``."""
    lang = language()
    evidence = services.check_case(case)
    documents = [_document(d, evidence) for d in evidence.documents]
    items = checklist(case, evidence, lang)
    identity = services.identity_for(case.account)
    chosen = submission_set(evidence)
    return {
        "evidence_form": form or upload_form(case, evidence),
        "evidence_identity_form": identity_form
        or IdentityForm(instance=identity, prefix="identity"),
        "evidence_identity": identity,
        "evidence_problems": problems or [],
        "evidence_max_mb": megabytes(settings.EVIDENCE_MAX_BYTES),
        "evidence_can_edit": can_edit(user, case),
        "evidence_documents": documents,
        "evidence_reading": any(d.active for d in evidence.documents),
        "evidence_checklist": items,
        "evidence_states": {k: str(v) for k, v in labels.STATES.items()},
        "evidence_set_findings": [presenters.present_finding(f) for f in evidence.report.findings],
        "evidence_submission": chosen,
        "evidence_notice_date": evidence.report.context.notice_date,
    }
