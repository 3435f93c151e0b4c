"""The data panel puts what bears on the case first and keeps the rest one click away."""

from __future__ import annotations

from typing import Any

from reinstate_web.analysis.presenters import present_report

REPORT: dict[str, Any] = {
    "metrics": [
        {
            "code": "order_defect_rate",
            "value": 0.0761,
            "target": 0.01,
            "status": "bad",
            "numerator": 30,
            "denominator": 394,
        },
        {
            "code": "late_shipment_rate",
            "value": 0.01,
            "target": 0.04,
            "status": "good",
            "numerator": 1,
            "denominator": 100,
        },
    ],
    "findings": [
        {
            "category": "performance_odr",
            "code": "order_defects",
            "asins": [],
            "orders": [],
            "facts": {},
        },
        {
            "category": "inauthentic",
            "code": "complaints_inauthentic",
            "asins": [{"asin": "B0581U33XT", "count": 7, "rate": 0.28}],
            "orders": [],
            "facts": {"complaint_count": 7},
        },
    ],
}


def test_it_shows_the_cases_own_findings_first_and_folds_the_others() -> None:
    view = present_report(REPORT, case_category="inauthentic", lang="en")
    assert [f["category"] for f in view["primary_findings"]] == ["inauthentic"]
    assert [f["category"] for f in view["other_findings"]] == ["performance_odr"]
    assert view["metrics_missed"] == 1
    assert view["metrics_first"] is False


def test_it_shows_everything_when_the_category_is_not_known() -> None:
    view = present_report(REPORT, case_category="", lang="en")
    assert len(view["primary_findings"]) == 2
    assert view["other_findings"] == []
    assert view["metrics_first"] is True


def test_it_opens_the_metrics_for_a_performance_case() -> None:
    view = present_report(REPORT, case_category="performance_odr", lang="zh-hans")
    assert view["metrics_first"] is True
    assert [f["category"] for f in view["primary_findings"]] == ["performance_odr"]


def test_it_says_which_reports_are_missing_instead_of_showing_zero() -> None:
    metric = {
        "code": "order_defect_rate",
        "value": 0.0016,
        "target": 0.01,
        "status": "good",
        "numerator": 2,
        "denominator": 1221,
        "breakdown": {
            "source": "seller_data",
            "negative_feedback": None,
            "a_to_z": 2,
            "chargebacks": None,
            "partial": True,
        },
        "note": {
            "en": "Only defects in the uploaded reports are counted.",
            "zh-hans": "只统计了已上传报告中的缺陷。",
        },
    }
    view = present_report({"metrics": [metric], "findings": []}, lang="zh-hans")
    shown = view["metrics"][0]
    assert shown["note"] == "只统计了已上传报告中的缺陷。"
    assert [n for _label, n in shown["split"]] == ["2"]  # uncounted kinds left out, not 0


def test_step_3_lists_the_notices_asins_first_and_folds_the_long_tail() -> None:
    from reinstate_web.analysis.presenters import units_for_invoices

    by_asin = {f"B0TEST{n:04d}": 1000 - n for n in range(25)}
    report = {
        "findings": [
            {
                "code": "units_sold_365d",
                "category": "other",
                "asins": [],
                "facts": {
                    "units_sold_365d_by_asin": by_asin,
                    "units_sold_365d": sum(by_asin.values()),
                },
            },
            {
                "code": "notice_asins",
                "category": "other",
                "asins": [],
                "facts": {"notice_asins": ["B0TEST0020"]},
            },
            {
                "code": "complaints_fake",
                "category": "inauthentic",
                "asins": [{"asin": "B0TEST0020", "count": 3, "title": "Hair Dryer Brush"}],
                "facts": {},
            },
        ]
    }
    view = units_for_invoices(report)
    assert view is not None
    assert view["rows"][0]["asin"] == "B0TEST0020"
    assert view["rows"][0]["title"] == "Hair Dryer Brush"  # named by another finding
    assert len(view["rows"]) == 10
    assert len(view["rows"]) + len(view["more_rows"]) == 25
