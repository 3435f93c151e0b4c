"""The analyze and demo-data commands, run as a user runs them (a real process)."""

from __future__ import annotations

import io
import json
import re
import subprocess
from pathlib import Path

import pytest
from rich.console import Console

from reinstate.analysis import AnalysisReport
from reinstate.cli.analyze import _LANGS, _SHOWN, _print_report
from reinstate.demo import DemoManifest
from tests.core.cli_process import run_reinstate

from .conftest import FIXTURES


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return run_reinstate(*args)


def test_it_prints_the_analysis_json_contract(small_demo: DemoManifest) -> None:
    result = _run("analyze", str(small_demo.out_dir), "--json")
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    assert list(payload) == ["sources", "metrics", "findings"]
    source = payload["sources"][0]
    assert {"path", "kind", "rows_read", "rows_rejected", "encoding", "warnings"} <= set(source)
    metric = next(m for m in payload["metrics"] if m["code"] == "order_defect_rate")
    assert {"value", "target", "status", "numerator", "denominator", "window_start",
            "window_end", "fulfillment"} <= set(metric)  # fmt: skip
    assert metric["status"] in {"good", "bad", "none"}
    assert 0 <= metric["value"] < 1
    finding = payload["findings"][0]
    assert {"category", "code", "asins", "orders", "evidence", "facts"} <= set(finding)
    assert {"asin", "count"} <= set(finding["asins"][0])


def test_it_joins_a_notice_given_with_notice(small_demo: DemoManifest, tmp_path: Path) -> None:
    notice = tmp_path / "notice.txt"
    notice.write_text(
        "Hello,\n\nWe received customer complaints that the items you sold were inauthentic.\n"
        f"ASIN: {small_demo.asins['fake']}\n\nSeller Performance Team\n",
        encoding="utf-8",
    )
    result = _run("analyze", str(small_demo.out_dir), "--json", "--notice", str(notice))
    assert result.returncode == 0, result.stderr
    codes = {f["code"]: f for f in json.loads(result.stdout)["findings"]}
    assert codes["notice_asins"]["facts"]["asins_found"] == [small_demo.asins["fake"]]


def test_it_prints_a_readable_report_in_chinese_and_writes_charts(
    small_demo: DemoManifest, tmp_path: Path
) -> None:
    charts = tmp_path / "charts"
    result = _run("analyze", str(small_demo.out_dir), "--lang", "zh-hans", "--charts", str(charts))
    assert result.returncode == 0, result.stderr
    assert "订单缺陷" in result.stdout
    assert small_demo.asins["odr_1"] in result.stdout
    pictures = sorted(p.name for p in charts.iterdir())
    assert "complaints_top_asins.png" in pictures
    assert "order_defect_rate_mfn.png" in pictures


def test_it_exits_with_status_2_on_unreadable_input(tmp_path: Path) -> None:
    missing = _run("analyze", str(tmp_path / "nothing-here.txt"))
    assert missing.returncode == 2
    assert missing.stderr.startswith("reinstate: error:")
    assert "Traceback" not in missing.stderr
    garbage = _run("analyze", str(FIXTURES / "random.bin"), "--json")
    assert garbage.returncode == 2
    assert garbage.stdout == ""
    assert len(garbage.stderr.strip().splitlines()) == 1


def test_it_writes_demo_data_with_a_manifest(tmp_path: Path) -> None:
    result = _run("demo-data", str(tmp_path / "demo"), "--orders", "600", "--seed", "5",
                  "--today", "2026-05-02")  # fmt: skip
    assert result.returncode == 0, result.stderr
    manifest = DemoManifest.read(tmp_path / "demo")
    assert manifest.orders == 600
    assert all(manifest.path(kind).is_file() for kind in manifest.files)
    assert {p.code for p in manifest.problems} >= {
        "order_defects", "late_shipments", "seller_cancellations", "missing_tracking",
        "complaints_used", "complaints_inauthentic", "complaints_damaged", "complaints_expired",
        "used_condition_listings", "high_ncx_rate", "account_health_report",
    }  # fmt: skip


@pytest.mark.parametrize("lang", ["zh-hans", "zh-hant"])
@pytest.mark.parametrize("width", [52, 80])
def test_the_chinese_report_names_every_fact_in_chinese_and_breaks_lines_as_chinese_does(
    chart_report: AnalysisReport, lang: str, width: int
) -> None:
    """A Chinese seller reads "期间内订单 25,319", not "total_orders 25319", and no line of a
    note or fact starts with closing punctuation."""
    console = Console(width=width, file=io.StringIO(), color_system=None)
    _print_report(chart_report, lang, console)
    printed = console.file.getvalue()  # type: ignore[attr-defined]
    shown = {key for f in chart_report.findings for key in f.facts if key in _SHOWN}
    assert shown, "the demo report has facts to show"
    # Panel titles name the finding's codes; the rows under them name facts in Chinese.
    rows = "\n".join(line for line in printed.splitlines() if not line.startswith("╭"))
    for key in shown:
        assert not re.search(rf"\b{key}\b", rows), key
        assert _SHOWN[key][_LANGS.index(lang)] in rows, key
    counts = [
        f.facts[key]
        for f in chart_report.findings
        for key in shown
        if isinstance(f.facts.get(key), int) and f.facts[key] >= 1000 and "score" not in key
    ]
    assert counts, "the demo report has counts of a thousand or more"
    assert all(f"{count:,}" in printed for count in counts)
    lines = [re.sub(r"^[\s│╭╰─]+", "", line) for line in printed.splitlines()]
    assert not [line for line in lines if line[:1] in set("。，、；：！？）」』”’》〉】")]
