"""The separate process that reads a PDF's text: ``python -I pdf_child.py PDF MEMORY PAGES``.

pdfminer.six parses the file under an address-space limit set before it is imported, so a PDF
whose streams inflate to gigabytes, or whose page tree never ends, ends this process and not the
worker. It prints one JSON object: ``encrypted`` (a password is needed to open it),
``page_count`` (what the document says), ``metadata`` (the info dictionary), ``incremental``
(how many times the file was saved over itself) and, for each of the first PAGES pages, its
size, its words (text, box in points from the top left, font families) and the images drawn on
it (pixel size and the box they fill). Exit status 3 with ``error`` for a broken file, 4 when
memory ran out.

Run by path with ``-I`` so that nothing but the standard library and pdfminer is imported.
"""

from __future__ import annotations

import json
import re
import sys
from itertools import islice
from typing import Any

_SUBSET = re.compile(r"^[A-Z]{6}\+")
_STYLE = re.compile(
    r"[-,_ ]?(?:bold|italic|oblique|regular|medium|light|semibold|black|mt|ps|bd|it)+$",
    re.IGNORECASE,
)
MAX_WORDS = 20_000  # per page: a page of more words is a drawing or an attack, not an invoice


def family(fontname: str) -> str:
    """The font family without its subset tag and style: ``ABCDEF+Arial-BoldMT`` -> ``Arial``."""
    name = _SUBSET.sub("", fontname or "")
    for _ in range(3):
        shorter = _STYLE.sub("", name)
        if shorter == name or not shorter:
            break
        name = shorter
    return name or "unknown"


def _text(value: Any) -> str:
    if isinstance(value, bytes):
        if value.startswith(b"\xfe\xff"):
            return value[2:].decode("utf-16-be", "replace")
        return value.decode("latin-1", "replace")
    return str(value)


def _metadata(document: Any) -> dict[str, str]:
    from pdfminer.pdftypes import resolve1

    found: dict[str, str] = {}
    for info in document.info or []:
        for key, value in (resolve1(info) or {}).items():
            resolved = resolve1(value)
            if isinstance(resolved, bytes | str | int | float):
                found[str(key)] = _text(resolved)[:300]
    return found


def _page_count(document: Any) -> int:
    from pdfminer.pdftypes import resolve1

    try:
        pages = resolve1(document.catalog.get("Pages"))
        return int(resolve1(pages.get("Count")) or 0)
    except (AttributeError, TypeError, ValueError):
        return 0


class _Words:
    """Collects words from a page's layout: characters are joined until a space, a line end or
    a gap wider than a character."""

    def __init__(self, height: float) -> None:
        self.height = height
        self.words: list[list[Any]] = []
        self.images: list[dict[str, float]] = []
        self._chars: list[Any] = []

    def flush(self) -> None:
        if not self._chars:
            return
        chars, self._chars = self._chars, []
        text = "".join(c.get_text() for c in chars)
        x0 = min(c.x0 for c in chars)
        x1 = max(c.x1 for c in chars)
        top = self.height - max(c.y1 for c in chars)
        bottom = self.height - min(c.y0 for c in chars)
        fonts = sorted({family(c.fontname) for c in chars})
        box = [round(x0, 2), round(top, 2), round(x1, 2), round(bottom, 2)]
        self.words.append([text, *box, fonts])

    def walk(self, item: Any) -> None:
        from pdfminer.layout import LTAnno, LTChar, LTImage, LTTextLine

        if len(self.words) >= MAX_WORDS:
            return
        if isinstance(item, LTTextLine):
            for char in item:
                if isinstance(char, LTChar) and char.get_text().strip():
                    previous = self._chars[-1] if self._chars else None
                    if previous is not None and char.x0 - previous.x1 > max(char.width, 1.0):
                        self.flush()
                    self._chars.append(char)
                elif isinstance(char, LTAnno | LTChar):
                    self.flush()
            self.flush()
            return
        if isinstance(item, LTImage):
            width, height = tuple(item.srcsize)[:2] if item.srcsize else (0, 0)
            self.images.append(
                {
                    "pixels_wide": float(width or 0),
                    "pixels_high": float(height or 0),
                    "x0": item.x0,
                    "x1": item.x1,
                    "top": self.height - item.y1,
                    "bottom": self.height - item.y0,
                }
            )
            return
        if hasattr(item, "__iter__"):
            for child in item:
                self.walk(child)


def read(path: str, pages: int) -> dict[str, Any]:
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.layout import LAParams
    from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser

    with open(path, "rb") as handle:
        raw = handle.read()
        handle.seek(0)
        parser = PDFParser(handle)
        try:
            document = PDFDocument(parser)
        except (PDFPasswordIncorrect, PDFEncryptionError):
            return {"encrypted": True, "page_count": 0, "pages": []}
        result: dict[str, Any] = {
            "encrypted": False,
            "page_count": _page_count(document),
            "metadata": _metadata(document),
            "incremental": max(0, raw.count(b"%%EOF") - 1 - (b"/Linearized" in raw[:2048])),
            "pages": [],
        }
        manager = PDFResourceManager(caching=True)
        device = PDFPageAggregator(manager, laparams=LAParams(char_margin=1.5, line_margin=0.3))
        interpreter = PDFPageInterpreter(manager, device)
        for number, page in enumerate(islice(PDFPage.create_pages(document), pages), start=1):
            interpreter.process_page(page)
            layout = device.get_result()
            words = _Words(layout.height)
            for item in layout:
                words.walk(item)
            result["pages"].append(
                {
                    "number": number,
                    "width": layout.width,
                    "height": layout.height,
                    "words": words.words,
                    "images": words.images,
                }
            )
        if not result["page_count"]:
            result["page_count"] = len(result["pages"])
    return result


def main(argv: list[str]) -> int:
    path, memory, pages = argv[1], int(argv[2]), int(argv[3])
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    except (ImportError, ValueError, OSError):  # no such limit on this system: read anyway
        pass
    try:
        result = read(path, pages)
    except MemoryError:
        return 4
    except RecursionError:
        print(json.dumps({"error": "the PDF's structure nests too deeply"}))
        return 3
    except Exception as exc:  # noqa: BLE001 - pdfminer raises many types for broken files
        print(json.dumps({"error": " ".join(str(exc).split())[:300] or type(exc).__name__}))
        return 3
    print(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
