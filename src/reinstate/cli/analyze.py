"""``reinstate analyze FILE_OR_DIR... [--notice N] [--json] [--charts DIR] [--lang L]``.

Reads the seller's Seller Central exports (recognised by their columns), computes Amazon's
metrics over Amazon's windows and ranks the ASINs behind each kind of complaint. With
``--json`` it prints the contract object of contracts.md; otherwise a readable report, with a
progress bar while large files load. Unreadable input, and any file refused for a limit (a
compression bomb, a 1 GB line, a million columns, JSON nested too deep), ends with one line on
stderr and exit status 2. The limits have the web app's setting names as environment variables.
Everything that comes from the files (names, cells, customers' words) is printed as plain
text: a ``[/]`` in a file name is not terminal markup, an escape character is shown, not sent.
"""

from __future__ import annotations

import re
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from reinstate.cli.output import fail, print_json, read_input

if TYPE_CHECKING:
    from rich.console import Console

    from reinstate.analysis import AnalysisReport, Finding

_LANGS = ("en", "zh-hans", "zh-hant")
_WORDS: dict[str, dict[str, str]] = {
    "en": {
        "sources": "Files read", "file": "File", "kind": "Report", "rows": "Rows",
        "rejected": "Rejected", "encoding": "Encoding", "metrics": "Metrics",
        "metric": "Metric", "channel": "Channel", "window": "Window", "value": "Value",
        "target": "Target", "status": "Status", "good": "meets target", "bad": "misses target",
        "none": "no data", "findings": "Findings", "top": "ASINs behind it",
        "quotes": "In the customers' words", "charts": "Charts written", "reading": "Reading",
        "nothing": "No problem found in these files.", "mfn": "seller-fulfilled", "afn": "FBA",
        "complaints": "Complaints: {name}",
        "notice": "Notice {path}: {count} ASINs, {orders} orders",
    },
    "zh-hans": {
        "sources": "读取的文件", "file": "文件", "kind": "报告类型", "rows": "行数",
        "rejected": "拒绝", "encoding": "编码", "metrics": "指标", "metric": "指标",
        "channel": "渠道", "window": "期间", "value": "数值", "target": "目标", "status": "状态",
        "good": "达标", "bad": "未达标", "none": "无数据", "findings": "发现",
        "top": "相关 ASIN", "quotes": "买家原话", "charts": "图表已保存", "reading": "正在读取",
        "nothing": "这些文件中没有发现问题。", "mfn": "自发货", "afn": "亚马逊配送",
        "complaints": "投诉：{name}", "notice": "通知 {path}：{count} 个 ASIN，{orders} 个订单",
    },
    "zh-hant": {
        "sources": "讀取的檔案", "file": "檔案", "kind": "報告類型", "rows": "行數",
        "rejected": "拒絕", "encoding": "編碼", "metrics": "指標", "metric": "指標",
        "channel": "渠道", "window": "期間", "value": "數值", "target": "目標", "status": "狀態",
        "good": "達標", "bad": "未達標", "none": "無資料", "findings": "發現",
        "top": "相關 ASIN", "quotes": "買家原話", "charts": "圖表已儲存", "reading": "正在讀取",
        "nothing": "這些檔案中沒有發現問題。", "mfn": "自發貨", "afn": "亞馬遜配送",
        "complaints": "投訴：{name}", "notice": "通知 {path}：{count} 個 ASIN，{orders} 個訂單",
    },
}  # fmt: skip
_FINDINGS: dict[str, tuple[str, str, str]] = {
    "order_defects": ("Order defects", "订单缺陷", "訂單缺陷"),
    "late_shipments": ("Late shipments", "迟发货", "遲發貨"),
    "seller_cancellations": ("Seller cancellations", "卖家取消订单", "賣家取消訂單"),
    "missing_tracking": (
        "Shipments without valid tracking", "没有有效追踪号的包裹", "沒有有效追蹤號的包裹",
    ),
    "late_deliveries": ("Late deliveries", "延迟送达", "延遲送達"),
    "used_condition_listings": (
        "Listings in a used condition", "以二手状况上架的商品", "以二手狀況上架的商品",
    ),
    "high_return_rate": (
        "Return rate far above your other ASINs", "退货率远高于其他 ASIN", "退貨率遠高於其他 ASIN",
    ),
    "high_ncx_rate": (
        "NCX rate (Voice of the Customer)", "负面买家体验率（买家之声）",
        "負面買家體驗率（買家之聲）",
    ),
    "units_sold_365d": (
        "Units sold in the last 365 days (invoices must cover them)",
        "最近 365 天销量（发票需覆盖）", "最近 365 天銷量（發票需覆蓋）",
    ),
    "account_health_report": (
        "Amazon's account health snapshot", "亚马逊账户健康快照", "亞馬遜帳戶健康快照",
    ),
    "notice_asins": (
        "The notice's ASINs in your data", "通知中的 ASIN 在数据中的情况",
        "通知中的 ASIN 在資料中的情況",
    ),
    "notice_orders": (
        "The notice's orders in your data", "通知中的订单在数据中的情况",
        "通知中的訂單在資料中的情況",
    ),
}  # fmt: skip
# The facts shown under each finding in the readable report (all of them are in --json), with
# their names in each language (the --json keys stay the contract's).
_SHOWN: dict[str, tuple[str, str, str]] = {
    "order_defect_rate": ("Order Defect Rate", "订单缺陷率", "訂單缺陷率"),
    "defect_orders": ("Orders with a defect", "缺陷订单", "缺陷訂單"),
    "total_orders": ("Orders in the window", "期间内订单", "期間內訂單"),
    "negative_feedback_count": ("Negative feedback", "差评", "差評"),
    "a_to_z_count": ("A-to-z claims", "A-to-z 索赔", "A-to-z 索賠"),
    "chargeback_count": ("Chargebacks", "信用卡拒付", "信用卡拒付"),
    "late_shipment_rate": ("Late Shipment Rate", "迟发率", "遲發率"),
    "late_orders": ("Orders shipped late", "迟发订单", "遲發訂單"),
    "top_carrier": ("Carrier with most problems", "问题最多的承运商", "問題最多的承運商"),
    "top_carrier_late_rate": ("That carrier's late rate", "该承运商迟发率", "該承運商遲發率"),
    "pre_fulfillment_cancel_rate": ("Cancellation Rate", "配送前取消率", "配送前取消率"),
    "cancelled_orders": ("Orders you cancelled", "卖家取消的订单", "賣家取消的訂單"),
    "valid_tracking_rate": ("Valid Tracking Rate", "有效追踪率", "有效追蹤率"),
    "missing_tracking_orders": ("Orders without valid tracking", "无有效追踪号的订单",
                                "無有效追蹤號的訂單"),
    "on_time_delivery_rate": ("On-Time Delivery Rate", "准时送达率", "準時送達率"),
    "complaint_count": ("Complaints", "投诉数", "投訴數"),
    "complaint_orders": ("Orders with a complaint", "被投诉订单", "被投訴訂單"),
    "languages": ("Languages of the complaints", "投诉语言", "投訴語言"),
    "return_rate": ("Return rate", "退货率", "退貨率"),
    "rest_return_rate": ("Return rate of your other ASINs", "其他 ASIN 的退货率",
                         "其他 ASIN 的退貨率"),
    "ncx_rate": ("NCX rate", "负面买家体验率", "負面買家體驗率"),
    "rest_ncx_rate": ("NCX rate of your other ASINs", "其他 ASIN 的负面体验率",
                      "其他 ASIN 的負面體驗率"),
    "cx_health": ("Customer experience health", "买家体验状况", "買家體驗狀況"),
    "top_ncx_reason": ("Most frequent NCX reason", "最常见的负面原因", "最常見的負面原因"),
    "units_sold_365d": ("Units sold in 365 days", "365 天销量", "365 天銷量"),
    "listing_count": ("Listings", "商品数", "商品數"),
    "also_listed_new_count": ("Also listed as new", "同时以全新上架", "同時以全新上架"),
    "asins_not_found": ("ASINs not in your data", "数据中没有的 ASIN", "資料中沒有的 ASIN"),
    "orders_not_found": ("Orders not in your data", "数据中没有的订单", "資料中沒有的訂單"),
    "ahr_status": ("Account Health Rating", "账户健康评级", "帳戶健康評級"),
    "ahr_score": ("Account Health Rating score", "账户健康评分", "帳戶健康評分"),
    "account_status": ("Account status", "账户状态", "帳戶狀態"),
    "window_start": ("Window start", "期间开始", "期間開始"),
    "window_end": ("Window end", "期间结束", "期間結束"),
}  # fmt: skip


