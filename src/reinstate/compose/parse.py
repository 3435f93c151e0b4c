"""Typed knowledge-base values from the raw YAML data (after validation)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from reinstate.codes import Category, Document
from reinstate.compose.model import (
    CategoryKnowledge,
    Choice,
    Common,
    DocumentRule,
    FormLimits,
    InError,
    InErrorVariant,
    MetricDef,
    Part,
    QuestionDef,
    RootCause,
    SlotDecl,
    Variant,
    When,
)
from reinstate.compose.text import Text


def _opt_text(raw: Any, where: str) -> Text | None:
    return None if raw is None else Text.parse(raw, where)


def _question(raw: Mapping[str, Any], where: str) -> QuestionDef:
    choices = tuple(
        Choice(str(c["value"]), Text.parse(c["label"], f"{where}.{c['value']}"))
        for c in raw.get("choices") or ()
    )
    return QuestionDef(
        id=str(raw["id"]),
        type=str(raw["type"]),
        prompt=Text.parse(raw["prompt"], f"{where}.prompt"),
        required=bool(raw.get("required", False)),
        help=_opt_text(raw.get("help"), f"{where}.help"),
        choices=choices,
    )


def slot_declaration(name: str, raw: Mapping[str, Any]) -> SlotDecl:
    return SlotDecl(
        name=name,
        source=str(raw["source"]),
        type=str(raw["type"]),
        example=str(raw.get("example", "")),
        label=_opt_text(raw.get("label"), f"slot {name}.label"),
        numerator=None if raw.get("numerator") is None else str(raw["numerator"]),
        denominator=None if raw.get("denominator") is None else str(raw["denominator"]),
        unit=_opt_text(raw.get("unit"), f"slot {name}.unit"),
    )


def _part(raw: Mapping[str, Any], where: str) -> Part:
    ident = str(raw["id"])
    return Part(
        id=ident,
        text=Text.parse(raw["text"], f"{where}.{ident}.text"),
        title=_opt_text(raw.get("title"), f"{where}.{ident}.title"),
        fallback=_opt_text(raw.get("fallback"), f"{where}.{ident}.fallback"),
    )


def _answers(raw: Any) -> dict[str, tuple[str, ...]]:
    """``{question: value or [values]}`` as question id -> accepted values."""
    return {
        str(k): tuple(str(v) for v in (vals if isinstance(vals, list) else [vals]))
        for k, vals in (raw or {}).items()
    }


def parse_category(raw: Mapping[str, Any]) -> CategoryKnowledge:
    """Typed values from a category file's data that passed :func:`validate_category`."""
    code = str(raw["code"])
    causes = []
    for item in raw["root_causes"]:
        when = item.get("when") or {}
        answers = _answers(when.get("answers"))
        causes.append(
            RootCause(
                id=str(item["id"]),
                title=Text.parse(item["title"], f"{code}.{item['id']}.title"),
                text=Text.parse(item["text"], f"{code}.{item['id']}.text"),
                when=When(
                    tuple(str(f) for f in when.get("findings") or ()),
                    answers,
                    bool(when.get("default")),
                    tuple((str(a), str(b)) for a, b in when.get("below") or ()),
                ),
                actions=tuple(str(a) for a in item["actions"]),
                preventions=tuple(str(p) for p in item["preventions"]),
                fallback=_opt_text(item.get("fallback"), f"{code}.{item['id']}.fallback"),
            )
        )
    in_error = raw.get("in_error") or {}
    listing = raw.get("listing_level")
    return CategoryKnowledge(
        code=Category(code),
        name=Text.parse(raw["name"], f"{code}.name"),
        meaning=Text.parse(raw["meaning"], f"{code}.meaning"),
        appeal_needed=bool(raw["appeal_needed"]),
        root_causes=tuple(causes),
        actions={p.id: p for p in (_part(a, code) for a in raw["corrective_actions"])},
        preventions={p.id: p for p in (_part(a, code) for a in raw["preventive_measures"])},
        operating_plan=tuple(_part(a, code) for a in raw["operating_plan"]),
        documents=tuple(
            DocumentRule(
                code=Document(d["code"]),
                required=bool(d["required"]),
                rule=Text.parse(d["rule"], f"{code}.documents.{d['code']}"),
                source=str(d.get("source", "")),
                checks=dict(d.get("checks") or {}),
            )
            for d in raw["documents"]
        ),
        mistakes=tuple(Text.parse(m, f"{code}.mistakes") for m in raw["mistakes"]),
        questions=tuple(_question(q, f"{code}.questions") for q in raw["questions"]),
        in_error=InError(
            applies=bool(in_error.get("applies")),
            text=_opt_text(in_error.get("text"), f"{code}.in_error.text"),
            evidence=tuple(
                Text.parse(e, f"{code}.in_error") for e in in_error.get("evidence") or ()
            ),
            variants=tuple(
                InErrorVariant(
                    _answers(v.get("answers")), Text.parse(v["text"], f"{code}.in_error.variants")
                )
                for v in in_error.get("variants") or ()
            ),
        ),
        slots={
            name: slot_declaration(name, decl) for name, decl in (raw.get("slots") or {}).items()
        },
        numbers={str(n["key"]): n.get("value") for n in raw.get("numbers") or ()},
        policy=_opt_text(raw.get("policy"), f"{code}.policy"),
        appeal_note=_opt_text(raw.get("appeal_note"), f"{code}.appeal_note"),
        listing_level=None if not listing else Text.parse(listing["text"], f"{code}.listing"),
        greeting=_opt_text(raw.get("greeting"), f"{code}.greeting"),
    )


def parse_common(raw: Mapping[str, Any]) -> Common:
    def variants(key: str) -> tuple[Variant, ...]:
        return tuple(
            Variant(
                str(v["id"]),
                Text.parse(v["text"], f"common.{key}.{v['id']}"),
                _opt_text(v.get("fallback"), f"common.{key}.{v['id']}.fallback"),
            )
            for v in raw[key]
        )

    limits = raw["form_limits"]
    return Common(
        raw=raw,
        headings={k: Text.parse(v, f"common.headings.{k}") for k, v in raw["headings"].items()},
        admissions=variants("admissions"),
        commitments=variants("commitments"),
        reference=tuple(Text.parse(t, "common.reference") for t in raw["reference"]),
        questions=tuple(_question(q, "common.questions") for q in raw["questions"]),
        documents={k: Text.parse(v, f"common.documents.{k}") for k, v in raw["documents"].items()},
        metrics=tuple(
            MetricDef(
                code=str(code),
                name=Text.parse(m["name"], f"common.metrics.{code}"),
                direction=str(m["direction"]),
                target=float(m["target"]),
                categories=tuple(str(c) for c in m.get("categories") or ()),
                unit=Text.parse(m["unit"], f"common.metrics.{code}.unit"),
            )
            for code, m in raw["metrics"].items()
        ),
        marketplaces={str(k).upper(): str(v) for k, v in raw["marketplaces"].items()},
        form_limits=FormLimits(
            limits={
                k: int(limits[k])
                for k in ("root_cause", "corrective_actions", "preventive_measures")
            },
            confirmed=bool(limits.get("confirmed")),
            source=str(limits.get("source", "")),
        ),
        max_root_causes=int(raw.get("composer", {}).get("max_root_causes", 4)),
    )
