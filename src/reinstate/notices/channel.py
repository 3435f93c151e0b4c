"""Where the appeal goes: Account Health, Performance Notifications, a reply, or an address.

Notices name the preferred route first ("please reply to this message. You may also visit the
Performance Notifications page ..."), so the earliest clear route wins. An Amazon address is
the channel only where the sentence around it asks the seller to send something there, not
where it is given for questions about payments.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from reinstate.codes import ChannelKind
from reinstate.notices.extract import find_emails, is_amazon_address
from reinstate.notices.model import Channel
from reinstate.notices.phrases import Hit, NormalText, book, totals

_CLEAR = 3.0
_SENTENCE_END = re.compile(r"[.!?。！？\n](?:\s|$)")


def _sentence_around(text: str, start: int, end: int) -> str:
    left = 0
    for match in _SENTENCE_END.finditer(text, 0, start):
        left = match.end()
    right_match = _SENTENCE_END.search(text, end)
    right = right_match.start() if right_match else len(text)
    return text[left:right]


def _email_candidates(text: NormalText, langs: Sequence[str]) -> list[Hit]:
    phrases = book("channels")
    request = [
        p for lang in [*langs, "any"] for p in phrases.phrases(lang) if p.label == "email_request"
    ]
    question = [
        p for lang in [*langs, "any"] for p in phrases.phrases(lang) if p.label == "email_question"
    ]
    found: list[Hit] = []
    for address in dict.fromkeys(find_emails(text.norm)):
        if not is_amazon_address(address):
            continue
        start = text.norm.find(address)
        if start < 0:
            continue
        end = start + len(address)
        sentence = _sentence_around(text.norm, start, end).replace(address, " ")
        asks = any(p.pattern.search(sentence) for p in request)
        about_questions = any(p.pattern.search(sentence) for p in question)
        if asks and not about_questions:
            o_start, o_end = text.span(start, end)
            found.append(Hit("email", 4.0, o_start, o_end, address, "any"))
    return found


def decide_channel(text: NormalText, langs: Sequence[str]) -> tuple[Channel, list[Hit]]:
    """The appeal channel and the hits that decided it."""
    routes = [
        h
        for h in book("channels").scan(text, langs)
        if h.label in ("account_health", "performance_notifications", "reply_email")
    ]
    routes.extend(_email_candidates(text, langs))
    if not routes:
        return Channel(ChannelKind.UNKNOWN, None), []
    clear = sorted((h for h in routes if h.weight >= _CLEAR), key=lambda h: (h.start, -h.weight))
    if clear:
        chosen = clear[0]
    else:
        scores = totals(routes)
        label = max(scores, key=lambda key: scores[key])
        chosen = min((h for h in routes if h.label == label), key=lambda h: h.start)
    kind = ChannelKind(chosen.label)
    address = chosen.matched.lower() if kind is ChannelKind.EMAIL else None
    return Channel(kind, address), [h for h in routes if h.label == chosen.label]
