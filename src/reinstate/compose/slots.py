"""Fill the knowledge base's ``{slots}`` with the case's facts, in English and in Chinese.

A slot resolves to a :class:`Value` (the text in each language and the raw fact) or to a
:class:`Missing` that says why it has no value (no answer yet, not in the data, not in the notice,
or an answer that is not in English). The composer turns a ``Missing`` into an open question.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from reinstate.compose.facts import CaseFacts, MetricFact, _date
from reinstate.compose.formatting import (
    format_date,
    format_fraction,
    format_int,
    format_money,
    format_percent,
    join_list,
)
from reinstate.compose.kb import CategoryKnowledge, KnowledgeBase, MetricDef, QuestionDef, SlotDecl
from reinstate.compose.provenance import fact_for
from reinstate.compose.text import LANGS, Text, fill, has_chinese
from reinstate.compose.values import (
    Missing,
    Resolved,
    Value,
    answer_key,
    clean_answer,
    describe,
    missing_reason,
    to_json_value,
)

__all__ = ["Missing", "Resolved", "Resolver", "Value", "answer_key", "describe"]

# Findings about the notice's own ASINs and orders (reinstate.analysis), ranked before the
# store-wide findings when a fact key is in both.
_NOTICE_FINDINGS = frozenset({"notice_asins", "notice_orders"})


def _per_lang(render: Any) -> Text:
    return Text(*(render(lang) for lang in LANGS))


class Resolver:
    """Resolves slots for one case and one category; results are cached per slot and ASIN."""

    def __init__(self, kb: KnowledgeBase, category: CategoryKnowledge, facts: CaseFacts) -> None:
        self.kb = kb
        self.category = category
        self.facts = facts
        self.questions: dict[str, QuestionDef] = {q.id: q for q in kb.questions(category)}
        self._cache: dict[tuple[str, str | None], Resolved] = {}

    # -- the case's lists ---------------------------------------------------------------------
    @property
    def asins(self) -> tuple[str, ...]:
        """The notice's ASINs; without them, the ASINs behind the data findings."""
        if self.facts.asins:
            return self.facts.asins
        given = self.facts.notice_fields.get("asins")
        if given:
            return tuple(dict.fromkeys(str(a) for a in given))
        found = (a.asin for f in self.facts.findings for a in f.asins)
        return tuple(dict.fromkeys(found))

    @property
    def order_ids(self) -> tuple[str, ...]:
        if self.facts.order_ids:
            return self.facts.order_ids
        given = self.facts.notice_fields.get("order_ids")
        if given:
            return tuple(dict.fromkeys(str(o) for o in given))
        return tuple(dict.fromkeys(o for f in self.facts.findings for o in f.orders))

    @property
    def notice_order_ids(self) -> tuple[str, ...]:
        """The order IDs the notice names (or the seller typed for it), never the findings'."""
        if self.facts.order_ids:
            return self.facts.order_ids
        return tuple(dict.fromkeys(str(o) for o in self.facts.notice_fields.get("order_ids") or ()))

    def asin_cases(self, asin: str) -> int:
        """How many affected orders the findings of this case's category count for ``asin``.

        Other findings count other things (units sold, returns, other policies), so adding them
        in would overstate what the review found.
        """
        return sum(
            a.count
            for f in self.facts.findings
            if f.category == self.category.code
            for a in f.asins
            if a.asin == asin
        )

    # -- metrics ------------------------------------------------------------------------------
    def metric_def(self, code: str) -> MetricDef | None:
        return next((m for m in self.kb.common.metrics if m.code == code), None)

    def metric(self, code: str) -> MetricFact | None:
        """The worst measurement of metric ``code`` (a missed target first)."""
        found = [m for m in self.facts.metrics if m.code == code and m.value is not None]
        if not found:
            return None
        pool = [m for m in found if m.status == "bad"] or found
        definition = self.metric_def(code)
        above = definition is not None and definition.direction == "above"
        return (
            min(pool, key=lambda m: m.value or 0.0)
            if above
            else max(pool, key=lambda m: m.value or 0.0)
        )

    def primary_metric(self) -> tuple[MetricDef, MetricFact] | None:
        """The category's metric that missed its target (else the first one measured)."""
        pairs = []
        for definition in self.kb.common.metrics:
            if self.category.code in definition.categories:
                measured = self.metric(definition.code)
                if measured is not None:
                    pairs.append((definition, measured))
        bad = [p for p in pairs if p[1].status == "bad"]
        ranked = bad or pairs
        return ranked[0] if ranked else None

    # -- resolution ---------------------------------------------------------------------------
    def declaration(self, name: str) -> SlotDecl | None:
        return self.kb.slot(name, self.category)

    def resolve(self, name: str, *, asin: str | None = None) -> Resolved:
        key = (name, asin if name == "asin" else None)
        if key not in self._cache:
            self._cache[key] = self._resolve(name, asin)
        return self._cache[key]

    def _resolve(self, name: str, asin: str | None) -> Resolved:
        decl = self.declaration(name)
        if decl is None:
            return Missing(name, "unknown", "invalid", Text.plain(name.replace("_", " ")))
        handler = {
            "notice": self._notice,
            "fact": self._fact,
            "answer": self._answer,
            "case": self._case,
            "derived": self._derived,
        }.get(decl.kind)
        result = handler(decl, asin) if handler else None
        if result is None:
            question = decl.key if decl.kind == "answer" else None
            return Missing(name, decl.source, missing_reason(decl), self._label(decl), question)
        if isinstance(result, Value) and has_chinese(result.text.en):
            question = decl.key if decl.kind == "answer" else None
            return Missing(name, decl.source, "untranslated", self._label(decl), question)
        return result

    def _label(self, decl: SlotDecl) -> Text:
        if decl.label is not None:
            return decl.label
        question = self.questions.get(decl.key) if decl.kind == "answer" else None
        return question.prompt if question else decl.label_text()

    def _value(self, decl: SlotDecl, raw: Any, *, unit: Text | None = None) -> Value | None:
        """Format ``raw`` by the slot's type; ``None`` when it cannot be read as that type."""
        kind = decl.type
        if raw is None or raw == "" or raw == () or raw == []:
            return None
        if kind == "date":
            day = _date(raw)
            if day is None:
                return None
            return Value(decl.name, decl.source, _per_lang(lambda lg: format_date(day, lg)), raw)
        if kind == "int":
            try:
                number = float(raw)
            except (TypeError, ValueError):
                return None
            return Value(decl.name, decl.source, Text.plain(format_int(number)), raw)
        if kind == "percent":
            return self._percent(decl, raw, unit)
        if kind in ("asin_list", "order_list"):
            items = [raw] if isinstance(raw, str) else [str(v) for v in raw]
            return Value(decl.name, decl.source, _per_lang(lambda lg: join_list(items, lg)), raw)
        if kind == "money":
            return Value(decl.name, decl.source, Text.plain(format_money(raw)), raw)
        if isinstance(raw, list | tuple):
            items = [clean_answer(str(v)) for v in raw]
            return Value(decl.name, decl.source, _per_lang(lambda lg: join_list(items, lg)), raw)
        return Value(decl.name, decl.source, Text.plain(clean_answer(str(raw))), raw)

    def _percent(self, decl: SlotDecl, raw: Any, unit: Text | None) -> Value | None:
        if isinstance(raw, MetricFact):
            value, num, den = raw.value, raw.numerator, raw.denominator
        elif isinstance(raw, Mapping):
            value, num, den = raw.get("value"), raw.get("numerator"), raw.get("denominator")
        else:
            value, num, den = raw, None, None
        try:
            rate = None if value is None else float(value)
            num = None if num is None else int(num)
            den = None if den is None else int(den)
        except (TypeError, ValueError):
            return None
        if rate is None and (num is None or not den):
            return None
        text = _per_lang(
            lambda lg: format_percent(rate, num, den, unit.get(lg) if unit else "", lg)
        )
        return Value(decl.name, decl.source, text, to_json_value(raw))

    def _notice(self, decl: SlotDecl, asin: str | None) -> Value | None:
        key = decl.key
        if key == "asins":
            return self._value(decl, list(self.asins))
        if key == "order_ids":
            return self._value(decl, list(self.order_ids))
        if key == "sent_at":
            return self._value(decl, self.facts.notice_date)
        if key == "marketplace":
            return self._marketplace(decl)
        return self._value(decl, self.facts.notice_fields.get(key))

    def _marketplace(self, decl: SlotDecl) -> Value | None:
        code = (self.facts.marketplace or "").strip()
        if not code:
            return None
        domain = self.kb.common.marketplaces.get(code.upper(), code)
        return Value(decl.name, decl.source, Text.plain(domain), code)

    def _case(self, decl: SlotDecl, asin: str | None) -> Value | None:
        if decl.key == "store_name":
            return self._value(decl, self.facts.store_name)
        if decl.key == "today":
            return self._value(decl, self.facts.today)
        return None

    def _fact(self, decl: SlotDecl, asin: str | None) -> Value | None:
        key = decl.key
        definition = self.metric_def(key)
        if definition is not None:
            measured = self.metric(key)
            return None if measured is None else self._value(decl, measured, unit=definition.unit)
        raw = self._fact_value(key)
        if raw is None:
            return None
        if decl.type == "percent" and decl.numerator and decl.denominator:
            if isinstance(raw, int | float):
                raw = {
                    "value": raw,
                    "numerator": self._fact_value(decl.numerator),
                    "denominator": self._fact_value(decl.denominator),
                }
            return self._value(decl, raw, unit=decl.unit)
        return self._value(decl, raw, unit=decl.unit)

    def number(self, key: str) -> float | None:
        """A figure by key, from the seller's answer or the case's facts; None when unknown."""
        raw = self.facts.answers.get(key)
        if isinstance(raw, Mapping):
            raw = raw.get("value")
        if raw is None:
            raw = self._fact_value(key)
        try:
            return None if raw is None or isinstance(raw, bool) else float(raw)
        except (TypeError, ValueError):
            return None

    def _fact_value(self, key: str) -> Any:
        """A fact by key: given by the seller first, then summed over the letter's ASINs when a
        finding gives it per ASIN (``units_sold_365d_by_asin``), then from the findings: the
        category's own, then those about the notice's ASINs and orders, then the rest.

        The analysis's ``units_sold_365d`` finding counts the whole store; the letter's
        sentences speak of ``{asin_list}``, so the per-ASIN figures are what they must cite. A
        finding about other ASINs gives nothing (:mod:`reinstate.compose.provenance`).
        """
        if key in self.facts.facts:
            return self.facts.facts[key]
        per_asin = self._per_asin_total(key)
        if per_asin is not None:
            return per_asin
        ranked = sorted(
            self.facts.findings,
            key=lambda f: (f.category != self.category.code, f.code not in _NOTICE_FINDINGS),
        )
        for finding in ranked:
            value = fact_for(finding, key, self.letter_asins)
            if value is not None:
                return value
        return None

    @property
    def letter_asins(self) -> tuple[str, ...]:
        """The ASINs the notice names (or the seller typed for it): a figure in the letter must
        be true of them. Empty when the letter's ASINs come from the data itself."""
        if self.facts.asins:
            return self.facts.asins
        return tuple(dict.fromkeys(str(a) for a in self.facts.notice_fields.get("asins") or ()))

    def _per_asin_total(self, key: str) -> int | None:
        asins = self.asins
        if not asins:
            return None
        for finding in self.facts.findings:
            table = finding.facts.get(f"{key}_by_asin")
            if isinstance(table, Mapping) and any(a in table for a in asins):
                return sum(int(table.get(a) or 0) for a in asins)
        return None

    def _answer(self, decl: SlotDecl, asin: str | None) -> Value | None:
        question = self.questions.get(decl.key)
        raw = self.facts.answers.get(decl.key)
        machine = False
        if isinstance(raw, Mapping):
            machine = bool(raw.get("machine_written"))
            raw = raw.get("value")
        if question is not None and question.type in ("choice", "multi"):
            values = [raw] if isinstance(raw, str) else list(raw or ())
            choices = [question.choice(str(v)) for v in values]
            if not values or any(c is None for c in choices):
                return None
            labels = [c.label for c in choices if c is not None]
            text = _per_lang(lambda lg: join_list([label.get(lg) for label in labels], lg))
            return Value(decl.name, decl.source, text, raw)
        value = self._value(decl, raw)
        if value is None or not machine:
            return value
        return Value(value.slot, value.source, value.text, value.raw, machine_written=True)

    def _derived(self, decl: SlotDecl, asin: str | None) -> Value | None:
        key = decl.key
        if key == "asin":
            chosen = asin or (self.asins[0] if len(self.asins) == 1 else None)
            return None if chosen is None else self._value(decl, chosen)
        if key == "asin_list":
            return self._value(decl, list(self.asins))
        if key == "asin_count":
            return self._value(decl, len(self.asins) or None)
        if key == "order_list":
            return self._value(decl, list(self.order_ids))
        if key == "order_count":
            return self._value(decl, len(self.order_ids) or None)
        if key == "category_name":
            return Value(decl.name, decl.source, self.category.name, self.category.code.value)
        if key == "policy_name":
            policy = self.category.policy
            return None if policy is None else Value(decl.name, decl.source, policy, policy.en)
        return self._derived_metric(decl, key)

    def _derived_metric(self, decl: SlotDecl, key: str) -> Value | None:
        primary = self.primary_metric()
        if primary is None:
            return None
        definition, measured = primary
        common = self.kb.common
        if key == "metric_name":
            return Value(decl.name, decl.source, definition.name, definition.code)
        if key == "metric_value":
            return self._value(decl, measured, unit=definition.unit)
        if key == "metric_target":
            target = format_fraction(measured.target or definition.target)
            template = common.text("metric_target", definition.direction)
            text = _per_lang(lambda lg: fill(template.get(lg), {"target": target}))
            return Value(decl.name, decl.source, text, measured.target or definition.target)
        if key == "metric_window":
            start, end = measured.window_start, measured.window_end
            if start is None or end is None:
                return None
            template = common.text("metric_window")
            text = _per_lang(
                lambda lg: fill(
                    template.get(lg), {"start": format_date(start, lg), "end": format_date(end, lg)}
                )
            )
            return Value(decl.name, decl.source, text, [start.isoformat(), end.isoformat()])
        if key == "metric_defects":
            return self._value(decl, measured.numerator)
        if key == "metric_orders":
            return self._value(decl, measured.denominator)
        return None
