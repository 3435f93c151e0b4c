"""Fit an appeal into Seller Central's form boxes: when a box is over its limit, leave out the
last extra action or measure the seller left to the composer, never a root cause and never what
the seller chose or answered (part of ``compose``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from reinstate.compose.appeal import Appeal
from reinstate.compose.facts import Choices
from reinstate.compose.select import Selection

__all__ = ["drop_extra", "fit"]


def drop_extra(
    sel: Selection, kind: str, carries: Callable[[str, str], bool] | None = None
) -> tuple[str, ...] | None:
    """The chosen actions (or measures) minus one: the last extra one of the last root cause
    that has more than one of its own, sparing one that carries the seller's answer (their
    supplier, units, dates) while another can go. ``None`` when every cause is down to one."""
    owned = [list(c.actions if kind == "actions" else c.preventions) for c in sel.causes]
    for spare in (True, False):
        for ids in reversed(owned):
            if len(ids) < 2:
                continue
            droppable = [
                i for i in ids[1:] if not (spare and carries is not None and carries(kind, i))
            ]
            if droppable:
                ids.remove(droppable[-1])
                return tuple(i for ids_ in owned for i in ids_)
    return None


def fit(
    appeal: Appeal,
    sel: Selection,
    seller: Choices,
    current: Choices,
    carries: Callable[[str, str], bool] | None = None,
) -> Choices | None:
    """Smaller picks when a form box is over its limit, trimming only the parts the seller left
    to the composer; ``None`` when the appeal fits or cannot shrink without losing a cause."""
    for section, kind in (
        ("corrective_actions", "actions"),
        ("preventive_measures", "preventions"),
    ):
        if appeal.sections[section].over_limit and getattr(seller, kind) is None:
            fewer = drop_extra(sel, kind, carries)
            if fewer is not None:
                if kind == "actions":
                    return replace(current, actions=fewer)
                return replace(current, preventions=fewer)
    return None
