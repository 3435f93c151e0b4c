"""Identifiers a notice names: ASINs, order IDs, SKUs, Amazon addresses, the rights owner.

ASINs are 10 characters: ``B0`` plus 8 upper-case letters or digits, or for books an ISBN-10
with a valid check digit that the notice labels as an ASIN or ISBN (a bare 10-digit number is
far more often a phone or reference number). Masked tokens from forum copies (``B07TLXXXX``,
``B0XXXXXXXX``), truncated ones and order IDs are rejected.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from reinstate.knowledge.loader import load
from reinstate.notices.model import RightsOwner

_ASIN = re.compile(r"(?<![A-Za-z0-9])(B0[0-9A-Z]{8})(?![A-Za-z0-9])")
_ISBN10 = re.compile(r"(?<![\w\-/.])(\d{9}[\dX])(?![\w\-/])")
_ORDER = re.compile(r"(?<![\w-])((?:\d{3}|[A-Z]\d{2})-\d{7}-\d{7})(?![\w-])")
_EMAIL = re.compile(r"(?<![\w.+-])([\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,4})", re.ASCII)
_AMAZON_DOMAIN = re.compile(r"@(?:[\w-]+\.)*amazon\.[a-z.]{2,10}$", re.IGNORECASE)
_MASK = re.compile(r"X{3,}|x{3,}|\*")
_BULLET = re.compile(r"^[\s\-–—•*·>]+")
_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"'})


@dataclass(frozen=True, slots=True)
class _Patterns:
    sku: re.Pattern[str]
    asin_label: re.Pattern[str]
    anchor: re.Pattern[str]
    name_label: re.Pattern[str]
    complaint_id: re.Pattern[str]


@cache
def _patterns() -> _Patterns:
    data = load("notices/extraction")
    sku = re.compile(data["sku_label"] + r"\s*[:：#]\s*([A-Za-z0-9][\w\-./]{1,39})", re.IGNORECASE)
    return _Patterns(
        sku=sku,
        asin_label=re.compile(data["asin_label"], re.IGNORECASE),
        anchor=re.compile("|".join(f"(?:{a})" for a in data["rights_owner_anchor"]), re.I),
        name_label=re.compile(data["name_label"], re.IGNORECASE),
        complaint_id=re.compile(data["complaint_id"], re.IGNORECASE),
    )


def _isbn10_valid(token: str) -> bool:
    total = 0
    for position, char in enumerate(token):
        value = 10 if char == "X" else int(char)
        if char == "X" and position != 9:
            return False
        total += (10 - position) * value
    return total % 11 == 0


def _labelled(text: str, start: int) -> bool:
    """An ASIN/ISBN label on the same line before ``start`` or on the line above."""
    line_start = text.rfind("\n", 0, start) + 1
    previous_start = text.rfind("\n", 0, max(line_start - 1, 0)) + 1
    window = text[previous_start:start]
    return bool(_patterns().asin_label.search(window))


def find_asins(text: str) -> tuple[str, ...]:
    """ASINs in order of first appearance.

    >>> find_asins("ASIN: B07TLXXXX, B08N5WRWNW and order 112-1234567-1234567")
    ('B08N5WRWNW',)
    """
    found: dict[str, None] = {}
    for match in _ASIN.finditer(text):
        token = match.group(1)
        if _MASK.search(token[2:]):
            continue
        found.setdefault(token, None)
    for match in _ISBN10.finditer(text):
        token = match.group(1)
        if _isbn10_valid(token) and len(set(token)) > 2 and _labelled(text, match.start()):
            found.setdefault(token, None)
    return tuple(found)


def find_order_ids(text: str) -> tuple[str, ...]:
    """Amazon order IDs: 3-7-7 digits (``112-1234567-1234567``) and D01-/S01-style IDs."""
    return tuple(dict.fromkeys(m.group(1) for m in _ORDER.finditer(text)))


def find_skus(text: str) -> tuple[str, ...]:
    out: dict[str, None] = {}
    for match in _patterns().sku.finditer(text):
        value = match.group(1).rstrip(".,;")
        if value and not _MASK.search(value):
            out.setdefault(value, None)
    return tuple(out)


def find_emails(text: str) -> list[str]:
    return [m.group(1).rstrip(".").lower() for m in _EMAIL.finditer(text)]


def is_amazon_address(address: str) -> bool:
    return bool(_AMAZON_DOMAIN.search(address))


def find_amazon_addresses(text: str) -> tuple[str, ...]:
    """Every ``@amazon.*`` address in the text (notice@, seller-performance@ ...)."""
    return tuple(dict.fromkeys(a for a in find_emails(text) if is_amazon_address(a)))


def find_rights_owner(text: str) -> RightsOwner | None:
    """The complainant's name, e-mail and complaint ID as an IP notice gives them."""
    patterns = _patterns()
    text = text.translate(_QUOTES)  # same length: offsets and values stay aligned
    complaint = patterns.complaint_id.search(text)
    complaint_id = complaint.group(1) if complaint else None
    name: str | None = None
    email: str | None = None
    # Notices refer to "the contact information of the rights owner at the bottom of this
    # message" before giving it: the block is the LAST anchor that is followed by values.
    for anchor in reversed(list(patterns.anchor.finditer(text))):
        window = text[anchor.end() : anchor.end() + 600]
        labelled = anchor.group(0).rstrip().endswith((":", "："))
        if not labelled and window.split("\n", 1)[0].strip(" :：") != "":
            continue  # the anchor is inside a running sentence, not a heading
        name, email = _contact_block(window)
        if name or email:
            break
    if email is None:
        others = [e for e in find_emails(text) if not is_amazon_address(e)]
        email = others[-1] if others and name else None
    if name is None and email is None and complaint_id is None:
        return None
    return RightsOwner(name=name, email=email, complaint_id=complaint_id)


def _contact_block(window: str) -> tuple[str | None, str | None]:
    """Name and e-mail from the few lines after a rights-owner anchor."""
    patterns = _patterns()
    name: str | None = None
    email: str | None = None
    lines = [line for line in window.split("\n") if line.strip()][:6]
    for line in lines:
        cleaned = _BULLET.sub("", line).strip()
        if not cleaned or cleaned.endswith(("details:", "information:")):
            continue
        line_emails = [e for e in find_emails(cleaned) if not is_amazon_address(e)]
        if line_emails:
            email = email or line_emails[0]
            continue
        if patterns.complaint_id.search(cleaned) or re.search(r"https?://", cleaned):
            continue
        if name is None:
            candidate = patterns.name_label.sub("", cleaned).replace("[...]", "").strip()
            if 1 < len(candidate) <= 120 and len(candidate.split()) <= 12:
                name = candidate
    return name, email
