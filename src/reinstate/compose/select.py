"""Choose the parts of the letter: root causes the evidence supports, each with its own actions
and measures, the operating plan, and one admission and one commitment sentence.

Everything is ordered by the knowledge base (or by the seller's picks), never by chance, so the
same facts give the same letter.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from reinstate.compose.facts import CaseFacts, Choices
from reinstate.compose.kb import CategoryKnowledge, Part, RootCause, Variant
from reinstate.compose.provenance import about
from reinstate.errors import InputError


@dataclass(frozen=True, slots=True)
class CauseChoice:
    """A root cause in the letter, why it was chosen, and the parts that answer it."""

    cause: RootCause
    evidence: tuple[str, ...]
    actions: tuple[str, ...]
    preventions: tuple[str, ...]
    actions_ref: int | None = None  # number of the earlier root cause whose actions cover it
    preventions_ref: int | None = None


@dataclass(frozen=True, slots=True)
class Selection:
    causes: tuple[CauseChoice, ...]
    plan: tuple[Part, ...]
    admission: Variant
    commitment: Variant
    evidence: Mapping[str, tuple[str, ...]]  # root cause id -> what supports it (all causes)


def answer_values(raw: Any) -> tuple[str, ...]:
    """An answer as the tuple of its choice values (a multi answer gives several)."""
    if isinstance(raw, Mapping):
        raw = raw.get("value")
    if raw is None:
        return ()
    if isinstance(raw, list | tuple | set | frozenset):
        return tuple(str(v) for v in raw)
    return (str(raw),)


# A category question with this id and the choices admit / dispute lets the seller choose the
# "deactivated in error" appeal in the questionnaire (docs/knowledge-base.md).
ROUTE_QUESTION = "appeal_route"


def wants_dispute(facts: CaseFacts) -> bool:
    """The case asks for the "deactivated in error" appeal: by flag or by its route answer."""
    route = answer_values(facts.answers.get(ROUTE_QUESTION))
    return facts.in_error or route == ("dispute",)


def evidence_for(
    cause: RootCause, facts: CaseFacts, number: Callable[[str], float | None] | None = None
) -> tuple[str, ...]:
    """What in the case supports ``cause``: ``finding:<code>`` and ``answer:<id>=<value>``.

    Nothing supports a cause the case's own figures contradict (its ``when.below``), whatever
    the answers say: invoices for 420 units do not fall short of 24 units sold.
    """
    if number is not None:
        for smaller, larger in cause.when.below:
            low, high = number(smaller), number(larger)
            if low is not None and high is not None and low >= high:
                return ()
    found: list[str] = []
    # Only findings about the letter's own ASINs support a cause: complaints about another
    # product are no evidence that this one was sourced badly.
    codes = [f.code for f in facts.findings if about(f, _letter_asins(facts))]
    found.extend(f"finding:{code}" for code in cause.when.findings if code in codes)
    for question, wanted in cause.when.answers.items():
        given = answer_values(facts.answers.get(question))
        found.extend(f"answer:{question}={v}" for v in given if v in wanted)
    return tuple(found)


def _letter_asins(facts: CaseFacts) -> tuple[str, ...]:
    if facts.asins:
        return facts.asins
    return tuple(str(a) for a in facts.notice_fields.get("asins") or ())


def _check_ids(kind: str, wanted: Sequence[str], known: Sequence[str]) -> None:
    unknown = [w for w in wanted if w not in known]
    if unknown:
        raise InputError(f"Unknown {kind} id(s) {', '.join(unknown)} for this category.")


def _pick(variants: Sequence[Variant], wanted: str | None, salt: str, kind: str) -> Variant:
    """The seller's pick, else a stable pick per case so letters do not all read the same."""
    if wanted is not None:
        _check_ids(kind, [wanted], [v.id for v in variants])
        return next(v for v in variants if v.id == wanted)
    return variants[zlib.crc32(salt.encode("utf-8")) % len(variants)]


def _choose_causes(
    category: CategoryKnowledge,
    evidence: Mapping[str, tuple[str, ...]],
    choices: Choices,
    limit: int,
) -> list[RootCause]:
    if choices.root_causes is not None:
        _check_ids("root cause", choices.root_causes, [c.id for c in category.root_causes])
        return [c for i in choices.root_causes for c in category.root_causes if c.id == i]
    ranked = sorted(
        (c for c in category.root_causes if evidence[c.id]),
        key=lambda c: (
            -sum(e.startswith("finding:") for e in evidence[c.id]),
            -len(evidence[c.id]),
            category.root_causes.index(c),
        ),
    )
    if not ranked:
        ranked = [c for c in category.root_causes if c.when.default] or [category.root_causes[0]]
    return ranked[:limit]


def _assign(
    causes: Sequence[RootCause],
    attr: str,
    allowed: tuple[str, ...] | None,
) -> list[tuple[tuple[str, ...], int | None]]:
    """Give every root cause its own parts; a part already used is not repeated."""
    used: list[str] = []
    result: list[tuple[tuple[str, ...], int | None]] = []
    for cause in causes:
        linked: tuple[str, ...] = getattr(cause, attr)
        own = tuple(p for p in linked if p not in used and (allowed is None or p in allowed))
        used.extend(own)
        ref = None
        if not own:
            ref = next(
                (
                    number
                    for number, earlier in enumerate(causes[: len(result)], start=1)
                    if set(getattr(earlier, attr)) & set(linked)
                ),
                None,
            )
        result.append((own, ref))
    if allowed is not None and result:
        extra = tuple(p for p in allowed if p not in used)
        own, ref = result[0]
        result[0] = (own + extra, ref if not (own + extra) else None)
    return result


def select(
    category: CategoryKnowledge,
    facts: CaseFacts,
    choices: Choices | None,
    *,
    admissions: Sequence[Variant],
    commitments: Sequence[Variant],
    max_root_causes: int,
    number: Callable[[str], float | None] | None = None,
) -> Selection:
    chosen = choices or Choices()
    evidence = {c.id: evidence_for(c, facts, number) for c in category.root_causes}
    causes = _choose_causes(category, evidence, chosen, max_root_causes)
    if chosen.actions is not None:
        _check_ids("corrective action", chosen.actions, list(category.actions))
    if chosen.preventions is not None:
        _check_ids("preventive measure", chosen.preventions, list(category.preventions))
    actions = _assign(causes, "actions", chosen.actions)
    preventions = _assign(causes, "preventions", chosen.preventions)
    plan = category.operating_plan
    if chosen.operating_plan is not None:
        _check_ids("operating plan", chosen.operating_plan, [p.id for p in plan])
        plan = tuple(p for i in chosen.operating_plan for p in plan if p.id == i)
    salt = f"{category.code.value}|{facts.store_name or ''}"
    fallback_reason = ("chosen",) if chosen.root_causes is not None else ("default",)
    return Selection(
        causes=tuple(
            CauseChoice(
                cause=cause,
                evidence=evidence[cause.id] or fallback_reason,
                actions=act[0],
                preventions=prev[0],
                actions_ref=act[1],
                preventions_ref=prev[1],
            )
            for cause, act, prev in zip(causes, actions, preventions, strict=True)
        ),
        plan=plan,
        admission=_pick(admissions, chosen.admission, salt + "|admission", "admission"),
        commitment=_pick(commitments, chosen.commitment, salt + "|commitment", "commitment"),
        evidence=evidence,
    )
