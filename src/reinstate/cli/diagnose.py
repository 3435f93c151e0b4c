"""``reinstate diagnose PATH|- [--json] [--lang en|zh-hans|zh-hant]``: what a notice means.

Reads one notice or reply (.eml, .html, .txt, or ``-`` for standard input). With ``--json`` it
prints the contract object of contracts.md; otherwise a short summary in the chosen language.
Unreadable input ends with one line on stderr and exit status 2.
"""

from __future__ import annotations

import os
import sys
from datetime import date
from typing import TYPE_CHECKING

import typer

from reinstate.cli.output import fail, print_json, read_input

if TYPE_CHECKING:
    from reinstate.notices.model import Diagnosis

_LANGS = ("en", "zh-hans", "zh-hant")
_HEADINGS = {
    "en": {
        "kind": "Message",
        "category": "What happened",
        "scope": "What was hit",
        "outcome": "Amazon's answer",
        "deadline": "Deadline",
        "days_left": "{days} days left",
        "overdue": "passed {days} days ago",
        "channel": "Where to answer",
        "asins": "ASINs named",
        "orders": "Orders named",
        "documents": "What Amazon asks for",
        "why": "Why we think so",
        "in_error": "The notice offers a route to show it was a mistake.",
        "none": "none",
        "unsure": "Not sure",
        "opinion": "Second opinion of the language model (a machine's guess)",
        "unsure_text": (
            "Reinstate cannot tell for certain which policy this notice enforces. Read the "
            "phrases below, then choose before a letter is written: "
            "reinstate draft --category CODE"
        ),
    },
    "zh-hans": {
        "kind": "邮件类型",
        "category": "发生了什么",
        "scope": "影响范围",
        "outcome": "亚马逊的答复",
        "deadline": "截止日期",
        "days_left": "还剩 {days} 天",
        "overdue": "已过期 {days} 天",
        "channel": "在哪里回复",
        "asins": "涉及的 ASIN",
        "orders": "涉及的订单",
        "documents": "亚马逊要求提供",
        "why": "判断依据",
        "in_error": "通知中提供了“误判申诉”的途径，可以证明这是亚马逊的错误。",
        "none": "无",
        "unsure": "无法确定",
        "opinion": "语言模型的第二意见（机器的推测）",
        "unsure_text": (
            "Reinstate无法确定这封通知针对的是哪项政策。请先阅读下面的依据，"
            "再选择一个类别，然后才能写申诉信：reinstate draft --category 类别代码"
        ),
    },
    "zh-hant": {
        "kind": "郵件類型",
        "category": "發生了什麼",
        "scope": "影響範圍",
        "outcome": "亞馬遜的答覆",
        "deadline": "截止日期",
        "days_left": "還剩 {days} 天",
        "overdue": "已過期 {days} 天",
        "channel": "在哪裡回覆",
        "asins": "涉及的 ASIN",
        "orders": "涉及的訂單",
        "documents": "亞馬遜要求提供",
        "why": "判斷依據",
        "in_error": "通知中提供了「誤判申訴」的途徑，可以證明這是亞馬遜的錯誤。",
        "none": "無",
        "unsure": "無法確定",
        "opinion": "語言模型的第二意見（機器的推測）",
        "unsure_text": (
            "Reinstate無法確定這封通知針對的是哪項政策。請先閱讀下面的依據，"
            "再選擇一個類別，然後才能寫申訴信：reinstate draft --category 類別代碼"
        ),
    },
}


