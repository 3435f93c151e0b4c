"""Seconds per page to read evidence documents, beside the bare tools on the same pages (issue 16).

Generates invoices and utility bills (reinstate.demo.documents: English and Chinese, one page
each) and times, per page:

* **text PDFs**: ``reinstate.evidence.read_document`` (pdfminer.six in its own process, then
  fields, line items, kind) against a bare ``pdfminer.high_level.extract_text`` of the same file
  in this process;
* **scans** (JPEG tilted and speckled, PNG, image-only PDF): ``read_document`` (OCR through
  tesseract, English and Simplified Chinese, with the Traditional retry when Chinese reads poorly;
  poppler draws a scanned PDF page) against a bare ``tesseract IMAGE stdout -l eng+chi_sim``
  run on the same page image (for the image-only PDF: ``pdftoppm`` plus that tesseract run).

Every figure is the median of ``--repeat`` runs (default 3) of each document; tesseract runs on
one thread (OMP_THREAD_LIMIT=1), as Reinstate runs it. Run:
``.venv/bin/python bench/evidence_speed.py [--repeat 3] [--docs 4]``.
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from reinstate.demo.documents import (  # noqa: E402 - after the path is set
    SELLER_ZH,
    SUPPLIER_ZH,
    BillSpec,
    InvoiceSpec,
    Item,
    bill_pdf,
    invoice_pdf,
    scan,
)
from reinstate.evidence import read_document  # noqa: E402

ENV = {**os.environ, "OMP_THREAD_LIMIT": "1"}


def _documents(count: int) -> list[tuple[str, bytes]]:
    invoice = InvoiceSpec(
        issued=date(2026, 3, 2),
        items=(Item("Hair Dryer Brush 1000W", "B0C7Q2ZK4M", 500), Item("Mats", "B0D1X9PQ2R", 90)),
    )
    chinese = replace(invoice, supplier=SUPPLIER_ZH, buyer=SELLER_ZH, language="zh")
    bill = BillSpec(issued=date(2026, 4, 10))
    pdfs = [invoice_pdf(invoice), invoice_pdf(chinese), bill_pdf(bill),
            bill_pdf(replace(bill, holder=SELLER_ZH, language="zh"))]  # fmt: skip
    return [(f"doc-{n}", pdfs[n % len(pdfs)]) for n in range(count)]


def _median(run: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _bare_tesseract(image: Path) -> None:
    subprocess.run(
        ["tesseract", str(image), "stdout", "-l", "eng+chi_sim", "--psm", "3"],
        capture_output=True, check=True, env=ENV, timeout=120,
    )  # fmt: skip


def _write_png(data: bytes, path: Path) -> Path:
    from PIL import Image

    with Image.open(io.BytesIO(data)) as image:
        image.convert("L").save(path, format="PNG")
    return path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--docs", type=int, default=4, help="documents of each kind (1 page each)")
    args = parser.parse_args()
    from pdfminer.high_level import extract_text

    documents = _documents(args.docs)
    rows: list[tuple[str, float, float, str]] = []
    with tempfile.TemporaryDirectory(prefix="evidence-speed-") as folder:
        out = Path(folder)
        ours = [_median(lambda d=d: read_document(d, "x.pdf"), args.repeat) for _n, d in documents]
        bare = [
            _median(lambda d=d: extract_text(io.BytesIO(d)), args.repeat) for _n, d in documents
        ]
        rows.append(("text PDF (pdfminer.six)", statistics.mean(ours), statistics.mean(bare),
                     "bare: pdfminer extract_text"))  # fmt: skip
        for fmt, label in (("jpeg", "scan, JPEG, tilted + speckled"), ("png", "scan, PNG"),
                           ("pdf", "scan, image-only PDF")):  # fmt: skip
            ours, bare = [], []
            for number, (_name, pdf) in enumerate(documents):
                noisy = fmt == "jpeg"
                data = scan(pdf, fmt=fmt, tilt=1.0 if noisy else 0.0, noise=0.005 if noisy else 0)
                ours.append(_median(lambda data=data: read_document(data, "x"), args.repeat))
                if fmt == "pdf":
                    source = out / f"scan-{number}.pdf"
                    source.write_bytes(data)

                    def bare_pdf(source: Path = source) -> None:
                        subprocess.run(
                            ["pdftoppm", "-gray", "-r", "200", "-singlefile", str(source),
                             str(source.with_suffix(""))],
                            check=True, capture_output=True, timeout=120,
                        )  # fmt: skip
                        _bare_tesseract(source.with_suffix(".pgm"))

                    bare.append(_median(bare_pdf, args.repeat))
                else:
                    image = _write_png(data, out / f"scan-{number}.png")
                    bare.append(_median(lambda image=image: _bare_tesseract(image), args.repeat))
            how = "bare: tesseract eng+chi_sim" + (" after pdftoppm" if fmt == "pdf" else "")
            rows.append((f"OCR: {label}", statistics.mean(ours), statistics.mean(bare), how))
    print(f"{len(documents)} one-page documents (English and Chinese invoices and bills), "
          f"median of {args.repeat} runs each; {os.cpu_count()} cores, load "
          f"{os.getloadavg()[0]:.1f}\n")  # fmt: skip
    print(f"{'':36} {'Reinstate s/page':>17} {'bare s/page':>12} {'ratio':>7}")
    for label, mine, base, how in rows:
        print(f"{label:36} {mine:17.2f} {base:12.2f} {mine / base:7.2f}  ({how})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
