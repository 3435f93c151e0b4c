"""Is a message Amazon's? The reviewed sender list of ``knowledge/mailbox/senders.yaml``.

>>> is_amazon_sender("Amazon.com <seller-performance@amazon.com>")
True
>>> is_amazon_sender("seller-performance@amazon.com.evil.example")
False
>>> is_amazon_sender("auto-confirm@amazon.com")  # an order confirmation, not a notice
False
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from reinstate.knowledge.loader import load

# "Name <local@domain>" or a bare "local@domain" (a From header has one address).
_ANGLE = re.compile(r"<\s*([^<>\s@]{1,64}@[^<>\s@]{1,255})\s*>")
_BARE = re.compile(r"(?<![^\s<,;:])([^<>\s@\"]{1,64}@[^<>\s@\"]{1,255})")
# The domain a DMARC result names: "dmarc=fail (p=REJECT ...) header.from=amazon.com".
_DMARC = re.compile(r"\bdmarc\s*=\s*(\w+)[^;]{0,400}?header\.from\s*=\s*([\w.-]{1,253})", re.I)


@dataclass(frozen=True, slots=True)
class SenderRules:
    domains: dict[str, str]  # domain -> marketplace code
    excluded_local_parts: frozenset[str]


@cache
def rules() -> SenderRules:
    data = load("mailbox/senders")
    domains: dict[str, str] = {}
    for marketplace, names in data["domains"].items():
        for name in names:
            domains[str(name).lower()] = str(marketplace)
    excluded = frozenset(str(p).lower() for p in data.get("not_about_appeals") or ())
    return SenderRules(domains, excluded)


def address_of(header_value: str) -> str:
    """The bare address of a From header ("Amazon <a@b>" -> "a@b"), lower-cased; "" if none.

    A regular expression rather than ``email.utils.parseaddr``: it runs for every new message
    of the mailbox (10,000 on a first sync), and parseaddr costs a tenth of a millisecond.
    """
    head = header_value[:1000]
    # The address in angle brackets wins: "seller-performance@amazon.com <evil@x.example>"
    # is evil@x.example's mail.
    found = _ANGLE.search(head) or _BARE.search(head)
    return found.group(1).lower().rstrip(".") if found else ""


def sender_marketplace(header_value: str) -> str | None:
    """The marketplace whose Amazon domain sent the message, or None when it is not Amazon's
    (or is an Amazon address that never writes about appeals)."""
    return address_marketplace(address_of(header_value))


def address_marketplace(address: str) -> str | None:
    """``sender_marketplace`` of a bare, lower-cased address."""
    if address.count("@") != 1:
        return None
    local, domain = address.split("@")
    found = rules()
    if local in found.excluded_local_parts:
        return None
    return found.domains.get(domain)


def is_amazon_sender(header_value: str) -> bool:
    return sender_marketplace(header_value) is not None


def dmarc_failed(authentication_results: str, sender_domain: str) -> bool:
    """True when the receiving server recorded a failed DMARC check for ``sender_domain``: the
    From header was forged (phishing that pretends to be Amazon)."""
    for result, domain in _DMARC.findall(authentication_results[:20_000]):
        if domain.lower() == sender_domain.lower() and result.lower() == "fail":
            return True
    return False
