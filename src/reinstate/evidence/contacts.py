"""Phone numbers, websites and e-mail addresses in a line of a document, and whether a line
reads as an address. Every pattern is bounded (linear on any input)."""

from __future__ import annotations

import re

from reinstate.evidence.knowledge import group, label

_DOMAIN = r"[a-z0-9][a-z0-9\-]{0,62}(?:\.[a-z0-9\-]{1,63}){1,5}"
EMAIL = re.compile(rf"[\w.+\-]{{1,64}}@{_DOMAIN}", re.IGNORECASE)
WEBSITE = re.compile(
    rf"(?<![\w@.])(?:https?://{_DOMAIN}(?:/[\w\-./%?=&#]{{0,200}})?|www\.{_DOMAIN})",
    re.IGNORECASE,
)
DOMAIN = re.compile(rf"(?<![\w@.]){_DOMAIN}(?![\w@])", re.IGNORECASE)
# An international number, a Chinese landline (0755-12345678) or mobile (13812345678), or any
# run of 7 to 18 digits with spaces, dashes and brackets after a phone label.
PHONE = re.compile(
    r"(?<![\w+])(?:\+\d{1,3}[\s\-]?(?:\(\d{1,4}\)[\s\-]?)?\d[\d\s\-]{5,16}\d"
    r"|0\d{2,3}[\s\-]\d{7,8}|1[3-9]\d{9})(?!\d)"
)
# After a label, service numbers count too (95598, 10086): five digits or more.
LABELLED_NUMBER = re.compile(r"[:：]?\s{0,3}(\+?\(?\d[\d\s\-()]{3,18}\d)")
_NUMBER = re.compile(r"\d")


def phone_in(text: str) -> tuple[int, int] | None:
    """The span of a phone number in ``text``: after a phone label, or in a phone format."""
    for match in label("phone").finditer(text):
        number = LABELLED_NUMBER.match(text, match.end())
        if number:
            return number.span(1)
    found = PHONE.search(text)
    return found.span() if found else None


def website_in(text: str) -> tuple[int, int] | None:
    """The span of a website: a URL or www. name anywhere, or a bare domain after a web label
    (``Web: huatech.en.alibaba.com``). E-mail addresses are not websites."""
    found = WEBSITE.search(text)
    if found:
        return found.span()
    for match in label("website").finditer(text):
        domain = DOMAIN.search(text, match.end(), match.end() + 80)
        if domain and "@" not in text[domain.start() - 1 : domain.end() + 1]:
            return domain.span()
    return None


def email_in(text: str) -> tuple[int, int] | None:
    found = EMAIL.search(text)
    return found.span() if found else None


def is_contact_line(text: str) -> bool:
    return bool(phone_in(text) or website_in(text) or email_in(text))


def looks_like_address(text: str) -> bool:
    """A line with a street, district or city word and a number, or an address label."""
    if label("address").match(text.strip()):
        return True
    return bool(group("address_words").search(text)) and bool(_NUMBER.search(text))