# Control characters (terminal escapes), and the marks that reverse or isolate text direction.
_HIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _plain(value: object) -> str:
    """Text from a file, safe to print: rich markup escaped, control characters made visible.

    >>> print(_plain("[bold]A\x1b[31m\u202etxt"))
    \\[bold]A\\x1b[31m\\u202etxt
    """
    from rich.markup import escape

    return escape(_visible(value))


def _visible(value: object) -> str:
    """Text from a file with its control characters and direction marks made visible."""
    return _HIDDEN.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), str(value))


def _label(finding: Finding, lang: str) -> str:
    index = _LANGS.index(lang)
    if finding.code in _FINDINGS:
        return _FINDINGS[finding.code][index]
    from reinstate.analysis.knowledge import complaints

    family = complaints().families.get(str(finding.facts.get("family", "")))
    name = (family.name.get(lang) or family.name["en"]) if family else finding.code
    return _WORDS[lang]["complaints"].format(name=name)


def _shown(key: str, value: Any) -> str:
    """A fact as the report prints it: rates as percentages, counts with thousands separators.

    >>> _shown("late_shipment_rate", 0.0495), _shown("total_orders", 25319)
    ('4.95%', '25,319')
    """
    if isinstance(value, float) and ("rate" in key or key.endswith("share")):
        return f"{value:.2%}"
    if isinstance(value, int) and not isinstance(value, bool) and "score" not in key:
        return f"{value:,}"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "—"
    return str(value)


