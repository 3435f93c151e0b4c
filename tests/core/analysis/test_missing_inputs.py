"""A metric whose inputs were not uploaded says so (status ``none`` and a note naming the
reports) instead of counting nothing as zero; a metric computed from some of its inputs keeps
its figure and records what it counted. Expected figures come from the demo files and the
manifest (expected.py), not from the engine."""

from __future__ import annotations

import csv
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from reinstate.analysis import AnalysisReport, Metric, analyze
from reinstate.codes import MetricStatus
from reinstate.demo import DemoManifest

from . import expected

Analyse = Callable[..., AnalysisReport]


@pytest.fixture
def without(small_demo: DemoManifest, tmp_path: Path) -> Analyse:
    """Analyse a copy of the small demo without the named reports (kinds), as of its today."""

    def run(*kinds: str, edit: Callable[[Path], None] | None = None) -> AnalysisReport:
        folder = tmp_path / "exports"
        shutil.copytree(small_demo.out_dir, folder)
        for kind in kinds:
            (folder / small_demo.files[kind]).unlink()
        if edit is not None:
            edit(folder)
        return analyze([folder], today=small_demo.today)

    return run


def _computed(report: AnalysisReport, code: str) -> list[Metric]:
    """The metrics computed from the seller's files (not Amazon's performance report)."""
    return [m for m in report.metrics if m.code == code and m.breakdown["source"] == "seller_data"]


def _odr(report: AnalysisReport, channel: str) -> Metric:
    metric = report.metric("order_defect_rate", fulfillment=channel)
    assert metric is not None
    return metric


def _window_orders(demo: DemoManifest, channel: str) -> set[str]:
    known = expected.orders(demo)
    return {
        o
        for o, d in known.day.items()
        if known.channel[o] == channel and expected.in_window(d, demo.today, 60)
    }


def _planted_defects(demo: DemoManifest, key: str) -> set[str]:
    return set(demo.problem("order_defects").facts[key])


@pytest.mark.parametrize("channel", ["mfn", "afn"])
def test_it_gives_no_order_defect_rate_without_feedback_claims_or_chargebacks(
    small_demo: DemoManifest, without: Analyse, channel: str
) -> None:
    report = without("feedback", "claims", "mfn_returns")
    metric = _odr(report, channel)
    assert metric.status is MetricStatus.NONE
    assert (metric.value, metric.numerator, metric.denominator) == (None, None, None)
    assert metric.breakdown["needs"] == ["feedback", "claims"]
    assert metric.breakdown["total_orders"] == len(_window_orders(small_demo, channel))
    assert "Feedback report" in metric.note["en"]
    assert "反馈报告" in metric.note["zh-hans"]
    assert "反饋報告" in metric.note["zh-hant"]
    assert report.finding("order_defects") is None
    assert ("order_defect_rate", channel) not in report.series
    shown = metric.to_json()
    assert (shown["status"], shown["value"]) == ("none", None)
    assert set(shown["note"]) == {"en", "zh-hans", "zh-hant"}


def test_it_counts_only_negative_feedback_when_claims_are_missing_and_says_so(
    small_demo: DemoManifest, without: Analyse
) -> None:
    report = without("claims", "mfn_returns")
    own = _window_orders(small_demo, "mfn")
    negative = _planted_defects(small_demo, "negative_feedback_orders") & own
    metric = _odr(report, "mfn")
    assert (metric.numerator, metric.denominator) == (len(negative), len(own))
    assert metric.breakdown["negative_feedback"] == len(negative)
    assert metric.breakdown["a_to_z"] is None
    assert metric.breakdown["chargebacks"] is None
    assert metric.breakdown["partial"] is True
    assert metric.breakdown["defect_sources"] == {
        "negative_feedback": ["feedback"],
        "a_to_z": [],
        "chargebacks": [],
    }
    assert metric.breakdown["needs"] == ["claims"]
    assert "A-to-z claims are not counted" in metric.note["en"]
    assert "Chargebacks are not counted" in metric.note["en"]
    assert "Negative feedback" not in metric.note["en"]
    finding = next(
        f for f in report.findings_with("order_defects") if f.facts["fulfillment"] == "mfn"
    )
    assert finding.facts["a_to_z_count"] is None
    assert finding.facts["chargeback_count"] is None
    assert finding.facts["partial"] is True
    assert set(finding.orders) == negative


