"""Calculations done together give what each done alone gives: the complaint families' figures
grouped by family, the shipment rows' products from one lookup of their SKU, the parts of the
analysis run side by side."""

from __future__ import annotations

from datetime import date
from typing import Any

import polars as pl
import pytest

from reinstate.analysis import (
    AnalysisReport,
    analyze,
    complaint_findings,
    engine,
    notice_join,
    shipping,
)
from reinstate.analysis import complaints as complaints_module
from reinstate.analysis.complaint_findings import top_reasons
from reinstate.analysis.dataset import _SCHEMAS, Dataset, load
from reinstate.analysis.knowledge import complaints, term_pattern
from reinstate.demo import DemoManifest

from .expected import one_ending_per_term


def test_the_report_is_the_same_side_by_side_and_in_turn(
    demo: DemoManifest, demo_report: AnalysisReport, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The parts of the analysis run in threads beside each other; run one after the other,
    the report is the same (each part's results are taken from its own job)."""
    monkeypatch.setattr(engine, "SIDE_BY_SIDE_ROWS", 0)
    in_turn = analyze([demo.out_dir])
    assert repr(in_turn.metrics) == repr(demo_report.metrics)
    assert repr(in_turn.findings) == repr(demo_report.findings)
    assert repr(in_turn.series) == repr(demo_report.series)


def _plain_family(rows: pl.DataFrame) -> dict[str, Any]:
    """A family's figures computed from its own rows alone, as the rule says."""
    days = rows.get_column("day").drop_nulls()
    source = rows.get_column("source")
    per_asin = (
        rows.filter(pl.col("asin").is_not_null())
        .group_by("asin")
        .agg(
            pl.len().alias("count"),
            pl.col("order_id").drop_nulls().n_unique().alias("orders"),
            pl.col("sku").drop_nulls().first(),
            pl.col("title").drop_nulls().first(),
        )
        .sort(["count", "asin"], descending=[True, False])
    )
    return {
        "complaint_count": rows.height,
        "complaint_orders": rows.get_column("order_id").drop_nulls().n_unique(),
        "from_returns": int(source.str.ends_with("returns").sum()),
        "from_feedback": int((source == "feedback").sum()),
        "from_voc": int((source == "voc").sum()),
        "reason_codes": top_reasons(rows.get_column("reason")),
        "window_start": days.min().isoformat() if days.len() else None,  # type: ignore[union-attr]
        "window_end": days.max().isoformat() if days.len() else None,  # type: ignore[union-attr]
        "asin_count": per_asin.height,
        "orders": tuple(sorted(set(rows.get_column("order_id").drop_nulls().to_list()))[:500]),
        "asins": [tuple(r) for r in per_asin.rows()],
    }


def test_family_figures_grouped_by_family_match_each_familys_own(demo: DemoManifest) -> None:
    """Every complaint finding's counts, reason codes, window, orders and ranked ASINs are
    those of its family's rows alone (a figure taken from another family's group fails)."""
    data = load([demo.out_dir])
    found = complaints_module.signals(data)
    units, _ = notice_join.units_sold(data, data.last_day())
    findings = complaint_findings.family_findings(data, found, units)
    assert len(findings) >= 3  # several families, so that their groups could be mixed up
    for finding in findings:
        family = str(finding.facts["family"])
        plain = _plain_family(found.filter(pl.col("family") == family))
        facts = {key: finding.facts[key] for key in plain if key in finding.facts}
        assert facts == {key: plain[key] for key in facts}, family
        assert finding.orders == plain["orders"], family
        ranked = [(a.asin, a.count, a.details["orders"], a.sku, a.title) for a in finding.asins]
        assert ranked == plain["asins"][: len(ranked)], family


def test_shipment_rows_take_the_asin_and_title_of_their_sku() -> None:
    """A shipment row keeps its own ASIN, else takes its SKU's from sku_names; the title is
    always its SKU's (none for a SKU that is not named, or no SKU): as a lookup of each."""
    empty = {name: pl.DataFrame(schema=schema) for name, schema in _SCHEMAS.items()}
    day = date(2026, 3, 1)
    orders = pl.DataFrame(
        {
            "order_id": ["A", "B", "C"],
            "sku": ["S2", "S1", "S3"],
            "asin": ["B00000000B", "B00000000A", None],
            "title": ["Bowl", "Mug", "Plate"],
        }
    ).with_columns(
        pl.col("order_id").hash(seed=7).alias("order_key"),
        pl.col("title").cast(_SCHEMAS["orders"]["title"]),
    )
    skus = ["S1", "S2", "S9", None, "S1", "S3", "S2"]
    own = [None, None, None, None, "B00000000X", None, None]
    shipments = pl.DataFrame(
        {
            "order_id": [f"O{n}" for n in range(len(skus))],
            "sku": skus,
            "asin": own,
            "ship_day": [day] * len(skus),
        },
        schema_overrides={"sku": pl.String, "asin": pl.String},
    ).with_columns(pl.col("order_id").hash(seed=7).alias("order_key"))
    tables = {
        name: pl.concat([empty[name], frame], how="diagonal_relaxed").select(empty[name].columns)
        for name, frame in {"orders": orders, "shipments": shipments}.items()
    }
    data = Dataset(**{**empty, **tables})  # type: ignore[arg-type]
    rows = shipping.shipment_rows(data, day).collect()
    names = {sku: (asin, title) for sku, asin, title in data.sku_names().iter_rows()}
    expected = [
        (own_asin or names.get(sku, (None, None))[0], names.get(sku, (None, None))[1])
        for sku, own_asin in zip(skus, own, strict=True)
    ]
    got = rows.select("asin", pl.col("title").cast(pl.String)).rows()
    assert got == expected
    # Each kind of row is there: SKU named, SKU unknown or missing, own ASIN.
    assert ("B00000000A", "Mug") in got
    assert (None, None) in got
    assert ("B00000000X", "Mug") in got


def test_terms_with_any_ending_moved_together_extract_the_same_words() -> None:
    """Terms with any ending are moved next to each other (to share one ``\\w*``) only past
    terms no text can begin with as well: every term of a family, with endings, and terms that
    begin alike written together, give the same keywords as the terms in their written order
    (fails when a term is moved past one that begins the same way: 'allergic*' before
    'allergic reaction')."""
    moved = 0
    for family in complaints().families.values():
        terms = [term_pattern(t, lang) for lang, words in family.terms.items() for t in words]
        plain = one_ending_per_term(terms)
        moved += plain.count(r"\w*") - family.pattern.count(r"\w*")
        stems = [t.rstrip("*") for words in family.terms.values() for t in words]
        moving = [t.rstrip("*") for words in family.terms.values() for t in words if "*" in t]
        texts = [text for stem in stems for text in (stem, f"{stem}s!", f"x {stem.upper()}ed")]
        # Terms that begin alike, written together either way round.
        texts += [
            text
            for first in moving
            for second in stems
            if first[:1].lower() == second[:1].lower()
            for text in (f"{first}{second}", f"{second} {first}")
        ]
        found = pl.DataFrame({"text": texts}, schema={"text": pl.String}).select(
            pl.col("text").str.extract_all(family.pattern).alias("together"),
            pl.col("text").str.extract_all(plain).alias("written"),
        )
        assert found.get_column("together").to_list() == found.get_column("written").to_list()
    assert moved > 30  # most families' wildcard terms now share their ending
