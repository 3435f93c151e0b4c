"""The submission set: the documents that pass, as the files to attach in Seller Central, named
clearly ("01-invoice-dongguan-huaxin-electric.pdf"), in a format Amazon takes for them (a TIFF
invoice becomes a PNG of the same pixels), under Amazon's size limit, each with the highlighted
copy Amazon allows beside the untouched original (the invoice lines of the cited ASINs).

The names carry no date or figure: the letter lists them, and its checker holds every date and
number of the letter against the case's facts.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from PIL import Image

from reinstate.evidence import EXTENSIONS, evidence_knowledge
from reinstate.evidence.check import DocumentResult
from reinstate.evidence.matching import same_asin
from reinstate.evidence.previews import highlighted
from reinstate_web.cases.memo import in_page
from reinstate_web.cases.models import Case
from reinstate_web.evidence.models import EvidenceDocument
from reinstate_web.evidence.services import CaseEvidence, check_case, preview_file

_WORD = re.compile(r"[a-z0-9]+")
_NAMES = {
    "invoices": "invoice",
    "supplier_contact": "supplier-contact",
    "letter_of_authorization": "letter-of-authorization",
    "utility_bill": "utility-bill",
    "bank_statement": "bank-statement",
    "business_license": "business-licence",
    "identity_document": "identity-document",
    "compliance_documents": "test-report",
    "brand_registration": "brand-registration",
}
MB = 1024 * 1024


def slug(text: str, words: int = 3) -> str:
    """ASCII words of ``text``, joined by dashes: ``Dongguan Huaxin Electric Appliance Co.`` ->
    ``dongguan-huaxin-electric`` (Chinese-only names give "")."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return "-".join(_WORD.findall(folded)[:words])


@dataclass(frozen=True, slots=True)
class Attachment:
    document: EvidenceDocument
    name: str  # the file name in the set
    converted: bool = False  # pixels copied into another format Amazon takes
    highlights: tuple[str, ...] = ()  # names of the highlighted copies


@dataclass(slots=True)
class SubmissionSet:
    attachments: list[Attachment] = field(default_factory=list)
    left_out: list[tuple[EvidenceDocument, str]] = field(default_factory=list)  # and why

    def by_code(self) -> dict[str, tuple[str, ...]]:
        """File names per requested-document code (for the letter's list of attachments)."""
        found: dict[str, list[str]] = {}
        for attachment in self.attachments:
            found.setdefault(attachment.document.proves, []).append(attachment.name)
        return {code: tuple(names) for code, names in found.items()}


def _who(result: DocumentResult) -> str:
    reading = result.reading
    for value in (reading.supplier.name, reading.fields.get("issuer")):
        if value is not None and slug(value.value):
            return slug(value.value)
    return ""


def submission_set(evidence: CaseEvidence) -> SubmissionSet:
    kb = evidence_knowledge()
    found = SubmissionSet()
    for document in evidence.documents:
        result = evidence.result_for(document)
        if result is None or not result.passed:
            found.left_out.append((document, "failed" if result is not None else "unread"))
            continue
        if document.size > kb.max_file_mb * MB:
            found.left_out.append((document, "too_large"))
            continue
        number = len(found.attachments) + 1
        stem = "-".join(
            p for p in (f"{number:02d}", _NAMES.get(document.proves, "document"), _who(result)) if p
        )
        fmt = result.reading.format
        converted = fmt not in kb.accepted_formats(document.proves)
        extension = "png" if converted else EXTENSIONS.get(fmt, "pdf")
        highlights = tuple(
            f"{stem}-highlighted-p{page}.png" for page in sorted(_highlight_boxes(result))
        )
        found.attachments.append(Attachment(document, f"{stem}.{extension}", converted, highlights))
    return found


def _highlight_boxes(result: DocumentResult) -> dict[int, list[tuple[float, float, float, float]]]:
    """The boxes of invoice lines that name one of the document's ASINs, by page."""
    pages: dict[int, list[tuple[float, float, float, float]]] = {}
    if result.proves != "invoices":
        return pages
    for item in result.reading.line_items:
        named = any(same_asin(i, asin) for i in item.identifiers for asin in result.asins)
        if named and item.box is not None:
            pages.setdefault(item.page, []).append(item.box)
    return pages


def _original(document: EvidenceDocument, converted: bool) -> bytes:
    with document.file.open("rb") as handle:
        data = bytes(handle.read())
    if not converted:
        return data
    with Image.open(io.BytesIO(data)) as image:
        out = io.BytesIO()
        image.save(out, format="PNG")  # the first frame's pixels, unchanged
        return out.getvalue()


def write_zip(evidence: CaseEvidence, out: IO[bytes]) -> SubmissionSet:
    """The set as a ZIP: each original (or its lossless copy) and its highlighted copies."""
    found = submission_set(evidence)
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for attachment in found.attachments:
            archive.writestr(attachment.name, _original(attachment.document, attachment.converted))
            result = evidence.result_for(attachment.document)
            boxes = _highlight_boxes(result) if result is not None else {}
            for name, (page, page_boxes) in zip(
                attachment.highlights, sorted(boxes.items()), strict=True
            ):
                preview: Path | None = preview_file(attachment.document, page)
                if preview is not None:
                    archive.writestr(name, highlighted(preview.read_bytes(), page_boxes))
    return found


def files_for_letter(case: Case) -> dict[str, tuple[str, ...]]:
    """The files the set sends, by requested-document code (the letter lists them)."""
    if in_page():  # the evidence panel checks the locker on the same page: once for both
        evidence = check_case(case)
        return submission_set(evidence).by_code() if evidence.documents else {}
    if not EvidenceDocument.objects.filter(case=case).exists():
        return {}
    return submission_set(check_case(case)).by_code()