def _summary(result: Diagnosis, lang: str, today: date) -> None:
    from rich.console import Console
    from rich.panel import Panel
    from rich.table import Table

    from reinstate.cli.wrapping import LineBroken
    from reinstate.notices.labels import click_path, hint, label, summary

    words = _HEADINGS[lang]
    console = Console()
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column(overflow="fold")

    def add(heading: str, text: str) -> None:
        # Chinese breaks where Chinese may break (never before "。"); English as rich does.
        table.add_row(heading, text if lang == "en" else LineBroken(text))

    add(words["kind"], label("kind", result.kind.value, lang))
    if result.reply_outcome is not None:
        add(words["outcome"], label("reply_outcome", result.reply_outcome.value, lang))
    code = result.category or (result.categories[0].code if result.categories else None)
    if code is not None and result.certain:
        add(
            words["category"], f"{label('category', code.value, lang)}\n{summary(code.value, lang)}"
        )
    elif result.categories:
        # Unsure: every candidate with its evidence, for the seller to choose.
        lines = [words["unsure_text"], ""]
        for candidate in result.categories[:4]:
            evidence = "; ".join(f"“{e}”" for e in candidate.evidence[:3])
            lines.append(
                f"• {candidate.code.value} — {label('category', candidate.code.value, lang)} "
                f"({candidate.confidence:.0%}){': ' + evidence if evidence else ''}"
            )
        add(words["unsure"], "\n".join(lines))
    add(words["scope"], label("scope", result.scope.value, lang))
    for deadline in result.deadlines:
        when = deadline.text
        if deadline.date is not None:
            left = (deadline.date - today).days
            status = words["days_left" if left >= 0 else "overdue"].format(days=abs(left))
            when = f"{deadline.date.isoformat()} ({status}) — “{deadline.text}”"
        add(words["deadline"], when)
    channel = label("channel", result.channel.kind.value, lang)
    if result.channel.address:
        channel += f" <{result.channel.address}>"
    add(words["channel"], f"{channel}\n{click_path(result.channel.kind.value, lang)}")
    add(words["asins"], ", ".join(result.asins) or words["none"])
    if result.order_ids:
        add(words["orders"], ", ".join(result.order_ids))
    documents = [
        f"• {label('document', d.value, lang)}: {hint(d.value, lang)}"
        for d in result.requested_documents
    ]
    add(words["documents"], "\n".join(documents) or words["none"])
    if result.categories and result.certain:
        evidence = "; ".join(f"“{e}”" for e in result.categories[0].evidence[:4])
        add(words["why"], evidence)
    if result.in_error_path:
        add("", words["in_error"])
    console.print(Panel(table, title=result.subject or "Reinstate", expand=False))


def diagnose_command(
    path: str = typer.Argument(
        ..., help="Notice file (.eml, .html, .txt) or - for standard input."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the contract JSON object."),
    lang: str = typer.Option("en", "--lang", help="Language of the summary: en, zh-hans, zh-hant."),
    today_text: str = typer.Option(
        "", "--today", help="Date to count deadlines from (YYYY-MM-DD; default: today)."
    ),
    llm_url: str = typer.Option(
        "",
        "--llm-url",
        envvar="REINSTATE_LLM_URL",
        help="OpenAI-compatible endpoint asked for a second opinion when the diagnosis is "
        "unsure (off unless set; the notice's text is sent there).",
    ),
    llm_model: str = typer.Option(
        "", "--llm-model", envvar="REINSTATE_LLM_MODEL", help="Model name at --llm-url."
    ),
) -> None:
    """Say what an Amazon notice or reply means: category, scope, deadline, channel, documents."""
    from reinstate.errors import ReinstateError
    from reinstate.notices import DEFAULT_MAX_BYTES, diagnose_bytes

    if lang not in _LANGS:
        fail(f"--lang must be one of {', '.join(_LANGS)}")
    try:
        today = date.fromisoformat(today_text) if today_text else date.today()
    except ValueError:
        fail("--today must be a date written YYYY-MM-DD")
    try:
        data, filename = read_input(path, DEFAULT_MAX_BYTES, "notice")
        result = diagnose_bytes(data, filename, today=today)
    except ReinstateError as exc:
        fail(exc.message)
    opinion = _second_opinion(result, llm_url, llm_model) if not result.certain else None
    if as_json:
        contract = result.to_json()
        if opinion is not None:
            contract["second_opinion"] = opinion
        print_json(contract)
        return
    _summary(result, lang, today)
    if opinion is not None:
        print(f"{words_for(lang)['opinion']} ({opinion['model']}): {opinion['category']}")
        if opinion["reason"]:
            print(f"  “{opinion['reason']}”")


def words_for(lang: str) -> dict[str, str]:
    return _HEADINGS[lang]


def _second_opinion(result: Diagnosis, url: str, model: str) -> dict[str, object] | None:
    """The configured language model's choice among the candidates, or None when none is set.
    A failing model is reported on stderr and the diagnosis stands alone."""
    if not url or not model or result.kind.value != "notice":
        return None
    from reinstate.errors import ServiceError
    from reinstate.llm import ChatClient, LanguageModel, second_opinion

    candidates = [c.code.value for c in result.categories[:4]]
    try:
        with ChatClient(
            LanguageModel(url, model, os.environ.get("REINSTATE_LLM_API_KEY", ""))
        ) as c:
            found = second_opinion(result.text, candidates, c)
    except ServiceError as exc:
        print(f"reinstate: the language model gave no second opinion: {exc}", file=sys.stderr)
        return None
    return {
        "category": found.category.value,
        "reason": found.reason,
        "model": found.model,
        "machine_written": True,
    }


def register(app: typer.Typer) -> None:
    app.command("diagnose")(diagnose_command)
