"""Render one knowledge-base text for the case: every slot filled, or clearly marked.

Rule (docs/composer.md): a slot is never left as ``{slot}``. When a slot has no value, the text's
``fallback`` (the same sentence without it) is used if it needs fewer of the missing values;
a value still missing is written as ``[TO FILL: <what>]`` in the letter and ``【待填写：…】`` in
the mirror. Either way the missing value becomes an open question (optional when the fallback
does without it).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from reinstate.compose.number import agree_numbers, choose_number, counts_of
from reinstate.compose.slots import Missing, Resolver, Value
from reinstate.compose.text import LANGS, Text, fill


@dataclass(frozen=True, slots=True)
class Rendered:
    text: Text
    values: tuple[Value, ...] = ()
    missing: tuple[Missing, ...] = ()
    used_fallback: bool = False
    # Values the full text wanted that the fallback does without: answering them only makes the
    # letter more specific (the fallback's own missing values stay in ``missing``).
    optional: tuple[Missing, ...] = ()

    @property
    def complete(self) -> bool:
        return not self.missing


def _resolve_all(
    text: Text,
    resolver: Resolver,
    asin: str | None,
    internal: Mapping[str, Text],
) -> tuple[dict[str, Text], list[Value], list[Missing]]:
    filled: dict[str, Text] = {}
    values: list[Value] = []
    missing: list[Missing] = []
    for slot in text.slots:
        if slot in internal:
            filled[slot] = internal[slot]
            continue
        result = resolver.resolve(slot, asin=asin)
        if isinstance(result, Value):
            filled[slot] = result.text
            values.append(result)
        else:
            missing.append(result)
    return filled, values, missing


# "Acme Co., Ltd." at the end of a sentence must not give "Ltd.." (an ellipsis stays).
_DOUBLE_STOP = re.compile(r"(?<!\.)\.\.(?!\.)")


def _fill(text: Text, filled: Mapping[str, Text], counted: Mapping[str, int]) -> Text:
    values = {lang: {k: v.get(lang) for k, v in filled.items()} for lang in LANGS}
    out = []
    for lang in LANGS:
        template = choose_number(text.get(lang), counted)
        written = _DOUBLE_STOP.sub(".", fill(template, values[lang]))
        out.append(agree_numbers(written) if lang == "en" else written)
    return Text(*out)


def render(
    text: Text,
    resolver: Resolver,
    *,
    fallback: Text | None = None,
    asin: str | None = None,
    internal: Mapping[str, Text] | None = None,
) -> Rendered:
    """Fill ``text`` for the case (``asin``: the ASIN of a per-ASIN sentence)."""
    own = internal or {}
    filled, values, missing = _resolve_all(text, resolver, asin, own)
    if not missing:
        return Rendered(_fill(text, filled, counts_of(values, own)), tuple(values))
    if fallback is not None:
        backup, backup_values, backup_missing = _resolve_all(fallback, resolver, asin, own)
        needed = {m.slot for m in backup_missing}
        # The fallback wins when it needs fewer of the missing values: a figure the data does
        # not hold (complaints about this ASIN) is left out rather than asked for, while a date
        # only the seller knows is still asked for.
        if needed < {m.slot for m in missing}:
            _mark(backup, backup_missing, resolver)
            dropped = tuple(m for m in missing if m.slot not in needed)
            return Rendered(
                _fill(fallback, backup, counts_of(backup_values, own)),
                tuple(backup_values),
                tuple(backup_missing),
                True,
                dropped,
            )
    _mark(filled, missing, resolver)
    return Rendered(_fill(text, filled, counts_of(values, own)), tuple(values), tuple(missing))


def _mark(filled: dict[str, Text], missing: list[Missing], resolver: Resolver) -> None:
    """``[TO FILL: <what>]`` (and its mirror) for every missing value."""
    marker = resolver.kb.common.text("missing_marker")
    for item in missing:
        filled[item.slot] = Text(
            *(fill(marker.get(lang), {"label": item.label.get(lang)}) for lang in LANGS)
        )
