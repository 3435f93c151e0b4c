"""Customer complaint signals per ASIN: condition, authenticity, safety, listing accuracy.

A *signal* is one return, one feedback entry (1-3 stars) or one VoC row that points to a
complaint family: by its return reason code, by the warehouse's disposition, or by words of the
family in the customer's comment (complaints.yaml, seven languages). A row counts at most once
per family. The quoted sentence is the customer's own, cut to the sentence that matched.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

import polars as pl

from reinstate.analysis.dataset import Dataset
from reinstate.analysis.knowledge import ComplaintFamily, complaints, thresholds
from reinstate.analysis.metric_tools import ENGINE, KEY
from reinstate.analysis.model import AsinStat, Finding, Quote
from reinstate.analysis.order_counts import first_rows
from reinstate.analysis.parse_orders import order_key

_SENTENCE_END = re.compile(r"(?<=[.!?。！？])\s*|\n+")
_SIGNAL_SCHEMA = {
    "family": pl.String,
    "source": pl.String,
    "via": pl.String,
    "asin": pl.String,
    "sku": pl.String,
    "title": pl.String,
    "order_id": pl.String,
    "day": pl.Date,
    "text": pl.String,
    "reason": pl.String,
    "text_hit": pl.Boolean,
}
# A family's frames when it has no ranked ASIN or no row found by its words (their columns
# are read only when they have rows).
_NO_ASINS = pl.DataFrame()
_NO_WORDS = pl.DataFrame(schema={k: v for k, v in _SIGNAL_SCHEMA.items() if k != "family"})


def _lookups(
    data: Dataset, wanted: pl.Series, *, by_sku_needed: bool
) -> tuple[pl.LazyFrame, pl.LazyFrame]:
    """order key -> (asin, sku, title) and sku -> asin, from orders, shipments and listings.

    Only the ``wanted`` orders are looked up (those of the returns and feedback that point to
    a complaint family); the SKU map only when ``by_sku_needed`` (a return without an ASIN).
    Both are collected here, once.
    """
    named = pl.col("asin").is_not_null() | pl.col("sku").is_not_null()
    # The first order row of each order that names its product; the shipment rows only for
    # the orders the order rows do not name (none, when All Orders covers the returns).
    found = first_rows(
        data.orders.lazy()
        .filter(KEY.is_in(wanted.implode()) & named)
        .select("order_key", "asin", "sku", pl.col("title").cast(pl.String))
        .collect(engine=ENGINE)
        # A few thousand rows in as many pieces as the order rows: in one piece first.
        .rechunk()
    )
    parts = [found]
    missing = wanted.filter(~wanted.is_in(found.get_column("order_key").implode()))
    if not missing.is_empty():
        shipped = (
            data.shipments.lazy()
            .filter(KEY.is_in(missing.implode()) & named)
            .select("order_key", "asin", "sku", pl.lit(None, dtype=pl.String).alias("title"))
            .collect(engine=ENGINE)
        )
        parts.append(first_rows(shipped))
    by_order = pl.concat(parts).rename({"asin": "o_asin", "sku": "o_sku", "title": "o_title"})
    by_sku = pl.LazyFrame(schema={"sku": pl.String, "s_asin": pl.String})
    if by_sku_needed:
        # Only returns without an ASIN need the SKU -> ASIN map (a pass over every order).
        by_sku = (
            pl.concat(
                [
                    data.listings.lazy().select("sku", "asin"),
                    data.orders.lazy().select("sku", "asin"),
                ],
                how="vertical_relaxed",
            )
            .drop_nulls()
            .unique("sku", keep="first")
            .rename({"asin": "s_asin"})
        )
    return by_order.lazy(), by_sku.collect(engine=ENGINE).lazy()


def signals(data: Dataset) -> pl.DataFrame:
    """One row per (complaint family, return / feedback / VoC row that points to it).

    The rows are matched first (reason codes, dispositions, the families' words); the few
    that point to a family are then given their product from the orders (joins on order
    keys, not order IDs), instead of every return and feedback row.
    """
    knowledge = complaints()
    reason_key = (
        pl.col("reason").str.strip_chars().str.to_uppercase().str.replace(r"^(RO_)?(CR-)?", "")
    )
    reasons = dict(knowledge.return_reasons)
    # Each distinct reason as written is keyed once (codes and localised reasons repeat).
    written = (
        data.returns.select(pl.col("reason").unique().drop_nulls())
        .with_columns(reason_key.alias("key"))
        .filter(pl.col("key").is_in(list(reasons)))
    )
    reason_families = {str(r): reasons[str(k)] for r, k in written.iter_rows()}
    no_key = pl.lit(None, dtype=pl.UInt64).alias("order_key")
    returns = (
        data.returns.lazy()
        .with_columns(
            order_key(pl.col("order_id")).alias("order_key"),
            pl.col("reason")
            .replace_strict(reason_families, default=None, return_dtype=pl.String)
            .alias("r_fam"),
            pl.col("reason").is_in(list(reason_families)).alias("r_known"),
            pl.col("disposition")
            .replace_strict(dict(knowledge.dispositions), default=None, return_dtype=pl.String)
            .alias("d_fam"),
        )
        .with_columns(
            # A reason that is not a known code is the customer's or a localised text: read it.
            pl.concat_str(
                [
                    pl.when(pl.col("r_known")).then(None).otherwise(pl.col("reason")),
                    pl.col("comment"),
                ],
                separator=" — ",
                ignore_nulls=True,
            )
            .replace("", None)
            .alias("text"),
            pl.col("return_day").alias("day"),
        )
    )
    columns = ["source", "asin", "sku", "title", "order_id", "day", "text", "reason"]
    feedback = (
        data.feedback.lazy()
        .filter(pl.col("rating") <= 3)
        .select(
            pl.lit("feedback").alias("source"),
            *(pl.lit(None, dtype=pl.String).alias(name) for name in ("asin", "sku", "title")),
            "order_id",
            "day",
            pl.col("comment").alias("text"),
            pl.lit(None, dtype=pl.String).alias("reason"),
            order_key(pl.col("order_id")).alias("order_key"),
        )
    )
    voc = data.voc.lazy().select(
        pl.lit("voc").alias("source"),
        "asin",
        "sku",
        "title",
        pl.lit(None, dtype=pl.String).alias("order_id"),
        pl.lit(None, dtype=pl.Date).alias("day"),
        pl.col("top_ncx_reason").alias("text"),
        pl.lit(None, dtype=pl.String).alias("reason"),
        no_key,
    )
    no_family = {"r_fam": pl.lit(None, pl.String), "d_fam": pl.lit(None, pl.String)}
    everything = pl.concat(
        [
            returns.select(*columns, "order_key", "r_fam", "d_fam"),
            feedback.with_columns(**no_family),
            voc.with_columns(**no_family),
        ],
        how="vertical_relaxed",
    )
    families = list(knowledge.families.values())
    # One pattern per family, all in one pass (the columns are matched in parallel); a single
    # pattern for all families would outgrow the regex engine's fast automaton (50x slower).
    hits = [pl.col(f"hit:{f.code}") for f in families]
    marked = (
        everything.with_columns(
            pl.col("text").str.contains(f.presence).fill_null(False).alias(f"hit:{f.code}")
            for f in families
        )
        .filter(
            pl.any_horizontal(*hits, pl.col("r_fam").is_not_null(), pl.col("d_fam").is_not_null())
        )
        .collect(engine=ENGINE)
    )
    ordered = marked.filter(pl.col("source") != "voc")
    by_order, by_sku = _lookups(
        data,
        ordered.get_column("order_key"),
        by_sku_needed=bool(
            ordered.filter(pl.col("source") != "feedback").get_column("asin").null_count()
        ),
    )
    source = pl.col("source")
    named = (
        marked.lazy()
        .join(by_order, on="order_key", how="left", maintain_order="left")
        .join(by_sku, on="sku", how="left", maintain_order="left")
        .with_columns(
            pl.when(source == "feedback")
            .then(pl.col("o_asin"))
            .when(source == "voc")
            .then(pl.col("asin"))
            .otherwise(pl.coalesce("asin", "o_asin", "s_asin"))
            .alias("asin"),
            *(
                pl.when(source == "feedback")
                .then(pl.col(f"o_{name}"))
                .when(source == "voc")
                .then(pl.col(name))
                .otherwise(pl.coalesce(name, f"o_{name}"))
                .alias(name)
                for name in ("sku", "title")
            ),
        )
        .collect(engine=ENGINE)
    )
    parts = []
    for family in families:
        hit = pl.col(f"hit:{family.code}")
        by_code = (pl.col("r_fam") == family.code).fill_null(False)
        by_disposition = (pl.col("d_fam") == family.code).fill_null(False)
        parts.append(
            named.lazy()
            .filter(hit | by_code | by_disposition)
            .select(
                pl.lit(family.code).alias("family"),
                "source",
                pl.when(hit)
                .then(pl.lit("words"))
                .when(by_code)
                .then(pl.lit("reason_code"))
                .otherwise(pl.lit("disposition"))
                .alias("via"),
                *columns[1:],
                hit.alias("text_hit"),
            )
        )
    found = pl.concat(parts, how="vertical_relaxed").collect(engine=ENGINE)
    return found.cast(_SIGNAL_SCHEMA)  # type: ignore[arg-type]


def units_by_asin(
    data: Dataset, start: date | None = None, end: date | None = None
) -> pl.DataFrame:
    """Units sold (not cancelled) and orders per ASIN, optionally within [start, end]."""
    days = data.asin_days()
    if start is not None and end is not None:
        days = days.filter(pl.col("purchase_day").is_between(start, end))
    return days.group_by("asin").agg(pl.col("units").sum(), pl.col("orders").sum())


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
