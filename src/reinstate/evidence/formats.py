"""A file's format from its first bytes (never from its name): the formats Amazon accepts for
documents (PDF, JPEG, PNG, GIF) and TIFF, which IP notices accept."""

from __future__ import annotations

FORMATS = ("pdf", "jpeg", "png", "gif", "tiff")
MEDIA_TYPES = {
    "pdf": "application/pdf",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "gif": "image/gif",
    "tiff": "image/tiff",
}
EXTENSIONS = {"pdf": "pdf", "jpeg": "jpg", "png": "png", "gif": "gif", "tiff": "tif"}


def sniff(head: bytes) -> str:
    """``pdf``, ``jpeg``, ``png``, ``gif``, ``tiff`` or ``unknown``.

    >>> sniff(b"%PDF-1.7\\n"), sniff(b"\\x89PNG\\r\\n\\x1a\\n"), sniff(b"hello")
    ('pdf', 'png', 'unknown')
    """
    # A PDF may start with a little junk before its header (readers allow 1 KB).
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    if head[:4] in (b"II*\x00", b"MM\x00*"):
        return "tiff"
    return "unknown"