def _readable(text: str, lang: str) -> Any:
    """``text`` as a cell: in English plain (escaped) for rich to wrap; in Chinese broken
    where Chinese may break, never before "。" (cli/wrapping.py, which takes no markup)."""
    if lang == "en":
        return _plain(text)
    from reinstate.cli.wrapping import LineBroken

    return LineBroken(_visible(text))


def _metric_name(code: str, lang: str) -> str:
    from reinstate.knowledge.loader import load

    entry = load("common").get("metrics", {}).get(code, {}).get("name", {})
    return str(entry.get(lang) or entry.get("en") or code)


def _print_report(report: AnalysisReport, lang: str, console: Console) -> None:
    from rich.table import Table

    words = _WORDS[lang]
    sources = Table(title=words["sources"], title_justify="left", show_lines=False)
    for column in ("file", "kind", "rows", "rejected", "encoding"):
        sources.add_column(words[column], overflow="fold")
    for source in report.sources:
        warned = "".join(f"\n  ⚠ {_plain(w)}" for w in source.warnings)
        warned += "".join(
            f"\n  ✗ line {r.line}: {_plain(r.reason)}" for r in source.rejected_samples
        )
        sources.add_row(
            _plain(source.path.name) + warned, source.kind, f"{source.rows_read:,}",
            f"{source.rows_rejected:,}", source.encoding or "—",
        )  # fmt: skip
    console.print(sources)
    metrics = Table(title=words["metrics"], title_justify="left")
    for column in ("metric", "channel", "window", "value", "target", "status"):
        metrics.add_column(words[column])
    for metric in report.metrics:
        style = {"good": "green", "bad": "bold red"}.get(str(metric.status), "dim")
        value = "—" if metric.value is None else f"{metric.value:.2%}"
        if metric.numerator is not None:
            value += f" ({metric.numerator:,}/{metric.denominator:,})"
        span = f"{metric.window_start} – {metric.window_end}" if metric.window_start else "—"
        marker = " *" if metric.breakdown.get("source") == "performance_report" else ""
        metrics.add_row(
            _metric_name(metric.code, lang) + marker, words.get(metric.fulfillment or "", "—"),
            span, value, "—" if metric.target is None else f"{metric.target:.1%}",
            f"[{style}]{words[str(metric.status)]}[/]",
        )  # fmt: skip
    console.print(metrics)
    console.print("* Amazon's performance report JSON", style="dim")
    # Metrics whose reports are missing say which reports would give them a figure.
    for metric in report.metrics:
        note = metric.note.get(lang) or metric.note.get("en")
        if note and lang == "en":
            console.print(f"  {_metric_name(metric.code, lang)}: {_plain(note)}", style="yellow")
        elif note:
            from rich.padding import Padding

            text = _readable(f"{_metric_name(metric.code, lang)}：{note}", lang)
            console.print(Padding(text, (0, 0, 0, 2), style="yellow"))
    if not report.findings:
        console.print(words["nothing"])
    for finding in report.findings:
        _print_finding(finding, lang, console)


