"""Complaint findings: one per complaint family with signals (:mod:`.complaints` finds them).

Each finding ranks the ASINs behind the family's returns, feedback and VoC rows against the
units sold, counts the reason codes, and quotes the customers' own sentences with their
language and the family's words that matched.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

import polars as pl

from reinstate.analysis.complaints import SIGNAL_SCHEMA, units_by_asin
from reinstate.analysis.dataset import Dataset
from reinstate.analysis.knowledge import ComplaintFamily, complaints, thresholds
from reinstate.analysis.metric_tools import ENGINE
from reinstate.analysis.model import AsinStat, Finding, Quote

_SENTENCE_END = re.compile(r"(?<=[.!?。！？])\s*|\n+")
_NO_ASINS = pl.DataFrame()
_NO_WORDS = pl.DataFrame(schema={k: v for k, v in SIGNAL_SCHEMA.items() if k != "family"})


def family_findings(data: Dataset, found: pl.DataFrame, units_365: pl.DataFrame) -> list[Finding]:
    """One finding per complaint family with signals (in the knowledge base's order).

    The families' figures are computed together, each kind in one query grouped by family
    (per-ASIN counts, totals, reason codes, orders), instead of a dozen small queries per
    family: each query has a fixed cost, and the signals are a few thousand rows.
    """
    knowledge = complaints()
    params = thresholds().params
    top_n = int(params["top_n"])
    present = set(found.get_column("family").unique().to_list())
    families = [f for f in knowledge.families.values() if f.code in present]
    if not families:
        return []
    figures = _family_figures(found, units_by_asin(data), units_365)
    return [_finding(family, figures, top_n, params) for family in families]


@dataclass(frozen=True, slots=True)
class _FamilyFigures:
    """Per family: its ranked ASINs, totals, reason-code counts and the rows found by words."""

    per_asin: dict[str, pl.DataFrame]
    totals: dict[str, dict[str, Any]]
    reasons: dict[str, list[tuple[str, int]]]
    words: dict[str, pl.DataFrame]


def _family_figures(
    found: pl.DataFrame, sold: pl.DataFrame, units_365: pl.DataFrame
) -> _FamilyFigures:
    rows = found.lazy()
    source = pl.col("source")
    per_asin, totals, reasons, words = pl.collect_all(
        [
            rows.filter(pl.col("asin").is_not_null())
            .group_by("family", "asin")
            .agg(
                pl.len().alias("count"),
                pl.col("order_id").drop_nulls().n_unique().alias("orders"),
                (source != "feedback").and_(source != "voc").sum().alias("returns"),
                (source == "feedback").sum().alias("feedback"),
                (source == "voc").sum().alias("voc"),
                pl.col("sku").drop_nulls().first(),
                pl.col("title").drop_nulls().first(),
            )
            .join(
                sold.lazy().rename({"units": "sold", "orders": "sold_orders"}),
                on="asin",
                how="left",
            )
            .join(
                units_365.lazy().select("asin", pl.col("units").alias("units_365")),
                on="asin",
                how="left",
            )
            .sort(["family", "count", "asin"], descending=[False, True, False]),
            rows.group_by("family").agg(
                pl.len().alias("complaint_count"),
                pl.col("order_id").drop_nulls().n_unique().alias("complaint_orders"),
                source.str.ends_with("returns").sum().alias("from_returns"),
                (source == "feedback").sum().alias("from_feedback"),
                (source == "voc").sum().alias("from_voc"),
                pl.col("day").min().alias("first_day"),
                pl.col("day").max().alias("last_day"),
                pl.col("order_id").drop_nulls().unique().sort().head(500).alias("order_ids"),
            ),
            rows.filter(pl.col("reason").is_not_null()).group_by("family", "reason").len(),
            rows.filter(pl.col("text_hit")),
        ],
        engine=ENGINE,
    )
    counted: dict[str, list[tuple[str, int]]] = {}
    for family, reason, count in reasons.iter_rows():
        counted.setdefault(str(family), []).append((str(reason), int(count)))
    return _FamilyFigures(
        per_asin=_by_family(per_asin),
        totals={str(row["family"]): row for row in totals.iter_rows(named=True)},
        reasons=counted,
        words=_by_family(words),
    )


def _by_family(frame: pl.DataFrame) -> dict[str, pl.DataFrame]:
    """The rows of each family, in their order, without the family column."""
    parts = frame.partition_by("family", as_dict=True, include_key=False, maintain_order=True)
    return {str(key[0]): part for key, part in parts.items()}


def top_reasons(reasons: pl.Series, limit: int = 10) -> dict[str, int]:
    """The ``limit`` most frequent reason codes with their counts; ties by code, so the same
    rows always list the same codes (``value_counts`` comes in no fixed order)."""
    counted = ((str(k), int(v)) for k, v in reasons.drop_nulls().value_counts().iter_rows())
    return _top(counted, limit)


def _top(counted: Iterable[tuple[str, int]], limit: int = 10) -> dict[str, int]:
    return dict(sorted(counted, key=lambda kv: (-kv[1], kv[0]))[:limit])


def _finding(family: ComplaintFamily, figures: _FamilyFigures, top_n: int, params: Any) -> Finding:
    per_asin = figures.per_asin.get(family.code, _NO_ASINS)
    totals = figures.totals[family.code]
    total = int(totals["complaint_count"])
    asins = tuple(
        AsinStat(
            asin=r["asin"],
            count=int(r["count"]),
            rate=r["count"] / r["sold"] if r["sold"] else None,
            sku=r["sku"],
            title=r["title"],
            units_sold=int(r["sold"]) if r["sold"] is not None else None,
            share=r["count"] / total,
            details={
                "returns": int(r["returns"]),
                "feedback": int(r["feedback"]),
                "voc": int(r["voc"]),
                "orders": int(r["orders"]),
            },
        )
        for r in per_asin.head(top_n).iter_rows(named=True)
    )
    words = figures.words.get(family.code, _NO_WORDS)
    keywords = _keywords(words, family)
    languages = _languages(words, family)
    top = per_asin.row(0, named=True) if per_asin.height else None
    first, last = totals["first_day"], totals["last_day"]
    facts = {
        "family": family.code,
        "complaint_count": total,
        "complaint_orders": int(totals["complaint_orders"]),
        "asin_count": per_asin.height,
        "top_asin": top["asin"] if top else None,
        "top_asin_complaints": int(top["count"]) if top else 0,
        "top_asin_units_sold_365d": int(top["units_365"]) if top and top["units_365"] else 0,
        "from_returns": int(totals["from_returns"]),
        "from_feedback": int(totals["from_feedback"]),
        "from_voc": int(totals["from_voc"]),
        "languages": languages,
        "reason_codes": _top(figures.reasons.get(family.code, [])),
        "keywords": keywords,
        "window_start": first.isoformat() if first is not None else None,
        "window_end": last.isoformat() if last is not None else None,
    }
    orders = tuple(totals["order_ids"])
    evidence = _evidence(family, words, [a.asin for a in asins], params)
    return Finding(family.category, f"complaints_{family.code}", asins, orders, evidence, facts)


def _keywords(words: pl.DataFrame, family: ComplaintFamily) -> list[str]:
    if words.is_empty():
        return []
    found = (
        words.select(pl.col("text").str.extract_all(family.pattern).alias("kw"))
        .explode("kw")
        .select(
            pl.col("kw")
            .str.replace_all(r"^\W+|\W+$", "")
            .str.to_lowercase()
            .str.replace_all(r"\s+", " ")
        )
        .drop_nulls()
        .get_column("kw")
        .value_counts(sort=True)
    )
    return [str(v) for v in found.get_column("kw").head(10).to_list()]


def _languages(words: pl.DataFrame, family: ComplaintFamily) -> list[str]:
    if words.is_empty():
        return []
    counts = words.select(
        [
            pl.col("text").str.contains(p).sum().alias(lang)
            for lang, p in family.language_presence.items()
        ]
    ).row(0, named=True)
    return [lang for lang, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])) if n]


def _evidence(
    family: ComplaintFamily, words: pl.DataFrame, ranked: list[str], params: Any
) -> tuple[Quote, ...]:
    per_asin = int(params["evidence_per_asin"])
    limit = int(params["evidence_per_finding"])
    if words.is_empty() or not ranked:
        return ()
    chosen = (
        words.filter(pl.col("asin").is_in(ranked))
        .with_columns(pl.col("asin").replace_strict(ranked, list(range(len(ranked)))).alias("rank"))
        .sort(["rank", "day", "order_id"], descending=[False, True, False], nulls_last=True)
        .group_by("asin", maintain_order=True)
        .head(per_asin)
        .head(limit)
    )
    # Presence patterns (only whether words are there), each compiled when first needed.
    languages = family.language_presence.items()
    quotes = []
    for row in chosen.iter_rows(named=True):
        sentence = _sentence(row["text"], family.presence)
        language = next((lang for lang, p in languages if _compiled(p).search(sentence)), None)
        quotes.append(
            Quote(
                sentence,
                row["asin"],
                row["order_id"],
                row["source"],
                row["day"],
                language,
                family.code,
            )
        )
    return tuple(quotes)


@cache
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def _sentence(text: str, pattern: str) -> str:
    """The sentence of ``text`` in which the complaint words appear (the whole text if short)."""
    if len(text) <= 160:
        return text.strip()
    compiled = _compiled(pattern)
    for part in _SENTENCE_END.split(text):
        if part and compiled.search(part):
            return part.strip()[:300]
    return text.strip()[:300]
