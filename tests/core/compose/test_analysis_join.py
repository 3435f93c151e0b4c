"""The seller's exports, analysed, feed the letter: the units the invoices must cover are the
units of the notice's ASINs, under the fact key the knowledge base's slots use."""

from __future__ import annotations

import csv
from collections import Counter
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pytest

from reinstate.analysis import analyze
from reinstate.compose import KnowledgeBase, compose, facts_from
from reinstate.demo import write_demo_data

NOTICE_DAY = date(2026, 5, 2)


def _units_by_asin(orders_file: Path) -> Counter[str]:
    """Units per ASIN of the orders not cancelled, read with the csv module (not polars)."""
    units: Counter[str] = Counter()
    with orders_file.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            if row["order-status"] != "Cancelled":
                units[row["asin"]] += int(row["quantity"])
    return units


@pytest.fixture(scope="module")
def exports(tmp_path_factory: pytest.TempPathFactory) -> Path:
    demo = write_demo_data(
        tmp_path_factory.mktemp("exports"), seed=11, orders=2000, today=NOTICE_DAY
    )
    return demo.out_dir


def test_the_category_slots_use_a_fact_key_the_analysis_emits(exports: Path) -> None:
    report = analyze([exports], notice_asins=["B0PB3U2M7O"], notice_date=NOTICE_DAY)
    emitted = {key for finding in report.findings for key in finding.facts}
    kb = KnowledgeBase.default()
    wanted = {
        decl.key
        for code in ("inauthentic", "condition")
        for decl in kb.category(code).slots.values()
        if decl.source.startswith("fact:") and "units_sold" in decl.key
    }
    assert wanted == {"units_sold_365d"}
    assert wanted <= emitted


def test_it_writes_the_units_of_the_notices_asins_into_the_letter(exports: Path) -> None:
    units = _units_by_asin(exports / "All Orders Report.txt")
    (first, _), (second, _), *rest = units.most_common()
    expected = units[first] + units[second]
    store_total = sum(units.values())
    assert rest  # the store sells more than the notice's ASINs
    assert store_total != expected
    report = analyze([exports], notice_asins=[first, second], notice_date=NOTICE_DAY)
    diagnosis = SimpleNamespace(
        category="inauthentic",
        scope="account",
        asins=(first, second),
        order_ids=(),
        requested_documents=(),
        sent_at=None,
        marketplace="US",
        kind=SimpleNamespace(value="notice"),
    )
    answers = {
        "appeal_route": "dispute",
        "supplier_name": "Shenzhen Hua Tech Trading Co., Ltd.",
        "invoice_units": expected,
        "first_invoice_date": "2026-01-02",
        "start_date": "2026-05-04",
        "owner_role": "compliance_manager",
    }
    facts = facts_from(diagnosis, report, answers, store_name="Bright Lens Store", today=NOTICE_DAY)
    appeal = compose(facts)
    used = {f["slot"]: f for f in appeal.to_json()["facts_used"]}
    assert str(used["units_sold_365d"]["value"]).replace(",", "") == str(expected)
    assert f"all {expected:,} units of {first} and {second}" in appeal.letter
    assert f"{store_total:,}" not in appeal.letter
