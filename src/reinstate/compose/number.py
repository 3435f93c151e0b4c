"""Grammatical number in the English letter: one ASIN, both ASINs, 1 buyer complaint.

Two mechanisms, both applied to English only (Chinese has no plural forms):

- a knowledge-base text may hold ``[[singular|plural]]`` choices; each is decided by the nearest
  counted slot before it (a list slot's number of items, an integer slot's value), else the first
  one after it, and is plural when no counted slot has a value;
- after filling, ``1`` followed by a plural noun (with up to two words between) is made singular,
  with the verb right after it ("1 late orders were" -> "1 late order was"), "all 2 units"
  becomes "both units" and "all 1 unit" "the 1 unit".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from reinstate.compose.text import SLOT_RE, Text

_CHOICE = re.compile(r"\[\[([^\[\]|]*)\|([^\[\]|]*)\]\]")

# Plural nouns of the knowledge base's counted sentences, with their singular.
_SINGULAR = {
    "ASINs": "ASIN",
    "SKUs": "SKU",
    "buyers": "buyer",
    "cancellations": "cancellation",
    "chargebacks": "chargeback",
    "claims": "claim",
    "complaints": "complaint",
    "customers": "customer",
    "days": "day",
    "defects": "defect",
    "hours": "hour",
    "invoices": "invoice",
    "items": "item",
    "listings": "listing",
    "messages": "message",
    "months": "month",
    "offers": "offer",
    "orders": "order",
    "packages": "package",
    "parcels": "parcel",
    "products": "product",
    "returns": "return",
    "reviews": "review",
    "shipments": "shipment",
    "units": "unit",
    "weeks": "week",
}
_VERB = {"were": "was", "have": "has", "are": "is"}
_ALL_TWO = re.compile(r"\b([Aa])ll 2 (?=[A-Za-z])")
_ALL_ONE = re.compile(r"\b([Aa])ll 1 (?=[A-Za-z])")
_ONE = re.compile(
    r"(?<![\w.,])1 ((?:(?!of\b|in\b|to\b|from\b|and\b|or\b|per\b)[A-Za-z][\w-]* ){0,2}?)"
    r"(" + "|".join(sorted(_SINGULAR, key=len, reverse=True)) + r")\b(?: (were|have|are)\b)?"
)


def counts_of(values: Iterable[Any], internal: Mapping[str, Text]) -> dict[str, int]:
    """How many each filled slot counts: the items of a list, the value of an integer."""
    counted: dict[str, int] = {}
    for value in values:
        raw = value.raw
        if isinstance(raw, list | tuple):
            counted[value.slot] = len(raw)
        elif isinstance(raw, int) and not isinstance(raw, bool):
            counted[value.slot] = raw
        elif isinstance(raw, str) and raw.strip().isdigit():
            counted[value.slot] = int(raw.strip())
    for slot, text in internal.items():
        digits = text.en.replace(",", "")
        if digits.isdigit():
            counted[slot] = int(digits)
    return counted


def choose_number(template: str, counted: Mapping[str, int]) -> str:
    """Resolve every ``[[singular|plural]]`` of ``template``.

    >>> choose_number("[[The order|The orders]] {order_list} [[was|were]] late.", {"order_list": 1})
    'The order {order_list} was late.'
    """
    if "[[" not in template:
        return template

    def pick(choice: re.Match[str]) -> str:
        slots = [m for m in SLOT_RE.finditer(template) if m.group(1) in counted]
        before = [m for m in slots if m.end() <= choice.start()]
        after = [m for m in slots if m.start() >= choice.end()]
        near = before[-1] if before else after[0] if after else None
        one = near is not None and counted[near.group(1)] == 1
        return choice.group(1) if one else choice.group(2)

    return _CHOICE.sub(pick, template)


def agree_numbers(text: str) -> str:
    """``1`` before a plural noun made singular, and the verb right after it.

    >>> agree_numbers("We found 1 buyer complaints, and 1 late orders were refunded.")
    'We found 1 buyer complaint, and 1 late order was refunded.'
    >>> agree_numbers("We removed all 2 units of B0C1234567.")
    'We removed both units of B0C1234567.'
    """

    def singular(match: re.Match[str]) -> str:
        verb = match.group(3)
        tail = f" {_VERB[verb]}" if verb else ""
        return f"1 {match.group(1)}{_SINGULAR[match.group(2)]}{tail}"

    text = _ALL_TWO.sub(lambda m: "Both " if m.group(1) == "A" else "both ", text)
    text = _ALL_ONE.sub(lambda m: "The 1 " if m.group(1) == "A" else "the 1 ", text)
    return _ONE.sub(singular, text)
