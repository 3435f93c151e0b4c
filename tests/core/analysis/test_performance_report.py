"""Amazon's V2 seller performance report is read under both the schema's and the example's
field names; NONE means no data."""

from __future__ import annotations

import json
from datetime import date

import pytest

from reinstate.analysis import AnalysisReport, Finding, Metric, performance_report
from reinstate.codes import MetricStatus

from .conftest import FIXTURES


def _read(name: str) -> tuple[list[Metric], list[Finding]]:
    document = json.loads((FIXTURES / name).read_text("utf-8-sig"))
    return performance_report.read(document)


def test_it_reads_the_schema_names_with_counts_windows_and_string_numbers() -> None:
    metrics, findings = _read("performance_schema_names.json")
    by_key = {(m.code, m.fulfillment): m for m in metrics}
    odr = by_key[("order_defect_rate", "mfn")]
    assert (odr.numerator, odr.denominator) == (3, 200)
    assert odr.value == pytest.approx(0.015)
    assert odr.status is MetricStatus.BAD
    assert odr.breakdown["negative_feedback"] == 2
    assert odr.window_start == date(2021, 10, 29)
    assert odr.breakdown["window_days"] == 60
    assert by_key[("order_defect_rate", "afn")].status is MetricStatus.NONE
    late = by_key[("late_shipment_rate", "mfn")]
    assert (late.numerator, late.denominator) == (9, 150)
    tracking = by_key[("valid_tracking_rate", "mfn")]
    assert tracking.value == pytest.approx(140 / 150)
    assert by_key[("unit_on_time_delivery_rate", "mfn")].status is MetricStatus.NONE
    facts = findings[0].facts
    assert facts["ahr_status"] == "GREAT"
    assert facts["product_authenticity_customer_complaints"] == 2
    assert facts["received_ip_complaints"] == 1
    assert facts["warning_states"] == ["ORDER_DEFECT_RATE:AT_RISK"]


def test_it_reads_the_example_names_and_a_percent_scale_rate() -> None:
    metrics, findings = _read("performance_example_names.json")
    cancel = next(m for m in metrics if m.code == "pre_fulfillment_cancel_rate")
    assert cancel.value == pytest.approx(0.05)
    facts = findings[0].facts
    assert facts["ahr_status"] == "WARNED"
    assert facts["ahr_score"] == 180
    assert facts["account_status"] == "SUSPENDED"
    assert facts["warning_states"] == ["AT_RISK"]
    assert facts["document_requests"] == 1
    assert facts["product_condition_customer_complaints"] == 4


def test_it_keeps_the_raw_report_on_the_analysis(fixtures_report: AnalysisReport) -> None:
    raw = fixtures_report.raw_performance_reports
    assert len(raw) == 2
    assert any("lateShipmentRateList" in r["performanceMetrics"][0] for r in raw)
