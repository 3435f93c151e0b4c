"""Find Amazon's own message inside a forwarded or quoted mail body.

Sellers forward notices to themselves, to a colleague or to an appeal team, so the body often
starts with their own note, then a client's forward marker ("---------- Forwarded message
---------", "Begin forwarded message:", "-------- 转发的邮件 --------" ...), a block of header
lines in the client's language, and Amazon's text. Markers and header names are data
(``knowledge/notices/forwarding.yaml``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from email.utils import parsedate_to_datetime
from functools import cache

from reinstate.knowledge.loader import load


@dataclass(frozen=True, slots=True)
class QuotedBlock:
    sender: str | None
    subject: str | None
    sent_at: datetime | None
    body: str


@dataclass(frozen=True, slots=True)
class _Rules:
    marker: re.Pattern[str]
    header: re.Pattern[str]
    meaning: dict[str, str]
    amazon: re.Pattern[str]


@cache
def _rules() -> _Rules:
    data = load("notices/forwarding")
    marker = re.compile(
        r"^[ \t>]*(?:" + "|".join(data["markers"]) + r")[ \t]*$", re.IGNORECASE | re.MULTILINE
    )
    meaning = {str(name).lower(): key for key, names in data["headers"].items() for name in names}
    names = sorted(meaning, key=len, reverse=True)
    header = re.compile(
        r"^[ \t>*]*(" + "|".join(re.escape(n) for n in names) + r")[ \t]*[:：][ \t]*(.*)$",
        re.IGNORECASE,
    )
    amazon = re.compile(data["amazon_sender"], re.IGNORECASE)
    return _Rules(marker, header, meaning, amazon)


def is_amazon_sender(sender: str | None) -> bool:
    return bool(sender) and bool(_rules().amazon.search(sender or ""))


def strip_quote_prefix(text: str) -> str:
    """Remove ``>`` quoting when most lines carry it (a reply-quoted notice)."""
    for _ in range(4):
        lines = text.split("\n")
        filled = [line for line in lines if line.strip()]
        quoted = [line for line in filled if line.lstrip().startswith(">")]
        if not filled or len(quoted) < 0.6 * len(filled):
            break
        text = "\n".join(re.sub(r"^\s*> ?", "", line) for line in lines)
    return text


def _parse_date(value: str) -> datetime | None:
    try:
        parsed = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if parsed.tzinfo is None:
        return None
    return parsed


def _read_block(chunk: str) -> QuotedBlock:
    """Header lines at the top of ``chunk``, then the body."""
    rules = _rules()
    found: dict[str, str] = {}
    lines = chunk.split("\n")
    index = 0
    # Skip blank lines between the marker and the headers.
    while index < len(lines) and not lines[index].strip():
        index += 1
    while index < len(lines):
        match = rules.header.match(lines[index])
        if not match:
            break
        key = rules.meaning.get(match.group(1).lower(), "")
        found.setdefault(key, match.group(2).strip())
        index += 1
    if not found:
        index = 0
    body = "\n".join(lines[index:]).strip("\n")
    return QuotedBlock(
        sender=found.get("from") or None,
        subject=found.get("subject") or None,
        sent_at=_parse_date(found["date"]) if found.get("date") else None,
        body=body,
    )


def split_forwarded(text: str) -> tuple[str, list[QuotedBlock]]:
    """The text before the first marker and every quoted block after it, outermost first."""
    rules = _rules()
    matches = list(rules.marker.finditer(text))
    if not matches:
        return text, []
    head = text[: matches[0].start()]
    blocks = []
    for number, match in enumerate(matches):
        end = matches[number + 1].start() if number + 1 < len(matches) else len(text)
        block = _read_block(text[match.end() : end])
        # An Outlook rule line that is not followed by headers is decoration, not a marker.
        if match.group(0).strip().startswith("_") and block.sender is None:
            continue
        blocks.append(block)
    return head, blocks


def amazon_part(text: str, top_sender: str | None) -> tuple[str, QuotedBlock | None]:
    """Amazon's message inside ``text``: the outermost part that Amazon sent.

    Returns the body and, when it came from a quoted block, that block (for its headers).

    >>> body, block = amazon_part(
    ...     "FYI\\n---------- Forwarded message ---------\\nFrom: Amazon <a@amazon.com>\\n\\n"
    ...     "Your account has been deactivated.", None)
    >>> body, block.sender
    ('Your account has been deactivated.', 'Amazon <a@amazon.com>')
    """
    text = strip_quote_prefix(text)
    head, blocks = split_forwarded(text)
    if not blocks:
        return text, None
    if is_amazon_sender(top_sender) and head.strip():
        return head.strip("\n"), None
    for block in blocks:
        if is_amazon_sender(block.sender) and block.body.strip():
            return strip_quote_prefix(block.body), block
    for block in blocks:
        if block.body.strip():
            return strip_quote_prefix(block.body), block
    return text, None
