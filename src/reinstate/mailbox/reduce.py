"""A message over the size limit, read without its attachments.

Amazon's words are in the text parts; a 50 MB message is nearly always one attachment. From
the message's BODYSTRUCTURE the text parts (text/plain, text/html, also inside a forwarded
message) are chosen within the limit, fetched on their own, and put back together as a
multipart message the notice reader reads like any other.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

_TEXT = {b"PLAIN", b"HTML"}
_DROPPED = (b"content-type", b"content-transfer-encoding", b"mime-version")
_DEPTH = 8


@dataclass(frozen=True, slots=True)
class Part:
    section: str  # IMAP part specifier, e.g. "1" or "2.1"
    subtype: str  # "plain" or "html"
    size: int
    take: int  # bytes fetched (the part's first ``take`` bytes)


def _bytes(value: object) -> bytes:
    return value.upper() if isinstance(value, bytes) else b""


def _leaves(structure: Any, prefix: str, depth: int) -> list[tuple[str, str, int]]:
    """(section, subtype, size) of every text leaf, in the message's order."""
    if depth > _DEPTH or not isinstance(structure, (tuple, list)) or not structure:
        return []
    if getattr(structure, "is_multipart", False) or isinstance(structure[0], (tuple, list)):
        parts = structure[0] if isinstance(structure[0], list) else [structure[0]]
        found: list[tuple[str, str, int]] = []
        for index, part in enumerate(parts, 1):
            found += _leaves(part, f"{prefix}{index}.", depth + 1)
        return found
    section = prefix.rstrip(".") or "1"
    kind, subtype = _bytes(structure[0]), _bytes(structure[1] if len(structure) > 1 else b"")
    size = structure[6] if len(structure) > 6 and isinstance(structure[6], int) else 0
    if kind == b"TEXT" and subtype in _TEXT:
        return [(section, subtype.decode().lower(), size)]
    if kind == b"MESSAGE" and subtype == b"RFC822" and len(structure) > 8:
        inner = structure[8]
        multipart = getattr(inner, "is_multipart", False)
        return _leaves(inner, f"{section}." if multipart else f"{section}.1.", depth + 1)
    return []


def text_parts(structure: Any, limit: int) -> list[Part]:
    """The text parts to fetch, plain text first, together within ``limit`` bytes; [] for a
    message of one part (or a structure that cannot be walked)."""
    if not (getattr(structure, "is_multipart", False)):
        return []
    leaves = _leaves(structure, "", 0)
    leaves.sort(key=lambda leaf: leaf[1] != "plain")
    chosen: list[Part] = []
    room = limit
    for section, subtype, size in leaves:
        if room <= 0:
            break
        take = min(size or room, room)
        chosen.append(Part(section, subtype, size, take))
        room -= take
    chosen.sort(key=lambda part: [int(n) for n in part.section.split(".") if n.isdigit()])
    return chosen


def _without_content_fields(header: bytes) -> bytes:
    """The header block without its Content-Type, Content-Transfer-Encoding and MIME-Version
    fields (continuation lines included), ending in one CRLF."""
    kept: list[bytes] = []
    dropping = False
    for line in header.splitlines():
        if not line.strip():
            continue
        if line[:1] in (b" ", b"\t"):
            if not dropping:
                kept.append(line)
            continue
        dropping = line.split(b":", 1)[0].strip().lower() in _DROPPED
        if not dropping:
            kept.append(line)
    return b"".join(line + b"\r\n" for line in kept)


def reduced_message(header: bytes, parts: Sequence[tuple[Part, bytes, bytes]]) -> bytes:
    """A multipart/mixed message of ``header`` and the fetched ``(part, mime header, body)``."""
    boundary = f"reinstate-text-parts-{secrets.token_hex(8)}".encode()
    out = [
        _without_content_fields(header),
        b"MIME-Version: 1.0\r\n",
        b'Content-Type: multipart/mixed; boundary="' + boundary + b'"\r\n\r\n',
    ]
    for part, mime, body in parts:
        head = mime.strip() or f"Content-Type: text/{part.subtype}".encode()
        out += [b"--", boundary, b"\r\n", head, b"\r\n\r\n", body, b"\r\n"]
    out += [b"--", boundary, b"--\r\n"]
    return b"".join(out)
