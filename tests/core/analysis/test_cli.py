"""The analyze and demo-data commands, run as a user runs them (a real process)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

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
