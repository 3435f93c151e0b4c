"""Hostile documents, made small on disk: a PDF whose one stream inflates to a gigabyte, a page
tree that claims a million pages, a password, a truncated file, a one-pixel image and a PNG
whose header claims 2.5 billion pixels."""

from __future__ import annotations

import io
import struct
import zlib

from pypdf import PdfReader, PdfWriter

from reinstate.demo.documents import InvoiceSpec, invoice_pdf


def _pdf(objects: list[bytes]) -> bytes:
    """A PDF of ``objects`` (numbered from 1, object 1 the catalogue) with a correct xref."""
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()


def pdf_bomb(inflated: int = 1024**3) -> bytes:
    """One page whose content stream inflates to ``inflated`` bytes of spaces (about 5 MB on
    disk: the fastest compression level keeps making it quick)."""
    packer = zlib.compressobj(1)
    chunk = b" " * (16 * 1024 * 1024)
    stream = b"".join(packer.compress(chunk) for _ in range(inflated // len(chunk)))
    stream += packer.flush()
    return _pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ])  # fmt: skip


def page_flood(claimed: int = 1_000_000, kids: int = 100_000) -> bytes:
    """A page tree that claims ``claimed`` pages and lists one page ``kids`` times."""
    page = (
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>"
    )
    content = b"BT /F1 12 Tf 72 720 Td (Commercial invoice number 1 of many) Tj ET"
    return _pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + b"3 0 R " * kids + b"] /Count %d >>" % claimed,
        page,
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ])  # fmt: skip


def encrypted(password: str = "s3cret") -> bytes:  # noqa: S107 - a test file's password
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(invoice_pdf(_SPEC))))
    writer.encrypt(user_password=password, owner_password=password + "-owner")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def truncated() -> bytes:
    whole = invoice_pdf(_SPEC)
    return whole[: len(whole) // 3]


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))


def png(width: int, height: int, rows: int = 1) -> bytes:
    """A grey PNG whose header says ``width`` x ``height`` and whose data holds ``rows`` rows."""
    raw = (b"\x00" + b"\xff" * width) * rows
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
        + _png_chunk(b"IDAT", zlib.compress(raw, 9))
        + _png_chunk(b"IEND", b"")
    )


def png_bomb() -> bytes:
    return png(50_000, 50_000, rows=1)


def one_pixel() -> bytes:
    return png(1, 1)


_SPEC = InvoiceSpec(issued=__import__("datetime").date(2026, 3, 2), items=())
