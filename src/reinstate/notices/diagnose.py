"""Diagnose a notice or a reply: what happened, what Amazon wants, by when, and where.

Everything language- or Amazon-specific is read from ``knowledge/notices/*.yaml``; this module
runs the phrase books over the text (the notice's language plus English, because notices in
every marketplace quote English policy names and links) and combines the results.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import date
from functools import cache
from importlib import resources

from reinstate.codes import Category, MessageKind, ReplyOutcome
from reinstate.notices.channel import decide_channel
from reinstate.notices.classifier import Model, load_model
from reinstate.notices.deadlines import find_deadlines
from reinstate.notices.decide import (
    decide_documents,
    decide_kind,
    decide_outcome,
    decide_scope,
    is_certain,
    rank_categories,
    weigh,
)
from reinstate.notices.extract import (
    find_amazon_addresses,
    find_asins,
    find_order_ids,
    find_rights_owner,
    find_skus,
)
from reinstate.notices.language import detect_language
from reinstate.notices.marketplace import detect_marketplace
from reinstate.notices.model import Diagnosis, EvidenceSpan, NoticeMessage
from reinstate.notices.phrases import Hit, NormalText, book
from reinstate.notices.reading import read_message
from reinstate.notices.structure import Decision, read_structure

# Phrase books that vote for a category: the reviewed notice phrases and the policy vocabulary
# taken from Amazon's help pages in every marketplace language.
CATEGORY_BOOKS = ("categories", "vocabulary")
SCAN_CHARS = 100_000
_CUT = f"only the first {SCAN_CHARS:,} characters were read for the diagnosis"
# Occurrences of one phrase looked at: the best-placed one counts (reason over boilerplate).
_EVERY = 8
_IP = {Category.IP_TRADEMARK, Category.IP_COPYRIGHT, Category.IP_PATENT, Category.IP_OTHER}


def _languages(language: str) -> list[str]:
    return list(dict.fromkeys([language, "en"]))


def _spans(text: str, hits: list[tuple[str, Hit]]) -> list[EvidenceSpan]:
    return [EvidenceSpan(h.start, h.end, label) for label, h in hits if 0 <= h.start < h.end]


def _occurrences(text: str, values: tuple[str, ...], label: str) -> list[EvidenceSpan]:
    spans = []
    for value in values:
        start = text.find(value)
        while start >= 0:
            spans.append(EvidenceSpan(start, start + len(value), label))
            start = text.find(value, start + len(value))
    return spans


def _category_hits(normal: NormalText, subject: NormalText, langs: list[str]) -> list[Hit]:
    hits: list[Hit] = []
    for name in CATEGORY_BOOKS:
        found = book(name).scan(normal, langs, every=_EVERY)
        if subject.original:
            # Subject phrases count, but have no place in the body to highlight.
            found += [replace(h, start=-1, end=-1) for h in book(name).scan(subject, langs)]
        # Phrases of different books are different phrases.
        offset = CATEGORY_BOOKS.index(name) * 100_000
        hits += [replace(h, phrase=h.phrase + offset) for h in found]
    return hits


def diagnose(
    msg: NoticeMessage,
    *,
    today: date | None = None,
    model: Model | None = None,
    use_model: bool = True,
) -> Diagnosis:
    """Diagnose a message read by :func:`read_message`.

    ``model`` replaces the shipped model (cross-validation trains one per held-out site);
    ``use_model=False`` decides on the reviewed phrases alone.

    >>> d = diagnose(read_message(b"Your Amazon seller account has been deactivated because of "
    ...     b"complaints about the authenticity of your items. Send invoices from your supplier."))
    >>> d.category.value, d.scope.value
    ('inauthentic', 'account')
    """
    full = msg.text
    # A notice is a few thousand characters; a paste of megabytes is read for its meaning in
    # its first SCAN_CHARS only (every phrase of every language runs over what is read), while
    # ASINs and orders are still taken from all of it.
    text = full[:SCAN_CHARS]
    language = detect_language(text)
    langs = _languages(language)
    structure = read_structure(text, language)
    normal = NormalText(text)
    subject = NormalText(msg.subject or "")
    linear = (model or load_model()) if use_model else None

    def predict(decision: Decision) -> dict[str, float]:
        return linear.predict(decision, text, structure, msg.subject) if linear else {}

    kind_hits = weigh(book("kind").scan(normal, langs, every=_EVERY), structure, "kind")
    kind, kind_confidence = decide_kind(kind_hits, msg.subject, predict("kind"))
    outcome: ReplyOutcome | None = None
    outcome_confidence: float | None = None
    outcome_hits: list[Hit] = []
    if kind is MessageKind.REPLY:
        outcome_hits = weigh(
            book("outcomes").scan(normal, langs, every=_EVERY), structure, "outcome"
        )
        outcome, outcome_confidence = decide_outcome(outcome_hits, predict("outcome"))

    category_hits = weigh(_category_hits(normal, subject, langs), structure, "category")
    ranked = rank_categories(category_hits, predict("category"))
    top = ranked[0].code if ranked else None
    certain = is_certain(ranked) if kind is MessageKind.NOTICE else True
    scope_hits = book("scope").scan(normal, langs)
    scope = decide_scope(scope_hits, top, predict("scope"))
    document_hits = book("documents").scan(normal, langs)
    documents = decide_documents(document_hits)
    if kind is MessageKind.REPLY and outcome is not ReplyOutcome.MORE_INFO:
        # A decision or a receipt asks for nothing: "thank you for your plan of action" names
        # a document without requesting it.
        documents = ()
    channel, channel_hits = decide_channel(normal, langs)
    in_error_hits = book("signals").scan(normal, langs)
    deadlines = find_deadlines(normal, language, sent_at=msg.sent_at, today=today)

    asins = find_asins(full)
    order_ids = find_order_ids(full)
    category: Category | None
    category = None if kind is MessageKind.REPLY else top or Category.OTHER
    rights_owner = find_rights_owner(text) if (top in _IP or category in _IP) else None

    labelled: list[tuple[str, Hit]] = []
    if top is not None:
        labelled += [
            (f"category:{top.value}", h)
            for h in category_hits
            if h.label == top.value and h.start >= 0
        ]
    labelled += [(f"kind:{h.label}", h) for h in kind_hits if h.label == kind.value]
    if outcome is not None:
        wanted = (
            {outcome.value, "conditional"} if outcome is ReplyOutcome.OTHER else {outcome.value}
        )
        labelled += [(f"outcome:{h.label}", h) for h in outcome_hits if h.label in wanted]
    labelled += [(f"scope:{h.label}", h) for h in scope_hits if h.label == scope.value]
    labelled += [
        (f"document:{h.label}", h) for h in document_hits if h.label in {d.value for d in documents}
    ]
    labelled += [(f"channel:{channel.kind.value}", h) for h in channel_hits]
    labelled += [("in_error", h) for h in in_error_hits]
    spans = _spans(text, labelled)
    spans += _occurrences(text, asins, "asin")
    spans += _occurrences(text, order_ids, "order_id")
    for deadline in deadlines:
        spans += _occurrences(text, (deadline.text,), "deadline")
    spans.sort(key=lambda s: (s.start, s.end))

    return Diagnosis(
        kind=kind,
        language=language,
        marketplace=detect_marketplace(f"{msg.subject or ''}\n{text}", msg.sender, language),
        scope=scope,
        category=category,
        categories=ranked,
        reply_outcome=outcome,
        asins=asins,
        order_ids=order_ids,
        skus=find_skus(text),
        requested_documents=documents,
        deadlines=deadlines,
        channel=channel,
        amazon_addresses=find_amazon_addresses(text),
        rights_owner=rights_owner,
        in_error_path=bool(in_error_hits),
        evidence_spans=tuple(spans),
        certain=certain,
        kind_confidence=kind_confidence,
        outcome_confidence=outcome_confidence,
        parts=structure.parts,
        subject=msg.subject,
        sent_at=msg.sent_at,
        text=full,
        warnings=(*msg.warnings, _CUT) if len(full) > SCAN_CHARS else msg.warnings,
    )


@cache
def knowledge_version() -> str:
    """A short hash of everything the diagnosis reads (its knowledge files and the model): a
    stored diagnosis made with the same version needs no second reading."""
    digest = hashlib.sha256()
    root = resources.files("reinstate.knowledge")
    for folder in ("notices", "models"):
        for entry in sorted(root.joinpath(folder).iterdir(), key=lambda e: e.name):
            if entry.is_file():
                digest.update(entry.name.encode())
                digest.update(entry.read_bytes())
    return digest.hexdigest()[:16]


def diagnose_bytes(
    data: bytes,
    filename: str | None = None,
    *,
    today: date | None = None,
    model: Model | None = None,
    use_model: bool = True,
) -> Diagnosis:
    """Read ``data`` (a .eml, .html or text file's bytes) and diagnose it."""
    return diagnose(read_message(data, filename), today=today, model=model, use_model=use_model)


def diagnose_text(
    text: str, *, today: date | None = None, model: Model | None = None, use_model: bool = True
) -> Diagnosis:
    """Diagnose pasted text (headers at the top of a paste are understood)."""
    return diagnose(
        read_message(text.encode("utf-8"), None), today=today, model=model, use_model=use_model
    )