def test_it_counts_claims_and_chargebacks_without_the_feedback_report(
    small_demo: DemoManifest, without: Analyse
) -> None:
    report = without("feedback")
    own = _window_orders(small_demo, "mfn")
    claimed = _planted_defects(small_demo, "a_to_z_orders") & own
    charged = _planted_defects(small_demo, "chargeback_orders") & own
    metric = _odr(report, "mfn")
    assert (metric.numerator, metric.denominator) == (len(claimed | charged), len(own))
    assert metric.breakdown["negative_feedback"] is None
    assert (metric.breakdown["a_to_z"], metric.breakdown["chargebacks"]) == (
        len(claimed),
        len(charged),
    )
    assert metric.breakdown["defect_sources"]["a_to_z"] == ["claims", "mfn_returns"]
    assert metric.breakdown["needs"] == ["feedback"]
    assert metric.note["en"].startswith("Only the defects in the uploaded reports are counted")


def test_a_complete_order_defect_rate_has_no_note(demo_report: AnalysisReport) -> None:
    metric = _odr(demo_report, "mfn")
    assert metric.breakdown["partial"] is False
    assert not metric.note
    assert "note" not in metric.to_json()


def test_it_gives_no_shipping_rates_without_the_shipments_report(
    small_demo: DemoManifest, without: Analyse
) -> None:
    report = without("mfn_shipments")
    late = _computed(report, "late_shipment_rate")
    assert sorted(m.breakdown["window_days"] for m in late) == [10, 30]
    tracking = report.metric("valid_tracking_rate")
    assert tracking is not None
    for metric in [*late, tracking]:
        assert metric.status is MetricStatus.NONE
        assert metric.value is None
        assert metric.breakdown["needs"] == ["mfn_shipments"]
        assert "Seller Fulfilled Shipments" in metric.note["en"]
    assert report.finding("late_shipments") is None
    assert report.finding("missing_tracking") is None


def test_without_buyer_requests_the_cancel_rate_counts_every_cancellation_as_partial(
    small_demo: DemoManifest, without: Analyse
) -> None:
    report = without("mfn_shipments")
    known = expected.orders(small_demo)
    week = {
        o
        for o, d in known.day.items()
        if known.channel[o] == "mfn" and expected.in_window(d, small_demo.today, 7)
    }
    metric = report.metric("pre_fulfillment_cancel_rate")
    assert metric is not None
    assert (metric.numerator, metric.denominator) == (len(week & known.cancelled), len(week))
    assert metric.breakdown["partial"] is True
    assert metric.breakdown["buyer_requested"] is None
    assert "can only be lower" in metric.note["en"]


def _drop_columns(kind: str, *names: str) -> Callable[[Path], None]:
    """Rewrite a demo flat file without some of its columns (as an export that lacks them)."""

    def edit(folder: Path) -> None:
        path = folder / {"mfn_shipments": "Seller Fulfilled Shipments.txt"}[kind]
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
        keep = [i for i, name in enumerate(rows[0]) if name not in names]
        assert len(keep) == len(rows[0]) - len(names)
        path.write_text(
            "".join("\t".join(row[i] for i in keep) + "\n" for row in rows), encoding="utf-8"
        )

    return edit


def test_it_does_not_call_every_order_late_when_the_ship_date_column_is_missing(
    without: Analyse,
) -> None:
    report = without(edit=_drop_columns("mfn_shipments", "ship-date"))
    for code in ("late_shipment_rate", "valid_tracking_rate"):
        metrics = _computed(report, code)
        assert metrics, code
        assert all(m.status is MetricStatus.NONE and m.value is None for m in metrics)
    assert report.finding("late_shipments") is None


def test_it_keeps_the_late_shipment_rate_when_only_tracking_ids_are_missing(
    small_demo: DemoManifest, without: Analyse
) -> None:
    report = without(edit=_drop_columns("mfn_shipments", "tracking-number"))
    tracking = report.metric("valid_tracking_rate")
    assert tracking is not None
    assert tracking.status is MetricStatus.NONE
    assert report.finding("missing_tracking") is None
    total, late = expected.late_shipments(small_demo, 30)
    metric = report.metric("late_shipment_rate", window_days=30)
    assert metric is not None
    assert (metric.numerator, metric.denominator) == (len(late), len(total))
    assert not metric.note
