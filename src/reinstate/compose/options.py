"""The alternatives the seller can pick in the UI, each rendered with the case's facts."""

from __future__ import annotations

from reinstate.compose.appeal import Option
from reinstate.compose.facts import Choices
from reinstate.compose.kb import CategoryKnowledge
from reinstate.compose.render import render
from reinstate.compose.select import Selection
from reinstate.compose.slots import Resolver
from reinstate.compose.text import Text


def evidence_ids(category: CategoryKnowledge) -> list[str]:
    """Ids of the "deactivated in error" evidence items: evidence_1, evidence_2 ..."""
    return [f"evidence_{n}" for n in range(1, len(category.in_error.evidence) + 1)]


def options(
    resolver: Resolver, category: CategoryKnowledge, sel: Selection, picks: Choices | None
) -> dict[str, tuple[Option, ...]]:
    """Every alternative per part of the letter, rendered for the case, the chosen ones marked."""
    chosen_causes = {c.cause.id for c in sel.causes}
    chosen_actions = {a for c in sel.causes for a in c.actions}
    chosen_preventions = {p for c in sel.causes for p in c.preventions}
    chosen_plan = {p.id for p in sel.plan}

    def option(
        ident: str,
        title: Text,
        text: Text,
        fallback: Text | None,
        selected: bool,
        evidence: tuple[str, ...] = (),
    ) -> Option:
        asin = (resolver.asins or (None,))[0]
        rendered = render(text, resolver, fallback=fallback, asin=asin)
        # A title is rendered too: never "{store_name}", the case's value or a "to fill" mark.
        shown = title if not title.slots else render(title, resolver, asin=asin).text
        return Option(ident, shown, rendered.text, selected, evidence, rendered.complete)

    common = resolver.kb.common
    found = {
        "root_causes": tuple(
            option(c.id, c.title, c.text, c.fallback, c.id in chosen_causes, sel.evidence[c.id])
            for c in category.root_causes
        ),
        "corrective_actions": tuple(
            option(p.id, p.label(), p.text, p.fallback, p.id in chosen_actions)
            for p in category.actions.values()
        ),
        "preventive_measures": tuple(
            option(p.id, p.label(), p.text, p.fallback, p.id in chosen_preventions)
            for p in category.preventions.values()
        ),
        "operating_plan": tuple(
            option(p.id, p.label(), p.text, p.fallback, p.id in chosen_plan)
            for p in category.operating_plan
        ),
        "admissions": tuple(
            option(v.id, v.text, v.text, v.fallback, v.id == sel.admission.id)
            for v in common.admissions
        ),
        "commitments": tuple(
            option(v.id, v.text, v.text, v.fallback, v.id == sel.commitment.id)
            for v in common.commitments
        ),
    }
    if category.in_error.applies:
        kept = None if picks is None else picks.evidence
        found["evidence"] = tuple(
            option(ident, text, text, None, kept is None or ident in kept)
            for ident, text in zip(evidence_ids(category), category.in_error.evidence, strict=True)
        )
    return found
