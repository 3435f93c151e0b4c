"""Charts render as PNG and SVG, with Chinese labels, and without the Chinese font too."""

from __future__ import annotations

from pathlib import Path

import pytest

from reinstate.analysis import AnalysisReport, render_charts
from reinstate.analysis import charts as charts_module
from reinstate.errors import InputError


def test_it_draws_each_metric_against_its_target_and_the_top_complaint_asins(
    chart_report: AnalysisReport, tmp_path: Path
) -> None:
    written = render_charts(chart_report, tmp_path, lang="en", fmt="png")
    names = {p.name for p in written}
    assert "complaints_top_asins.png" in names
    for code, channel in chart_report.series:
        assert f"{code}_{channel}.png" in names
    for path in written:
        assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_it_writes_svg_with_chinese_labels(chart_report: AnalysisReport, tmp_path: Path) -> None:
    written = render_charts(chart_report, tmp_path, lang="zh-hant", fmt="svg")
    assert written
    assert all(p.read_text("utf-8").lstrip().startswith("<?xml") for p in written)


@pytest.mark.skipif(not charts_module.CJK_FONT.is_file(), reason="fonts-wqy-microhei missing")
def test_it_uses_the_chinese_font_when_it_is_installed() -> None:
    assert charts_module._font_family()[0] != "DejaVu Sans"


def test_it_still_draws_when_the_chinese_font_is_missing(
    chart_report: AnalysisReport, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(charts_module, "CJK_FONT", tmp_path / "no-such-font.ttc")
    assert charts_module._font_family() == ["DejaVu Sans"]
    written = render_charts(chart_report, tmp_path / "out", lang="zh-hans")
    assert written


def test_it_refuses_unknown_languages_and_formats(
    chart_report: AnalysisReport, tmp_path: Path
) -> None:
    with pytest.raises(InputError):
        render_charts(chart_report, tmp_path, lang="fr")
    with pytest.raises(InputError):
        render_charts(chart_report, tmp_path, fmt="gif")  # type: ignore[arg-type]
