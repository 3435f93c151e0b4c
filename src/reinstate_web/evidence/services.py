"""Business operations on the evidence locker: keep a document, read it (on the job queue),
check the case's documents against the rules and the case's facts, and say what the case still
needs. Services never import ``tasks``: views enqueue through ``tasks.start_reading``."""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files import File
from django.utils import timezone
from django.utils.translation import gettext as _

from reinstate.errors import ReinstateError
from reinstate.evidence import (
    AccountIdentity,
    EvidenceContext,
    EvidenceReport,
    Reading,
    ReadLimits,
    Submitted,
    check_evidence,
    notice_date_from_text,
    notice_window_days,
    products_from_report,
    read_document,
    units_from_report,
)
from reinstate.evidence.previews import page_images
from reinstate_web.accounts.models import User
from reinstate_web.analysis import services as analysis_services
from reinstate_web.analysis.services import safe_name
from reinstate_web.cases import services as case_services
from reinstate_web.cases.memo import per_page
from reinstate_web.cases.models import Case, CaseEvent, SellerAccount
from reinstate_web.evidence.models import EvidenceDocument, SellerIdentity
from reinstate_web.notices import services as notice_services

logger = logging.getLogger(__name__)
# Stored as written (the record is language-neutral); the panel shows it translated.
GENERIC_ERROR = "The document could not be read on an unexpected error. It is kept; try again."


@dataclass(slots=True)
class AddOutcome:
    document: EvidenceDocument | None = None
    problems: list[str] = field(default_factory=list)


def _sha256(upload: File[bytes]) -> str:
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    return digest.hexdigest()


def add_document(
    case: Case, upload: File[bytes], *, proves: str, asins: list[str], actor: User | None
) -> AddOutcome:
    """Keep the upload on the case exactly as it came (moved from its temporary file, never
    read into memory here); the same bytes twice are kept once."""
    name = safe_name(upload.name)
    digest = _sha256(upload)
    earlier = EvidenceDocument.objects.filter(case=case, sha256=digest).first()
    if earlier is not None:
        return AddOutcome(
            problems=[
                _("%(name)s: the same file is already in the locker as %(earlier)s.")
                % {"name": name, "earlier": earlier.original_name}
            ]
        )
    document = EvidenceDocument(
        case=case,
        uploaded_by=actor,
        original_name=name,
        size=upload.size or 0,
        sha256=digest,
        proves=proves,
        asins=asins,
    )
    document.file.save(name, upload, save=False)
    document.save()
    case_services.record(case, CaseEvent.Kind.DATA, actor, evidence=[name], proves=proves)
    return AddOutcome(document=document)


def limits() -> ReadLimits:
    return ReadLimits(max_bytes=settings.EVIDENCE_MAX_BYTES)


def read_stored(document: EvidenceDocument) -> EvidenceDocument:
    """Read a kept document (OCR if it needs it) and draw its page images; outside any
    transaction, never raising for a bad file (a failure is a state with one line)."""
    document.state = EvidenceDocument.State.READING
    document.save(update_fields=["state"])
    try:
        with document.file.open("rb") as handle:
            data = handle.read(settings.EVIDENCE_MAX_BYTES + 1)
        reading = read_document(data, document.original_name, limits=limits())
        document.reading = reading.to_json()
        # A file that could not be read is not drawn either (poppler would meet the same bomb).
        unreadable = any(p.code in ("unreadable", "password_protected") for p in reading.problems)
        document.previews = [] if unreadable else _previews(document, data)
        document.state = EvidenceDocument.State.DONE
        document.error = ""
    except (ReinstateError, OSError) as exc:
        document.state = EvidenceDocument.State.FAILED
        document.error = " ".join(str(exc).split())[:300]
    except Exception:
        logger.exception("evidence document %s could not be read", document.pk)
        document.state = EvidenceDocument.State.FAILED
        document.error = GENERIC_ERROR
    document.read_at = timezone.now()
    document.save(update_fields=["state", "reading", "previews", "error", "read_at"])
    return document


