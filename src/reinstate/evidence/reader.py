"""Read one document: text and positions from a PDF's text layer, OCR for scanned pages and
images, then the kind of document, its fields and its line items (``Reading``).

Problems of the file itself become ``Reading.problems`` (rule codes): ``unreadable`` (not a
PDF or image, broken, truncated, past a limit, or nothing legible on it), ``password_protected``,
``too_many_pages``, ``low_resolution`` (a scan under the minimum resolution), ``screenshot`` and
``partial_page``. Signs of editing go to ``Reading.alteration``. Reading never raises for a bad
file: whatever it is, the caller gets a Reading that says what was wrong.
"""

from __future__ import annotations

import hashlib
import math
import tempfile
from pathlib import Path

from reinstate.evidence import alteration, fields, images, items, kinds, ocr
from reinstate.evidence.formats import sniff
from reinstate.evidence.knowledge import knowledge
from reinstate.evidence.layout import Row, Word, rows
from reinstate.evidence.limits import DEFAULT_LIMITS, ReadLimits
from reinstate.evidence.model import FieldValue, PageInfo, Party, Problem, Reading
from reinstate.evidence.pdf import PdfPage, PdfUnreadable, rasterise, read_pdf_text


class _Pages:
    """What the page readers gather: words, page facts, problems, metadata."""

    def __init__(self) -> None:
        self.words: list[Word] = []
        self.pages: list[PageInfo] = []
        self.problems: list[Problem] = []
        self.metadata: dict[str, str] = {}
        self.alteration: list[Problem] = []
        self.page_count = 0


