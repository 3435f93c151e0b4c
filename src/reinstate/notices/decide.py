"""Turn phrase hits and the model's probabilities into decisions.

Order matters: first whether the message is a notice or an answer to an appeal, then for an
answer what Amazon decided, for a notice which policy it enforces. Each decision blends the
reviewed phrases (weighted by the part of the message they sit in) with the trained model
(``knowledge/notices/decisions.yaml`` says how); scope and documents come from phrases alone.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cache

from reinstate.codes import Category, Document, MessageKind, ReplyOutcome, Scope
from reinstate.knowledge.loader import load
from reinstate.notices.model import CategoryScore
from reinstate.notices.phrases import Hit, totals
from reinstate.notices.structure import Decision, Structure

MAX_RANKED = 5
_REPLY_SUBJECT = re.compile(r"^\s*(?:re|aw|sv|rv|r|antw|回复|回覆|答复)\s*[:：]", re.IGNORECASE)
# On a tie the more cautious reading wins: a denial or a request for more information matters
# more than a receipt.
_OUTCOME_ORDER = ("denied", "more_info", "reinstated", "acknowledged", "other")
_DOCUMENT_THRESHOLD = 3.0
_DECISIONS = ("denied", "more_info", "reinstated")
_DECISIVE = 4.0


@dataclass(frozen=True, slots=True)
class Blend:
    alpha: float
    prior: float
    power: float

    def mix(
        self, phrase_scores: Mapping[str, float], model: Mapping[str, float]
    ) -> dict[str, float]:
        """alpha * (phrase shares, the rest of the mass after the model) + (1 - alpha) * model.

        >>> Blend(0.5, 1.0, 1.0).mix({"a": 3.0}, {"a": 0.2, "b": 0.8})
        {'a': 0.475, 'b': 0.525}
        """
        powered = {k: v**self.power for k, v in phrase_scores.items() if v > 0}
        total = sum(powered.values()) + self.prior
        labels = set(powered) | set(model)
        if not model:
            # No model: the phrases alone, their leftover mass spread over nothing.
            return {k: v / (total - self.prior) for k, v in powered.items()} if powered else {}
        out = {}
        for label in labels:
            phrases = powered.get(label, 0.0) / total + self.prior / total * model.get(label, 0.0)
            out[label] = round(self.alpha * phrases + (1 - self.alpha) * model.get(label, 0.0), 6)
        return out


@dataclass(frozen=True, slots=True)
class Settings:
    category: Blend
    kind: Blend
    outcome: Blend
    reply_subject: float
    conditional_min: float
    min_confidence: float
    min_margin: float
    no_evidence_below: float
    no_evidence_other: float
    scope_model_min: float


def _blend(data: Mapping[str, object]) -> Blend:
    return Blend(float(data["alpha"]), float(data["prior"]), float(data["power"]))  # type: ignore[arg-type]


@cache
def settings() -> Settings:
    data = load("notices/decisions")
    return Settings(
        category=_blend(data["category"]),
        kind=_blend(data["kind"]),
        outcome=_blend(data["outcome"]),
        reply_subject=float(data["kind"]["reply_subject"]),
        conditional_min=float(data["outcome"]["conditional_min"]),
        min_confidence=float(data["certainty"]["min_confidence"]),
        min_margin=float(data["certainty"]["min_margin"]),
        no_evidence_below=float(data["category"]["no_evidence_below"]),
        no_evidence_other=float(data["category"]["no_evidence_other"]),
        scope_model_min=float(data["scope"]["model_min"]),
    )


def weigh(hits: Sequence[Hit], structure: Structure, decision: Decision) -> list[Hit]:
    """Each phrase once, at its best occurrence, its weight scaled by the part it sits in."""
    best: dict[tuple[str, str, int, str], Hit] = {}
    for hit in hits:
        weight = hit.weight * structure.weight_at(hit.start, decision)
        # Subject hits (start -1) and body hits of one phrase are one phrase.
        key = (hit.label, hit.lang, hit.phrase, hit.matched.lower() if hit.phrase < 0 else "")
        if key not in best or best[key].weight < weight:
            best[key] = replace(hit, weight=weight)
    return list(best.values())


def _evidence(hits: Sequence[Hit], code: str) -> tuple[str, ...]:
    chosen = sorted((h for h in hits if h.label == code), key=lambda h: (-h.weight, h.start))
    return tuple(dict.fromkeys(" ".join(h.matched.split()) for h in chosen))[:6]


def rank_categories(
    hits: Sequence[Hit], model: Mapping[str, float], blend: Blend | None = None
) -> tuple[CategoryScore, ...]:
    """Categories by blended probability, with the phrases that decided them."""
    scores = {code: score for code, score in totals(hits).items() if score > 0}
    if sum(scores.values()) < settings().no_evidence_below:
        # No policy named anywhere: "other" until the seller says which policy it is.
        scores[Category.OTHER.value] = scores.get(Category.OTHER.value, 0.0) + (
            settings().no_evidence_other
        )
    mixed = (blend or settings().category).mix(scores, model)
    # The code last: a tie must not fall to the order of a set (it changes between processes).
    ranked = sorted(mixed.items(), key=lambda item: (-item[1], -scores.get(item[0], 0.0), item[0]))
    out: list[CategoryScore] = []
    for code, probability in ranked[:MAX_RANKED]:
        if probability < 0.01 and out:
            break
        out.append(CategoryScore(Category(code), round(probability, 2), _evidence(hits, code)))
    return tuple(out)


def is_certain(ranked: Sequence[CategoryScore]) -> bool:
    """Sure enough to write a letter without asking the seller which policy it is."""
    if not ranked:
        return False
    rules = settings()
    second = ranked[1].confidence if len(ranked) > 1 else 0.0
    return (
        ranked[0].confidence >= rules.min_confidence
        and ranked[0].confidence - second >= rules.min_margin
    )


def decide_kind(
    kind_hits: Sequence[Hit], subject: str | None, model: Mapping[str, float]
) -> tuple[MessageKind, float]:
    """Notice or reply, with the probability of the chosen kind."""
    rules = settings()
    scores = totals(kind_hits)
    if subject and _REPLY_SUBJECT.match(subject):
        scores["reply"] = scores.get("reply", 0.0) + rules.reply_subject
    mixed = rules.kind.mix(
        {k: v for k, v in scores.items() if k in ("notice", "reply")},
        model or {"notice": 0.5, "reply": 0.5},
    )
    reply = mixed.get("reply", 0.0)
    notice = mixed.get("notice", 0.0)
    total = (reply + notice) or 1.0
    if reply > notice:
        return MessageKind.REPLY, round(reply / total, 2)
    return MessageKind.NOTICE, round(notice / total, 2)


def decide_outcome(
    outcome_hits: Sequence[Hit], model: Mapping[str, float]
) -> tuple[ReplyOutcome, float]:
    rules = settings()
    scores = totals(outcome_hits)
    conditional = scores.pop("conditional", 0.0)
    if conditional >= rules.conditional_min:
        return ReplyOutcome.OTHER, 1.0
    if conditional:
        scores["other"] = scores.get("other", 0.0) + conditional
    if max((scores.get(k, 0.0) for k in _DECISIONS), default=0.0) >= _DECISIVE:
        # A decision outranks a receipt or a case note: Amazon's answers thank the seller for
        # writing and close the case in the same message that decides it.
        scores.pop("acknowledged", None)
        scores.pop("other", None)
    mixed = rules.outcome.mix(scores, model)
    if not mixed:
        return ReplyOutcome.OTHER, 0.0
    best = max(
        _OUTCOME_ORDER, key=lambda label: (mixed.get(label, 0.0), -_OUTCOME_ORDER.index(label))
    )
    return ReplyOutcome(best), round(mixed.get(best, 0.0), 2)


def _best_per_phrase(hits: Sequence[Hit]) -> list[Hit]:
    """One hit per distinct matched phrase text and label (repeated phrases count once)."""
    seen: dict[tuple[str, str], Hit] = {}
    for hit in hits:
        key = (hit.label, hit.matched.lower())
        if key not in seen or seen[key].weight < hit.weight:
            seen[key] = hit
    return list(seen.values())


def decide_scope(
    scope_hits: Sequence[Hit],
    top_category: Category | None,
    model: Mapping[str, float] | None = None,
) -> Scope:
    """What was hit. Account enforcement outranks listing removal, which outranks money held;
    a review of the account alone (weight 3) is not an account-level action when it only
    holds funds, so the account needs one decisive phrase or several clear ones. Where no
    phrase says it, the model's reading counts when it is clear enough."""
    found = _scope_by_phrases(scope_hits, top_category)
    if found is not Scope.UNKNOWN or not model:
        return found
    label, probability = max(model.items(), key=lambda item: (item[1], item[0]))
    return Scope(label) if probability >= settings().scope_model_min else Scope.UNKNOWN


def _scope_by_phrases(scope_hits: Sequence[Hit], top_category: Category | None) -> Scope:
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