def _previews(document: EvidenceDocument, data: bytes) -> list[str]:
    folder = Path(settings.MEDIA_ROOT) / document.folder()
    folder.mkdir(parents=True, exist_ok=True)
    names = []
    for number, png in enumerate(page_images(data, limits()), start=1):
        name = f"page-{number}.png"
        (folder / name).write_bytes(png)
        names.append(name)
    return names


def preview_file(document: EvidenceDocument, page: int) -> Path | None:
    """A page image the reading recorded (no path from the URL is trusted)."""
    name = f"page-{page}.png"
    if name not in document.previews:
        return None
    path = Path(settings.MEDIA_ROOT) / document.folder() / name
    return path if path.is_file() else None


# --- the seller's identity ---------------------------------------------------------------------


@per_page
def identity_for(account: SellerAccount) -> SellerIdentity | None:
    return SellerIdentity.objects.filter(account=account).first()


def save_identity(account: SellerAccount, values: dict[str, str], actor: User | None) -> None:
    SellerIdentity.objects.update_or_create(account=account, defaults=values)


# --- checking ----------------------------------------------------------------------------------


def _notice_facts(case: Case) -> dict[str, Any]:
    try:
        diagnosis = notice_services.latest_diagnosis(case)
    except (ReinstateError, OSError) as exc:
        logger.warning("case %s: notice not read for the evidence checks: %s", case.pk, exc)
        return {}
    if diagnosis is None:
        return {}
    sent: date | None = None
    if diagnosis.sent_at is not None:
        sent = (
            timezone.localdate(diagnosis.sent_at)
            if timezone.is_aware(diagnosis.sent_at)
            else diagnosis.sent_at.date()
        )
    return {
        "notice_date": sent or notice_date_from_text(diagnosis.text),
        "invoice_max_age_days": notice_window_days(diagnosis.text),
        "asins": tuple(diagnosis.asins),
        "brand": diagnosis.rights_owner.name if diagnosis.rights_owner else None,
        "requested": tuple(d.value for d in diagnosis.requested_documents),
    }


def context_for(case: Case, notice: dict[str, Any] | None = None) -> EvidenceContext:
    """What the rules hold the documents against: the notice, the order data, the identity."""
    notice = _notice_facts(case) if notice is None else notice
    report = analysis_services.latest_report(case)
    units, window, partial = units_from_report(report) if report else ({}, None, False)
    identity = identity_for(case.account)
    account = (
        AccountIdentity(tuple(identity.names()), tuple(identity.addresses()))
        if identity is not None and (identity.names() or identity.addresses())
        else None
    )
    return EvidenceContext(
        today=timezone.localdate(),
        notice_date=notice.get("notice_date"),
        invoice_max_age_days=notice.get("invoice_max_age_days"),
        asins=notice.get("asins", ()),
        units_sold=units,
        units_window=window,
        units_partial=partial,
        products=products_from_report(report) if report else {},
        account=account,
        brand=notice.get("brand"),
    )


@dataclass(slots=True)
class CaseEvidence:
    """The locker as checked now: the documents in upload order, the report of those read,
    the notice's requested documents."""

    documents: list[EvidenceDocument]
    report: EvidenceReport
    requested: tuple[str, ...]

    def result_for(self, document: EvidenceDocument) -> Any:
        for result in self.report.documents:
            if result.reading.sha256 == document.sha256:
                return result
        return None


@per_page  # the evidence panel and the letter's list of files (files_for_letter) both ask
def check_case(case: Case) -> CaseEvidence:
    documents = list(EvidenceDocument.objects.filter(case=case).select_related("uploaded_by"))
    notice = _notice_facts(case)
    read = [d for d in documents if d.state == EvidenceDocument.State.DONE and d.reading]
    submitted = [
        Submitted(Reading.from_json(d.reading), d.proves or None, tuple(d.asins)) for d in read
    ]
    report = check_evidence(submitted, context_for(case, notice))
    return CaseEvidence(documents, report, tuple(notice.get("requested", ())))


def passing_documents(evidence: CaseEvidence) -> list[EvidenceDocument]:
    return [
        d
        for d in evidence.documents
        if (result := evidence.result_for(d)) is not None and result.passed
    ]