def skew(result: ocr.OcrPage) -> float:
    """The page's tilt (radians, positive when lines fall to the right): the median slope of
    the lines tesseract read, from their words' middles."""
    lines: dict[tuple[int, int, int], list[ocr.OcrWord]] = {}
    for word in result.words:
        lines.setdefault(word.line, []).append(word)
    slopes = []
    for words in lines.values():
        if len(words) < 3:
            continue
        first, last = words[0], words[-1]
        run = (last.left + last.right - first.left - first.right) / 2
        if run > result.width * 0.15:
            rise = (last.top + last.bottom - first.top - first.bottom) / 2
            slopes.append(rise / run)
    if len(slopes) < 3:
        return 0.0
    slopes.sort()
    return math.atan(slopes[len(slopes) // 2])


def _ocr_words(page: int, result: ocr.OcrPage) -> list[Word]:
    """OCR words in page fractions, turned level when the scan is tilted (rows are found by
    height, and a tilted line would fall apart into several rows)."""
    width, height = max(result.width, 1), max(result.height, 1)
    angle = skew(result)
    cos, sin = math.cos(-angle), math.sin(-angle)
    cx, cy = width / 2, height / 2
    found = []
    for w in result.words:
        mx, my = (w.left + w.right) / 2 - cx, (w.top + w.bottom) / 2 - cy
        nx, ny = cx + mx * cos - my * sin, cy + mx * sin + my * cos
        dx, dy = nx - (w.left + w.right) / 2, ny - (w.top + w.bottom) / 2
        found.append(
            Word(w.text, page, (w.left + dx) / width, (w.top + dy) / height,
                 (w.right + dx) / width, (w.bottom + dy) / height, (), w.confidence)
        )  # fmt: skip
    return found


def _ocr(image: Path, number: int, found: _Pages, limits: ReadLimits) -> list[Word] | None:
    try:
        result = ocr.read_image(image, limits.ocr_seconds)
    except ocr.OcrUnavailable:
        found.problems.append(Problem("unreadable", {"reason": "ocr_missing"}, number))
        return None
    except ocr.OcrFailed as exc:
        found.problems.append(Problem("unreadable", {"reason": f"ocr_{exc.reason}"}, number))
        return None
    return _ocr_words(number, result)


def _page_info(number: int, width: float, height: float, read_by: str, words: list[Word],
               dpi: float | None, limits: ReadLimits) -> PageInfo:  # fmt: skip
    scores = [w.confidence for w in words if w.confidence is not None and w.confidence >= 0]
    text = "\n".join(r.text for r in rows(words))[: limits.text_chars]
    confidence = sum(scores) / len(scores) if scores else None
    return PageInfo(number, width, height, read_by, dpi, len(words), confidence, text)


def _pdf(path: Path, scratch: Path, found: _Pages, limits: ReadLimits) -> None:
    try:
        text = read_pdf_text(path, limits)
    except PdfUnreadable as exc:
        found.problems.append(Problem("unreadable", {"reason": exc.reason, "detail": exc.message}))
        return
    if text.encrypted:
        found.problems.append(Problem("password_protected"))
        return
    found.page_count = text.page_count
    found.metadata = dict(text.metadata)
    found.alteration.extend(alteration.metadata_signs(text.metadata, text.incremental))
    if text.page_count > limits.max_pages:
        found.problems.append(
            Problem("too_many_pages", {"pages": text.page_count, "read": len(text.pages)})
        )
    for page in text.pages:
        _pdf_page(path, page, scratch, found, limits)


def _pdf_page(path: Path, page: PdfPage, scratch: Path, found: _Pages, limits: ReadLimits) -> None:
    width, height = max(page.width, 1.0), max(page.height, 1.0)
    if not page.image_only():
        words = [
            Word(w.text, page.number, w.x0 / width, w.top / height, w.x1 / width,
                 w.bottom / height, w.fonts)
            for w in page.words
        ]  # fmt: skip
        found.words.extend(words)
        found.pages.append(_page_info(page.number, width, height, "text", words, None, limits))
        return
    dpi = page.scan_dpi()
    if dpi is not None and dpi < knowledge().min_dpi:
        found.problems.append(Problem("low_resolution", {"dpi": round(dpi)}, page.number))
    # Drawn at the scan's own resolution: resampling blurs the digits tesseract reads.
    resolution = round(min(max(dpi, 150), 300)) if dpi else limits.ocr_dpi
    image = rasterise(path, page, resolution, scratch, limits)
    if image is None:
        found.problems.append(Problem("unreadable", {"reason": "raster"}, page.number))
        return
    images.denoise_file(image)
    words = _ocr(image, page.number, found, limits) or []
    image.unlink(missing_ok=True)
    found.words.extend(words)
    found.pages.append(_page_info(page.number, width, height, "ocr", words, dpi, limits))


def _image(data: bytes, scratch: Path, found: _Pages, limits: ReadLimits) -> None:
    try:
        facts = images.probe(data, limits)
    except images.ImageUnreadable as exc:
        found.problems.append(Problem("unreadable", {"reason": exc.reason, **exc.facts}))
        return
    found.page_count = facts.frames
    shape = {"width": facts.width, "height": facts.height}
    if facts.screenshot:
        found.problems.append(Problem("screenshot", {**shape, "dpi": facts.dpi}))
    elif not facts.full_page:
        ratio = max(facts.width, facts.height) / min(facts.width, facts.height)
        found.problems.append(Problem("partial_page", {**shape, "ratio": round(ratio, 2)}))
    if facts.effective_dpi < knowledge().min_dpi and not facts.screenshot:
        found.problems.append(Problem("low_resolution", {"dpi": round(facts.effective_dpi)}))
    if facts.frames > limits.max_pages:
        found.problems.append(
            Problem("too_many_pages", {"pages": facts.frames, "read": limits.max_pages})
        )
    try:
        frames = images.ocr_frames(data, facts, scratch, limits)
    except images.ImageUnreadable as exc:
        found.problems.append(Problem("unreadable", {"reason": exc.reason}))
        return
    for number, frame in enumerate(frames, start=1):
        words = _ocr(frame, number, found, limits) or []
        found.words.extend(words)
        found.pages.append(
            _page_info(number, facts.width, facts.height, "ocr", words, facts.effective_dpi, limits)
        )


def _parties(all_rows: list[Row]) -> tuple[Party, Party]:
    supplier_rows: list[Row] = []
    hit = fields.find_label(all_rows, "supplier")
    if hit is not None:
        supplier_rows = fields.block(all_rows, hit[0], hit[1], hit[2], "supplier")
        supplier = fields.party(supplier_rows)
    else:
        supplier_rows = fields.letterhead(all_rows)
        supplier = fields.party(supplier_rows, letterhead=True)
    buyer_rows: list[Row] = []
    hit = fields.find_label(all_rows, "buyer")
    if hit is not None:
        buyer_rows = fields.block(all_rows, hit[0], hit[1], hit[2], "buyer")
    buyer = fields.party(buyer_rows)
    if buyer.address is None:
        taken = {id(w) for r in supplier_rows for w in r.words}
        others = [r for r in all_rows if not any(id(w) in taken for w in r.words)]
        address = fields.find_label(others, "address")
        if address is not None:
            lines = fields.block(others, address[0], address[1], address[2], "address")
            buyer = Party(buyer.name, fields.lines_field(lines[:3]), buyer.phone)
    buyer_words = {id(w) for r in buyer_rows for w in r.words}
    skip = {i for i, r in enumerate(all_rows) if any(id(w) in buyer_words for w in r.words)}
    return fields.contacts_anywhere(all_rows, supplier, skip), buyer


def _fonts_to_check(
    found: dict[str, FieldValue], supplier: Party, buyer: Party
) -> dict[str, FieldValue]:
    checked = dict(found)
    for prefix, who in (("supplier", supplier), ("buyer", buyer)):
        for key in ("name", "address"):
            value = getattr(who, key)
            if value is not None:
                checked[f"{prefix}_{key}"] = value
    return checked


def read_document(data: bytes, name: str, *, limits: ReadLimits = DEFAULT_LIMITS) -> Reading:
    """Read one document's bytes (PDF, JPEG, PNG, GIF or TIFF; the format is taken from the
    bytes, never from ``name``)."""
    digest = hashlib.sha256(data).hexdigest()
    fmt = sniff(data[:1024])
    base = {"name": name, "sha256": digest, "size": len(data), "format": fmt}
    if len(data) > limits.max_bytes:
        facts = {"reason": "too_large", "size": len(data), "limit": limits.max_bytes}
        return Reading(**base, problems=(Problem("unreadable", facts),))  # type: ignore[arg-type]
    if fmt == "unknown":
        facts = {"reason": "format" if data else "empty"}
        return Reading(**base, problems=(Problem("unreadable", facts),))  # type: ignore[arg-type]
    found = _Pages()
    with tempfile.TemporaryDirectory(prefix="reinstate-evidence-") as tmp:
        scratch = Path(tmp)
        if fmt == "pdf":
            source = scratch / "document.pdf"
            source.write_bytes(data)
            _pdf(source, scratch, found, limits)
        else:
            _image(data, scratch, found, limits)
    return interpret(base, found)


def interpret(base: dict[str, object], found: _Pages) -> Reading:
    """Fields, kind and line items from the words read."""
    all_rows = [row for page in _by_page(found.words) for row in rows(page)]
    problems = list(found.problems)
    readable = not any(p.code in ("unreadable", "password_protected") for p in problems)
    if readable and sum(len(w.text) for w in found.words) < 20:
        problems.append(Problem("unreadable", {"reason": "no_text"}))
    dated = fields.read_dates(all_rows)
    picked = fields.pick_dates(dated)
    supplier, buyer = _parties(all_rows) if all_rows else (Party(), Party())
    for key, label_name in (("issuer", "issuer"), ("brand", "brand")):
        value = fields.inline_value(all_rows, label_name)
        if value is not None:
            picked[key] = value
    if "issuer" not in picked and supplier.name is not None:
        picked["issuer"] = supplier.name
    line_items = items.line_items(all_rows)
    text = "\n".join(r.text for r in all_rows)
    signs = list(found.alteration) + alteration.font_signs(_fonts_to_check(picked, supplier, buyer))
    return Reading(
        **base,  # type: ignore[arg-type]
        page_count=found.page_count or len(found.pages),
        pages=tuple(found.pages),
        kind=kinds.recognise(all_rows) if all_rows else "unknown",
        language=kinds.language(text),
        fields=picked,
        supplier=supplier,
        buyer=buyer,
        line_items=line_items,
        dates=tuple(d.value for d in dated),
        problems=tuple(problems),
        alteration=tuple(signs),
        metadata=found.metadata,
        scope_words=fields.scope_words(text),
    )


def _by_page(words: list[Word]) -> list[list[Word]]:
    pages: dict[int, list[Word]] = {}
    for word in words:
        pages.setdefault(word.page, []).append(word)
    return [pages[n] for n in sorted(pages)]
