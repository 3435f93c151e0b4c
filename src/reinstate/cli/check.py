"""``reinstate check``: check an appeal letter before it is sent."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from reinstate.cli.output import fail, print_json, read_input

if TYPE_CHECKING:
    from reinstate.check import CheckContext, CheckReport

_LANGS = ("en", "zh-hans", "zh-hant")
_VERDICT_TEXT = {
    "en": {"ready": "ready", "fix_first": "fix first", "not_ready": "not ready"},
    "zh-hans": {"ready": "可以提交", "fix_first": "先修改", "not_ready": "不能提交"},
    "zh-hant": {"ready": "可以提交", "fix_first": "先修改", "not_ready": "不能提交"},
}
_STYLE = {"high": "bold red", "medium": "yellow", "low": "cyan"}


def _start_grammar_early(argv: list[str]) -> None:
    """Most of a cold ``reinstate check`` is Harper building its dictionary (about 0.7 s, on a
    thread of its own that releases the GIL), started by :mod:`reinstate.cli.early` before
    anything else: configure it (or start it, when this module is imported another way) while the
    command line is still being parsed, before the letter is read. Only for a check that will run
    Harper."""
    if len(argv) < 2 or argv[1] != "check" or {"--no-grammar", "--help", "-h"} & set(argv):
        return
    from reinstate.check.grammar import warm_up
    from reinstate.check.spelling import dictionaries_installed
    from reinstate.cli import early

    warm_up(spelling=not dictionaries_installed(), building=early.building)


_start_grammar_early(sys.argv)


def check(
    letter: Annotated[
        str, typer.Argument(help="The letter: a text file, or - for standard input.")
    ],
    notice: Annotated[
        Path | None,
        typer.Option(
            "--notice",
            help="Amazon's notice (.eml, .html, .txt): every ASIN and order it names must be "
            "addressed in the letter.",
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
    lang: Annotated[
        str, typer.Option("--lang", help="Language of the explanations: en, zh-hans or zh-hant.")
    ] = "en",
    grammar: Annotated[
        bool, typer.Option("--grammar/--no-grammar", help="Run the grammar checker (Harper).")
    ] = True,
    data: Annotated[
        list[Path] | None,
        typer.Option(
            "--data",
            help="Seller Central exports (files or folders): with --notice, every figure, ASIN, "
            "order, date and name of the letter is held against the case's facts.",
        ),
    ] = None,
    answers: Annotated[
        Path | None,
        typer.Option(
            "--answers",
            help="The seller's answers (YAML or JSON, as for `reinstate draft`), with `choices` "
            "and `confirmed` for the actions and measures they took.",
        ),
    ] = None,
    category: Annotated[
        str | None, typer.Option("--category", help="The case category, when the notice is unsure.")
    ] = None,
) -> None:
    """Check a letter's tone, structure, facts, language and genericness; score it 0-100.

    With --notice and --data or --answers, the letter's claims are held against the case's facts:
    each unsupported or contradicted claim is a finding (claim_unsupported, claim_contradicted,
    claim_unconfirmed) with the fact it was held against.
    """
    from reinstate.check import CheckContext, check_letter
    from reinstate.check.reading import MAX_LETTER_BYTES, read_letter_bytes
    from reinstate.errors import ReinstateError

    if lang not in _LANGS:
        fail(f"--lang must be one of {', '.join(_LANGS)}, not {lang!r}.")
    if (data or answers or category) and notice is None:
        fail("--data, --answers and --category describe a case: give its --notice too.")
    try:
        text = read_letter_bytes(read_input(letter, MAX_LETTER_BYTES, "letter")[0])
        context = CheckContext(grammar=grammar)
        if notice is not None and (data or answers or category):
            context = _with_case(context, notice, data or [], answers, category)
        elif notice is not None:
            context = _with_notice(context, notice)
        if not as_json:
            # Imported now, while Harper is still being built, rather than after the check.
            importlib.import_module("rich.console")
        report = check_letter(text, context)
    except ReinstateError as exc:
        # Inside the command, so typer turns the exit into status 2 without a traceback.
        fail(exc.message)
    if as_json:
        print_json(report.to_json(lang=lang))
    else:
        _print_report(text, report, lang)


def _with_case(
    context: CheckContext,
    notice: Path,
    data: list[Path],
    answers: Path | None,
    category: str | None,
) -> CheckContext:
    """The context with the case's facts: the notice, the data analysis and the answers."""
    from dataclasses import replace

    from reinstate.cli.casefacts import case_facts
    from reinstate.compose.claims import case_claims

    facts = case_facts(notice, data, answers, category, None, in_error=False)
    return replace(
        context,
        notice_asins=facts.asins,
        notice_order_ids=facts.order_ids,
        claims=case_claims(facts),
    )


def _with_notice(context: CheckContext, notice: Path) -> CheckContext:
    """The context with the notice's ASINs and order ids (read by reinstate.notices)."""
    from dataclasses import replace

    if not notice.is_file():
        fail(f"No such notice file: {notice}")
    try:
        module = importlib.import_module("reinstate.notices")
    except ImportError:
        module = None
    diagnose: Any = getattr(module, "diagnose_bytes", None)
    if diagnose is None:
        fail("Reading notices is not available in this installation of Reinstate.")
    from reinstate.notices import DEFAULT_MAX_BYTES

    data, name = read_input(notice, DEFAULT_MAX_BYTES, "notice")
    diagnosis = diagnose(data, name)
    return replace(
        context,
        notice_asins=tuple(diagnosis.asins),
        notice_order_ids=tuple(diagnosis.order_ids),
    )


def _line_and_column(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, column


def _print_report(text: str, report: CheckReport, lang: str) -> None:
    from rich.console import Console
    from rich.markup import escape
    from rich.padding import Padding

    from reinstate.cli.wrapping import LineBroken

    console = Console(highlight=False)
    verdict = report.verdict.value
    colour = {"ready": "green", "fix_first": "yellow", "not_ready": "red"}[verdict]
    label = "得分" if lang != "en" else "Score"
    console.print(
        f"[bold]{label} {report.score}/100[/bold]  "
        f"[bold {colour}]{_VERDICT_TEXT[lang][verdict]}[/bold {colour}]  "
        f"({report.word_count} words, {len(report.findings)} findings)"
    )
    if not report.findings:
        console.print("No findings." if lang == "en" else "没有发现问题。")
        return
    for finding in report.findings:
        line, column = _line_and_column(text, finding.start)
        message, suggestion = finding.text(lang)  # type: ignore[arg-type]
        severity = finding.severity.value
        console.print()
        console.print(
            f"[{_STYLE[severity]}]{severity.upper():6}[/{_STYLE[severity]}] "
            f"[bold]{finding.code}[/bold]  line {line}, column {column}"
        )
        quote = " ".join(text[finding.start : finding.end].split())
        if len(quote) > 160:
            quote = quote[:157] + "..."
        if quote:
            console.print(f"  [dim]>[/dim] [italic]{escape(quote)}[/italic]")
        if lang == "en":
            console.print(f"  {escape(message)}")
            console.print(f"  [green]→[/green] {escape(suggestion)}")
        else:
            # Chinese breaks where Chinese may break (never before "。"), see cli/wrapping.py.
            console.print(Padding(LineBroken(message), (0, 0, 0, 2)))
            console.print(Padding(LineBroken(f"→ {suggestion}"), (0, 0, 0, 2)))


def register(app: typer.Typer) -> None:
    app.command("check")(check)
