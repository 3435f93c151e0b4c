"""Turn phrase hits into decisions: category ranking, notice or reply, outcome, scope, documents.

The phrases and their weights are data; this module holds only the few combination rules,
each explained where it is applied.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

from reinstate.codes import Category, Document, MessageKind, ReplyOutcome, Scope
from reinstate.notices.model import CategoryScore
from reinstate.notices.phrases import Hit, totals

MAX_RANKED = 5
_REPLY_SUBJECT = re.compile(r"^\s*(?:re|aw|sv|rv|r|antw|回复|回覆|答复)\s*[:：]", re.IGNORECASE)
# On a tie the more cautious reading wins: a conditional answer is not a reinstatement, and a
# denial or a request for more information matters more than a receipt.
_OUTCOME_ORDER = ("conditional", "denied", "more_info", "reinstated", "acknowledged", "other")
_DOCUMENT_THRESHOLD = 3.0


def _best_per_phrase(hits: Sequence[Hit]) -> list[Hit]:
    """One hit per distinct matched phrase text and label (repeated phrases count once)."""
    seen: dict[tuple[str, str], Hit] = {}
    for hit in hits:
        key = (hit.label, hit.matched.lower())
        if key not in seen or seen[key].weight < hit.weight:
            seen[key] = hit
    return list(seen.values())


def rank_categories(hits: Sequence[Hit]) -> tuple[CategoryScore, ...]:
    """Categories by weight, with a confidence in [0, 1] and the phrases that decided them.

    Confidence is the category's share of all category weight, damped when the evidence is
    thin (a single weak phrase should not look certain).
    """
    scores = totals(hits)
    scores = {code: score for code, score in scores.items() if score > 0}
    if not scores:
        return ()
    # Squared weights sharpen the share: one category with clear evidence against several
    # with a stray phrase each should read as likely, not as one option among many.
    total = sum(score**2 for score in scores.values())
    top = max(scores.values())
    strength = 1.0 - math.exp(-top / 3.0)
    ranked = sorted(scores.items(), key=lambda item: item[1], reverse=True)[:MAX_RANKED]
    out = []
    for code, score in ranked:
        evidence = sorted((h for h in hits if h.label == code), key=lambda h: (-h.weight, h.start))
        phrases = tuple(dict.fromkeys(" ".join(h.matched.split()) for h in evidence))[:6]
        confidence = round(min(1.0, (score**2 / total) * strength), 2)
        out.append(CategoryScore(Category(code), confidence, phrases))
    return tuple(out)


def decide_kind(kind_hits: Sequence[Hit], subject: str | None) -> MessageKind:
    """A reply when reply wording is clear (weight >= 3) and outweighs notice wording."""
    scores = totals(_best_per_phrase(kind_hits))
    reply = scores.get("reply", 0.0)
    notice = scores.get("notice", 0.0)
    if subject and _REPLY_SUBJECT.match(subject):
        reply += 2.0
    if reply >= 3.0 and reply > notice:
        return MessageKind.REPLY
    return MessageKind.NOTICE


def decide_outcome(outcome_hits: Sequence[Hit]) -> ReplyOutcome:
    scores = totals(_best_per_phrase(outcome_hits))
    if not scores:
        return ReplyOutcome.OTHER
    best = max(
        _OUTCOME_ORDER, key=lambda label: (scores.get(label, 0.0), -_OUTCOME_ORDER.index(label))
    )
    if scores.get(best, 0.0) <= 0:
        return ReplyOutcome.OTHER
    if best == "conditional":
        return ReplyOutcome.OTHER
    return ReplyOutcome(best)


def decide_scope(scope_hits: Sequence[Hit], top_category: Category | None) -> Scope:
    """What was hit. Account enforcement outranks listing removal, which outranks money held;
    a review of the account alone (weight 3) is not an account-level action when it only
    holds funds, so the account needs one decisive phrase or several clear ones."""
    hits = _best_per_phrase(scope_hits)
    scores = totals(hits)
    account_max = max((h.weight for h in hits if h.label == "account"), default=0.0)
    if account_max >= 4 or scores.get("account", 0.0) >= 5:
        return Scope.ACCOUNT
    if scores.get("listing", 0.0) >= 3:
        return Scope.LISTING
    if scores.get("funds", 0.0) >= 3:
        return Scope.FUNDS
    if scores.get("warning", 0.0) >= 3 or scores.get("no_penalty", 0.0) >= 3:
        return Scope.WARNING
    if top_category is Category.FUNDS_HOLD:
        return Scope.FUNDS
    if scores.get("account", 0.0) >= 3:
        return Scope.ACCOUNT
    return Scope.UNKNOWN


def decide_documents(document_hits: Sequence[Hit]) -> tuple[Document, ...]:
    """Documents whose request wording reaches the threshold, in order of first mention."""
    scores = totals(_best_per_phrase(document_hits))
    first: dict[str, int] = {}
    for hit in document_hits:
        first[hit.label] = min(first.get(hit.label, hit.start), hit.start)
    chosen = [code for code, score in scores.items() if score >= _DOCUMENT_THRESHOLD]
    chosen.sort(key=lambda code: first[code])
    return tuple(Document(code) for code in chosen)