def _print_finding(finding: Finding, lang: str, console: Console) -> None:
    from rich.panel import Panel
    from rich.table import Table

    words = _WORDS[lang]
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(overflow="fold")
    index = _LANGS.index(lang)
    for key, names in _SHOWN.items():
        if key in finding.facts and finding.facts[key] not in (None, [], {}):
            grid.add_row(names[index], _readable(_shown(key, finding.facts[key]), lang))
    if finding.asins:
        lines = [
            f"{_plain(a.asin)}  ×{a.count:,}"
            + (f"  {a.rate:.1%}" if a.rate is not None else "")
            + (f"  {_plain(a.title)}" if a.title else "")
            for a in finding.asins[:5]
        ]
        grid.add_row(words["top"], "\n".join(lines))
    if finding.evidence:
        quotes = [
            _plain(f"“{q.text}” — {q.asin or ''} {q.order_id or ''}") for q in finding.evidence[:4]
        ]
        grid.add_row(words["quotes"], "\n".join(quotes))
    title = f"{_plain(_label(finding, lang))}  [dim]({finding.category} · {finding.code})[/]"
    console.print(Panel(grid, title=title, title_align="left", expand=False))


def _notice(path: Path, console: Console) -> tuple[tuple[str, ...], tuple[str, ...], date | None]:
    """The notice's ASINs, orders and date; skipped with a warning when diagnosis is missing."""
    try:
        from reinstate.notices import DEFAULT_MAX_BYTES, diagnose_bytes
    except ImportError:
        console.print(f"⚠ notice diagnosis is not available; {path} was not joined", style="yellow")
        return (), (), None
    data, name = read_input(path, DEFAULT_MAX_BYTES, "notice")
    diagnosis = diagnose_bytes(data, name or "")
    sent = diagnosis.sent_at.date() if diagnosis.sent_at else None
    return tuple(diagnosis.asins), tuple(diagnosis.order_ids), sent


