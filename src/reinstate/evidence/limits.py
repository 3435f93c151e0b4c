"""How much of a document Reinstate reads, and for how long: every reader has its bounds.

A PDF is parsed in its own process under a memory ceiling and a time limit (a PDF bomb, a page
tree of a million pages or a stream that inflates to gigabytes ends that process, not the
caller); only the first ``max_pages`` pages are read. An image's pixel count is read from its
header before any pixel is decoded (a decompression bomb is refused unopened). Each OCR run and
each page rasterisation has its own time limit.
"""

from __future__ import annotations

from dataclasses import dataclass

MB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class ReadLimits:
    max_bytes: int = 20 * MB  # one document (the web app's upload limit by default)
    max_pages: int = 20  # pages read (text or OCR); a longer document is reported, not read
    max_pixels: int = 60_000_000  # one image or one frame (about 7,700 x 7,700)
    pdf_memory: int = 768 * MB  # address space of the PDF parsing process
    pdf_seconds: float = 60.0  # the whole PDF text pass
    ocr_seconds: float = 60.0  # one page's OCR
    raster_seconds: float = 30.0  # one page's rasterisation
    ocr_dpi: int = 250  # resolution scanned PDF pages are rendered at for OCR
    preview_dpi: int = 80  # page images shown in the web app
    text_chars: int = 20_000  # text kept per page in the reading


DEFAULT_LIMITS = ReadLimits()
