"""Which case a message from Amazon belongs to.

The rules, strongest first (the first that finds a case decides):

1. ``thread``: its In-Reply-To or References name a message of the case (the notice, the
   appeal sent by email, an earlier answer);
2. ``asin``: it names an ASIN of an open case;
3. ``merchant_token``: it names the merchant token of a seller account with one open case (a
   reply: one case waiting for Amazon's answer);
4. ``subject``: its subject, without Re:/Fwd:/回复: prefixes, is the subject of an open case's
   notice;

(rules 2 to 4 take a notice only to a case of the same category, or one whose category is not
known yet: a new enforcement on the same product or account is a case of its own);
5. ``only_waiting`` (replies): the seller account has exactly one case waiting for an answer.

Otherwise a notice opens a new case (``new_case``), and so does a reply that fits no case
(``unmatched``: nothing is lost, and the seller is asked to move it).

    >>> case = CaseOnFile(1, 10, asins=frozenset({"B0C7Q2ZK4M"}), open=True)
    >>> match(Incoming(kind="reply", asins=("B0C7Q2ZK4M",)), [case], home_account=10)
    Match(case_id=1, account_id=10, rule='asin')
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

_PREFIX = re.compile(
    r"^\s*(?:re|fw|fwd|aw|wg|sv|vs|tr|rv|回复|答复|回覆|轉寄|转发|返信|転送)\s*(?:\[\d{1,3}\])?\s*[:：]\s*",
    re.IGNORECASE,
)
_SPACE = re.compile(r"\s+")
# The merchant token is looked for in the first characters of the text only.
_TEXT_LIMIT = 100_000


@dataclass(frozen=True, slots=True)
class CaseOnFile:
    """What matching needs to know of one case."""

    case_id: int
    account_id: int
    message_ids: frozenset[str] = frozenset()
    asins: frozenset[str] = frozenset()
    subjects: frozenset[str] = frozenset()  # normalised (``normal_subject``)
    merchant_token: str = ""
    category: str = ""
    open: bool = True  # not reinstated (a final answer)
    waiting: bool = False  # submitted, awaiting Amazon's answer, or followed up
    opened: float = 0.0  # when it was opened (a timestamp: newer wins a tie)


@dataclass(frozen=True, slots=True)
class Incoming:
    """What matching needs to know of the message."""

    kind: str  # "notice" or "reply"
    thread_ids: tuple[str, ...] = ()
    asins: tuple[str, ...] = ()
    subject: str = ""
    text: str = field(default="", repr=False)
    category: str = ""


@dataclass(frozen=True, slots=True)
class Match:
    case_id: int | None  # None: open a new case
    account_id: int | None  # the seller account of the case (or of the new case)
    rule: str


def normal_subject(subject: str) -> str:
    """The subject without reply and forward prefixes, spaces folded, lower-cased.

    >>> normal_subject("RE: Fwd: 回复：Your Amazon.com selling account")
    'your amazon.com selling account'
    """
    text = subject[:1000]
    while True:
        stripped = _PREFIX.sub("", text, count=1)
        if stripped == text:
            break
        text = stripped
    return _SPACE.sub(" ", text).strip().lower()


def _best(cases: Sequence[CaseOnFile]) -> CaseOnFile:
    return max(cases, key=lambda c: (c.waiting, c.open, c.opened, c.case_id))


def _fits(mail: Incoming, case: CaseOnFile) -> bool:
    """An open case, and for a notice one of the same category (or none known on either
    side): a new enforcement on the same product or account is a case of its own."""
    if not case.open:
        return False
    if mail.kind != "notice" or not case.category or not mail.category:
        return True
    return case.category == mail.category


def _by_asin(mail: Incoming, cases: Sequence[CaseOnFile]) -> CaseOnFile | None:
    asins = set(mail.asins)
    if not asins:
        return None
    found = [c for c in cases if _fits(mail, c) and asins & c.asins]
    if not found:
        return None
    most = max(len(asins & c.asins) for c in found)
    return _best([c for c in found if len(asins & c.asins) == most])


def _by_token(mail: Incoming, cases: Sequence[CaseOnFile]) -> tuple[CaseOnFile | None, int | None]:
    text = mail.text[:_TEXT_LIMIT].upper()
    accounts = {
        c.account_id
        for c in cases
        if len(c.merchant_token) >= 8 and c.merchant_token.upper() in text
    }
    if len(accounts) != 1:
        return None, None
    account = accounts.pop()
    wanted = [c for c in cases if c.account_id == account and _fits(mail, c)]
    if mail.kind == "reply":
        wanted = [c for c in wanted if c.waiting]
    return (wanted[0] if len(wanted) == 1 else None), account


def match(mail: Incoming, cases: Sequence[CaseOnFile], *, home_account: int) -> Match:
    """The case ``mail`` belongs to among ``cases`` (those the mailbox's owner can see);
    ``home_account`` is the seller account the mailbox belongs to, for a new case."""
    thread = set(mail.thread_ids)
    if thread:
        found = [c for c in cases if thread & c.message_ids]
        if found:
            best = _best(found)
            return Match(best.case_id, best.account_id, "thread")
    by_asin = _by_asin(mail, cases)
    if by_asin is not None:
        return Match(by_asin.case_id, by_asin.account_id, "asin")
    by_token, token_account = _by_token(mail, cases)
    if by_token is not None:
        return Match(by_token.case_id, by_token.account_id, "merchant_token")
    account = token_account if token_account is not None else home_account
    subject = normal_subject(mail.subject)
    if subject:
        found = [c for c in cases if _fits(mail, c) and subject in c.subjects]
        if found:
            best = _best(found)
            return Match(best.case_id, best.account_id, "subject")
    if mail.kind == "reply":
        waiting = [c for c in cases if c.account_id == account and c.waiting]
        if len(waiting) == 1:
            return Match(waiting[0].case_id, account, "only_waiting")
        return Match(None, account, "unmatched")
    return Match(None, account, "new_case")