def analyze_command(
    paths: Annotated[list[Path], typer.Argument(help="Export files or folders holding them.")],
    notice: Annotated[
        Path | None,
        typer.Option("--notice", help="Amazon's notice (.eml, .html, .txt): join its ASINs."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the contract JSON.")] = False,
    charts: Annotated[
        Path | None, typer.Option("--charts", help="Write charts into this folder.")
    ] = None,
    chart_format: Annotated[str, typer.Option("--chart-format", help="png or svg.")] = "png",
    lang: Annotated[str, typer.Option("--lang", help="en, zh-hans or zh-hant.")] = "en",
    today_text: Annotated[
        str, typer.Option("--today", help="End the windows on this day (YYYY-MM-DD).")
    ] = "",
    max_expanded_mb: Annotated[
        int,
        typer.Option(
            "--max-expanded-mb",
            envvar="REINSTATE_REPORT_MAX_EXPANDED_MB",
            min=1,
            help="Most MB a compressed export (.gz) may expand to.",
        ),
    ] = 1024,
    max_ratio: Annotated[
        int,
        typer.Option(
            "--max-ratio",
            envvar="REINSTATE_REPORT_MAX_RATIO",
            min=2,
            help="Most times a compressed export may expand (judged past 16 MB).",
        ),
    ] = 100,
    max_workbook_mb: Annotated[
        int,
        typer.Option(
            "--max-workbook-mb",
            envvar="REINSTATE_REPORT_MAX_WORKBOOK_MB",
            min=1,
            help="Most MB a workbook's sheets may hold once unpacked.",
        ),
    ] = 256,
) -> None:
    """Find the cause in the seller's exports: metrics, ASINs, orders, customer words."""
    from rich.console import Console

    from reinstate.analysis import analyze, render_charts
    from reinstate.analysis.limits import MB, ReadLimits
    from reinstate.errors import ReinstateError

    if lang not in _LANGS:
        fail(f"--lang must be one of {', '.join(_LANGS)}")
    if chart_format not in ("png", "svg"):
        fail("--chart-format must be png or svg")
    if charts is not None and charts.exists() and not charts.is_dir():
        fail(f"--charts: {charts} is a file, not a folder")
    try:
        today = date.fromisoformat(today_text) if today_text else None
    except ValueError:
        fail("--today must be a date written YYYY-MM-DD")
    console = Console(stderr=as_json)
    try:
        asins, orders, sent = _notice(notice, console) if notice else ((), (), None)
        if notice and not as_json:
            console.print(
                _WORDS[lang]["notice"].format(
                    path=notice.name, count=len(asins), orders=len(orders)
                )
            )
        limits = ReadLimits(
            expanded_bytes=max_expanded_mb * MB,
            expansion_ratio=max_ratio,
            workbook_bytes=max_workbook_mb * MB,
        )
        report = _run(analyze, paths, asins, orders, sent, today, console, quiet=as_json,
                      label=_WORDS[lang]["reading"], limits=limits)  # fmt: skip
        _stop_on_refused(report)
        written = (
            render_charts(report, charts, lang=lang, fmt="svg" if chart_format == "svg" else "png")
            if charts
            else []
        )
    except ReinstateError as exc:
        fail(exc.message)
    if as_json:
        print_json(report.to_json())
        return
    _print_report(report, lang, console)
    if written:
        console.print(f"{_WORDS[lang]['charts']}: " + ", ".join(str(p) for p in written))


def _stop_on_refused(report: AnalysisReport) -> None:
    """A file refused for a limit (or unreadable) stops the command: one line, status 2."""
    refused = [s for s in report.sources if s.refused is not None]
    if not refused:
        return
    first = refused[0].refused
    assert first is not None
    more = f" (and {len(refused) - 1} more files refused)" if len(refused) > 1 else ""
    fail(first.message + more)


def _run(
    analyze: Any,
    paths: list[Path],
    asins: tuple[str, ...],
    orders: tuple[str, ...],
    sent: date | None,
    today: date | None,
    console: Console,
    *,
    quiet: bool,
    label: str,
    limits: Any,
) -> AnalysisReport:
    kwargs = {
        "notice_asins": asins,
        "notice_order_ids": orders,
        "notice_date": sent,
        "today": today,
        "limits": limits,
    }
    if quiet or not sys.stderr.isatty():
        return analyze(paths, **kwargs)  # type: ignore[no-any-return]
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(
        TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn(),
        console=console, transient=True,
    ) as progress:  # fmt: skip
        task = progress.add_task(label, total=None)

        def step(stage: str, done: int, total: int) -> None:
            progress.update(task, description=f"{label}: {stage}", completed=done, total=total)

        return analyze(paths, progress=step, **kwargs)  # type: ignore[no-any-return]


def register(app: typer.Typer) -> None:
    app.command("analyze")(analyze_command)
