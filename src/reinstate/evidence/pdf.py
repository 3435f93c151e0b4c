"""PDF pages: their text and its positions (pdfminer.six, in its own process), and page images
(poppler's ``pdftoppm``, with a time limit) for OCR of scanned pages and for the page previews.

Why pdfminer.six: it gives every character with its position *and its font*, which the
alteration check needs (a quantity typed over an invoice in another font), plus the info
dictionary (producer, creation and modification dates) and the encryption status. It is pure
Python and maintained; running it in a child process under a memory ceiling bounds what a
hostile file can cost. pdfplumber adds tables on top of the same parser, which the row grouping
of ``layout`` covers; pypdf reads no positions.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reinstate.errors import InputError
from reinstate.evidence.limits import ReadLimits

CHILD = Path(__file__).with_name("pdf_child.py")


class PdfUnreadable(InputError):
    """The PDF could not be parsed (broken, truncated, or past a limit): ``reason`` says which
    (``broken``, ``memory``, ``time``)."""

    def __init__(self, message: str, reason: str) -> None:
        super().__init__(message, code="unreadable")
        self.reason = reason


@dataclass(frozen=True, slots=True)
class PdfWord:
    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    fonts: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class PdfImage:
    pixels_wide: float
    pixels_high: float
    x0: float
    x1: float
    top: float
    bottom: float

    def dpi(self) -> float | None:
        """Effective resolution: pixels over the width it fills on the page (72 points = 1 in)."""
        inches = (self.x1 - self.x0) / 72
        return self.pixels_wide / inches if inches > 0 and self.pixels_wide else None

    def area(self) -> float:
        return max(0.0, self.x1 - self.x0) * max(0.0, self.bottom - self.top)


@dataclass(frozen=True, slots=True)
class PdfPage:
    number: int
    width: float
    height: float
    words: tuple[PdfWord, ...]
    images: tuple[PdfImage, ...]

    def image_only(self) -> bool:
        """No text layer worth the name, and an image covering most of the page (a scan)."""
        letters = sum(len(w.text) for w in self.words)
        covered = sum(i.area() for i in self.images)
        return letters < 20 and covered > 0.5 * self.width * self.height

    def scan_dpi(self) -> float | None:
        """The resolution of the largest image on the page (the scan), if any."""
        if not self.images:
            return None
        return max(self.images, key=PdfImage.area).dpi()


@dataclass(frozen=True, slots=True)
class PdfText:
    encrypted: bool
    page_count: int
    pages: tuple[PdfPage, ...]
    metadata: dict[str, str] = field(default_factory=dict)
    incremental: int = 0


def _page(raw: dict[str, Any]) -> PdfPage:
    return PdfPage(
        number=int(raw["number"]),
        width=float(raw["width"]),
        height=float(raw["height"]),
        words=tuple(
            PdfWord(str(w[0]), float(w[1]), float(w[2]), float(w[3]), float(w[4]), tuple(w[5]))
            for w in raw.get("words") or ()
        ),
        images=tuple(PdfImage(**{k: float(v) for k, v in i.items()}) for i in raw["images"]),
    )


def read_pdf_text(path: Path, limits: ReadLimits) -> PdfText:
    """The text layer of the first ``limits.max_pages`` pages, parsed in a child process.

    Raises PdfUnreadable for a broken file, or one that needs more memory or time than allowed.
    """
    command = [sys.executable, "-I", str(CHILD), str(path), str(limits.pdf_memory)]
    command.append(str(limits.max_pages))
    try:
        done = subprocess.run(
            command,
            capture_output=True,
            timeout=limits.pdf_seconds,
            check=False,
            env={"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "C.UTF-8"},
        )
    except subprocess.TimeoutExpired as exc:
        raise PdfUnreadable(
            f"reading the PDF took longer than {limits.pdf_seconds:.0f} s", "time"
        ) from exc
    answer = _answer(done.stdout)
    if done.returncode == 0 and "pages" in answer:
        return PdfText(
            encrypted=bool(answer.get("encrypted")),
            page_count=int(answer.get("page_count") or 0),
            pages=tuple(_page(p) for p in answer["pages"]),
            metadata={str(k): str(v) for k, v in (answer.get("metadata") or {}).items()},
            incremental=int(answer.get("incremental") or 0),
        )
    if done.returncode == 3:
        raise PdfUnreadable(str(answer.get("error") or "the PDF is damaged"), "broken")
    raise PdfUnreadable("reading the PDF needed more memory than allowed", "memory")


def _answer(stdout: bytes) -> dict[str, Any]:
    lines = stdout.decode("utf-8", "replace").strip().splitlines()
    try:
        found = json.loads(lines[-1]) if lines else {}
    except json.JSONDecodeError:
        return {}
    return found if isinstance(found, dict) else {}


def rasterise(
    path: Path, page: PdfPage | int, dpi: int, out: Path, limits: ReadLimits
) -> Path | None:
    """Page ``page`` of the PDF as a grey PGM at ``dpi`` (None when poppler is missing, fails,
    or runs out of time or memory). A page that claims a huge size is drawn at a lower
    resolution: never more than ``MAX_SIDE`` pixels a side. PGM, not PNG: compressing a
    speckled scan into PNG takes poppler seconds, writing it raw a tenth of one."""
    tool = shutil.which("pdftoppm")
    if tool is None:
        return None
    number = page if isinstance(page, int) else page.number
    if isinstance(page, PdfPage) and max(page.width, page.height) > 0:
        dpi = max(1, min(dpi, int(MAX_SIDE * 72 / max(page.width, page.height))))
    stem = out / f"page-{number}"
    command = [tool, "-gray", "-r", str(dpi), "-f", str(number), "-l", str(number)]
    command += ["-singlefile", str(path), str(stem)]
    try:
        done = subprocess.run(
            bounded(command, limits.pdf_memory),
            capture_output=True,
            timeout=limits.raster_seconds,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return None
    produced = stem.with_suffix(".pgm")
    return produced if done.returncode == 0 and produced.is_file() else None


MAX_SIDE = 5000


def bounded(command: list[str], memory: int) -> list[str]:
    """``command`` under an address-space limit (util-linux ``prlimit``) where it exists: set
    in the child itself, so it is safe from threads (``preexec_fn`` is not)."""
    limiter = shutil.which("prlimit")
    return [limiter, f"--as={memory}", "--", *command] if limiter else command


def poppler_available() -> bool:
    return shutil.which("pdftoppm") is not None
