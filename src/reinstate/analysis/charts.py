"""Pictures of an analysis: each metric over time against its target, top ASINs by complaints.

matplotlib is imported inside ``render_charts`` (Agg, no display) so that importing the package
stays fast. Chinese labels use WenQuanYi Micro Hei (Debian ``fonts-wqy-microhei``); without the
font the charts are still drawn, with the default font.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from reinstate.analysis.knowledge import complaints, thresholds
from reinstate.analysis.model import AnalysisReport, SeriesPoint
from reinstate.errors import ExportError, InputError
from reinstate.knowledge.loader import load

if TYPE_CHECKING:
    from matplotlib.figure import Figure

CJK_FONT = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
LANGS = ("en", "zh-hans", "zh-hant")
_TEXT: dict[str, dict[str, str]] = {
    "en": {
        "target": "Amazon's target {target}",
        "window": "rolling {days}-day window, ending each day",
        "complaints": "ASINs with the most customer complaints",
        "signals": "complaints (returns, feedback, VoC)",
        "mfn": "seller-fulfilled",
        "afn": "FBA",
    },
    "zh-hans": {
        "target": "亚马逊要求 {target}",
        "window": "滚动 {days} 天窗口（截至每一天）",
        "complaints": "买家投诉最多的 ASIN",
        "signals": "投诉数（退货、反馈、买家之声）",
        "mfn": "自发货",
        "afn": "亚马逊配送 FBA",
    },
    "zh-hant": {
        "target": "亞馬遜要求 {target}",
        "window": "滾動 {days} 天窗口（截至每一天）",
        "complaints": "買家投訴最多的 ASIN",
        "signals": "投訴數（退貨、回饋、買家之聲）",
        "mfn": "自發貨",
        "afn": "亞馬遜配送 FBA",
    },
}
_COLOURS = ("#c0392b", "#2471a3", "#d68910", "#7d3c98", "#229954", "#5d6d7e", "#a04000", "#1abc9c")


def _font_family() -> list[str]:
    """Register the CJK font once; the family list lets Latin text fall back to DejaVu Sans."""
    from matplotlib import font_manager

    if CJK_FONT.is_file():
        try:
            font_manager.fontManager.addfont(str(CJK_FONT))
            name = font_manager.FontProperties(fname=str(CJK_FONT)).get_name()
        except (OSError, RuntimeError, ValueError):
            return ["DejaVu Sans"]
        return [name, "DejaVu Sans"]
    return ["DejaVu Sans"]


def render_charts(
    report: AnalysisReport,
    out_dir: Path,
    *,
    lang: str = "en",
    fmt: Literal["png", "svg"] = "png",
) -> list[Path]:
    """Draw the report's charts into ``out_dir`` and return the files written.

    >>> render_charts(report, Path("charts"), lang="zh-hans")
    [PosixPath('charts/order_defect_rate_mfn.png'), PosixPath('charts/complaints_top_asins.png')]
    """
    if lang not in LANGS:
        raise InputError(f"unknown chart language {lang!r} (use {', '.join(LANGS)})")
    if fmt not in ("png", "svg"):
        raise InputError(f"unknown chart format {fmt!r} (use png or svg)")
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import rc_context

    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    style: Any = {
        "font.family": _font_family(),
        "axes.unicode_minus": False,
        "svg.fonttype": "path",
    }
    with rc_context(style):
        for (code, channel), points in sorted(report.series.items(), key=lambda kv: str(kv[0])):
            if not any(p.value is not None for p in points):
                continue
            figure = _metric_figure(report, code, channel, points, lang)
            written.append(_save(figure, out_dir / f"{code}_{channel or 'all'}.{fmt}"))
        figure_or_none = _complaints_figure(report, lang)
        if figure_or_none is not None:
            written.append(_save(figure_or_none, out_dir / f"complaints_top_asins.{fmt}"))
    return written


def _save(figure: Figure, path: Path) -> Path:
    try:
        with warnings.catch_warnings():
            # Without the CJK font, Chinese glyphs are drawn as boxes: known, not worth a warning
            # per character.
            warnings.filterwarnings("ignore", message=r"Glyph \d+ .* missing from font")
            figure.savefig(path, dpi=144, bbox_inches="tight")
    except (OSError, ValueError, RuntimeError) as exc:
        raise ExportError(f"could not write the chart {path.name}: {exc}") from exc
    return path


def _metric_name(code: str, lang: str) -> str:
    names: Mapping[str, Any] = load("common").get("metrics", {})
    entry = names.get(code, {}).get("name", {})
    return str(entry.get(lang) or entry.get("en") or code.replace("_", " ").capitalize())


def _metric_figure(
    report: AnalysisReport,
    code: str,
    channel: str | None,
    points: tuple[SeriesPoint, ...],
    lang: str,
) -> Figure:
    from matplotlib.dates import AutoDateLocator, ConciseDateFormatter
    from matplotlib.figure import Figure
    from matplotlib.ticker import PercentFormatter

    text = _TEXT[lang]
    metric = report.metric(code, fulfillment=channel)
    target = metric.target if metric else None
    import numpy as np

    days = np.array([p.day for p in points], dtype="datetime64[D]")
    values = [p.value * 100 if p.value is not None else float("nan") for p in points]
    figure = Figure(figsize=(8, 3.6))
    axes = figure.add_subplot()
    axes.plot(days, values, color="#2471a3", linewidth=2)
    if target is not None:
        line = target * 100
        axes.axhline(line, color="#c0392b", linestyle="--", linewidth=1.4,
                     label=text["target"].format(target=f"{line:g}%"))  # fmt: skip
        rule = thresholds().metrics.get(code)
        low_is_good = rule is None or rule.good_when in ("below", "at_most")
        missed = [(v > line) if low_is_good else (v < line) for v in values]
        axes.fill_between(days, values, line, where=missed, color="#c0392b", alpha=0.15)
        axes.legend(loc="upper left" if low_is_good else "lower left", frameon=False)
        present = [v for v in values if v == v] + [line]  # v == v drops NaN
        if low_is_good:
            axes.set_ylim(0, max(present) * 1.25)
        else:
            axes.set_ylim(max(0.0, min(present) - 5), 100.5)
    window_days = max(
        (m.breakdown.get("window_days") or 0 for m in report.metrics if m.code == code), default=0
    )
    channel_name = text.get(channel or "", "")
    title = _metric_name(code, lang) + (f" · {channel_name}" if channel_name else "")
    axes.set_title(title, loc="left", fontsize=12)
    if window_days:
        axes.text(1.0, 1.02, text["window"].format(days=window_days), transform=axes.transAxes,
                  ha="right", fontsize=8, color="#5d6d7e")  # fmt: skip
    axes.yaxis.set_major_formatter(PercentFormatter(decimals=1))
    locator = AutoDateLocator()  # type: ignore[no-untyped-call]
    axes.xaxis.set_major_locator(locator)
    axes.xaxis.set_major_formatter(ConciseDateFormatter(locator))  # type: ignore[no-untyped-call]
    axes.grid(axis="y", alpha=0.3)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    return figure


def _complaints_figure(report: AnalysisReport, lang: str, top: int = 10) -> Figure | None:
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    families = complaints().families
    counts: dict[str, dict[str, int]] = {}
    titles: dict[str, str] = {}
    for finding in report.findings:
        family = str(finding.facts.get("family", ""))
        if not finding.code.startswith("complaints_") or family not in families:
            continue
        for stat in finding.asins:
            counts.setdefault(stat.asin, {})[family] = stat.count
            if stat.title:
                titles.setdefault(stat.asin, stat.title)
    if not counts:
        return None
    ranked = sorted(counts, key=lambda a: (-sum(counts[a].values()), a))[:top][::-1]
    used = [f for f in families if any(f in counts[a] for a in ranked)]
    labels = [_asin_label(a, titles.get(a)) for a in ranked]
    figure = Figure(figsize=(8, 0.5 * len(ranked) + 1.6))
    axes = figure.add_subplot()
    left = [0] * len(ranked)
    for number, family in enumerate(used):
        widths = [counts[a].get(family, 0) for a in ranked]
        name = families[family].name.get(lang) or families[family].name["en"]
        axes.barh(labels, widths, left=left, color=_COLOURS[number % len(_COLOURS)], label=name)
        left = [x + w for x, w in zip(left, widths, strict=True)]
    axes.set_title(_TEXT[lang]["complaints"], loc="left", fontsize=12)
    axes.set_xlabel(_TEXT[lang]["signals"])
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    axes.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=2, frameon=False, fontsize=8)
    axes.grid(axis="x", alpha=0.3)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    return figure


def _asin_label(asin: str, title: str | None) -> str:
    if not title:
        return asin
    short = title if len(title) <= 26 else title[:25].rstrip() + "…"
    return f"{asin}\n{short}"
