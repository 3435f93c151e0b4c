"""``reinstate draft``: compose the appeal from a notice, the seller's data and their answers."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from reinstate.cli.casefacts import case_facts
from reinstate.cli.output import fail, print_json

if TYPE_CHECKING:
    from reinstate.compose import Appeal

_MIRROR_LANGS = ("zh-hans", "zh-hant")


def draft(
    notice: Annotated[
        Path, typer.Option("--notice", help="Amazon's notice (.eml, .html or .txt).")
    ],
    data: Annotated[
        list[Path] | None,
        typer.Option(
            "--data", help="A Seller Central export or a folder of them (repeat for more)."
        ),
    ] = None,
    answers: Annotated[
        Path | None,
        typer.Option(
            "--answers",
            help="Answers to the questionnaire, YAML or JSON: question id -> value. Keys "
            "'fact:<key>' and 'notice:<field>' fill a figure or a notice detail; 'choices' "
            "picks knowledge-base options.",
        ),
    ] = None,
    lang: Annotated[
        str, typer.Option("--lang", help="Language of the mirror: zh-hans or zh-hant.")
    ] = "zh-hans",
    in_error: Annotated[
        bool,
        typer.Option("--in-error", help="Write the 'deactivated in error' appeal instead."),
    ] = False,
    category: Annotated[
        str | None,
        typer.Option("--category", help="The case category, when the notice does not say."),
    ] = None,
    store: Annotated[
        str | None, typer.Option("--store", help="The store name as Amazon shows it.")
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the draft as JSON (contracts.md).")
    ] = False,
    out: Annotated[
        Path | None,
        typer.Option("--out", help="Write the letter to a .docx, .pdf or .txt file."),
    ] = None,
    bilingual: Annotated[
        Path | None,
        typer.Option("--bilingual", help="Also write the English-Chinese PDF for your records."),
    ] = None,
) -> None:
    """Compose the appeal: three form sections, the letter, its Chinese mirror, open questions."""
    from reinstate.errors import ReinstateError

    if lang not in _MIRROR_LANGS:
        fail(f"--lang must be zh-hans or zh-hant, not {lang!r}.")
    if as_json and out is not None:
        fail("Use either --json or --out, not both.")
    try:
        facts = case_facts(notice, data or [], answers, category, store, in_error)
        from reinstate.compose import compose

        appeal = compose(facts, lang=lang)
        if out is not None:
            from reinstate.export import export

            export(appeal, out)
        if bilingual is not None:
            from reinstate.export import export_bilingual_pdf

            export_bilingual_pdf(appeal, bilingual)
    except ReinstateError as exc:
        fail(exc.message)
    if as_json:
        print_json(appeal.to_json())
    elif out is None:
        _print_draft(appeal)
    else:
        _print_summary(appeal, out)


def _print_draft(appeal: Appeal) -> None:
    from rich.console import Console
    from rich.markup import escape

    console = Console(highlight=False)
    titles = {
        "root_cause": "Root cause",
        "corrective_actions": "Corrective actions",
        "preventive_measures": "Preventive measures",
    }
    for name, section in appeal.sections.items():
        colour = "red" if section.over_limit else "green"
        console.rule(
            f"[bold]{titles[name]}[/bold]  [{colour}]{section.chars}/{section.limit}[/{colour}]"
        )
        console.print(escape(section.text))
    console.rule("[bold]Letter[/bold]")
    console.print(escape(appeal.letter))
    _print_open_questions(console, appeal)


def _print_open_questions(console: Any, appeal: Appeal) -> None:
    from rich.markup import escape

    if appeal.suggested:
        heading = "待确认的建议措施" if appeal.lang == "zh-hans" else "待確認的建議措施"
        console.rule(f"[bold yellow]{heading} ({len(appeal.suggested)})[/bold yellow]")
        titles = {
            (part, o.id): o.title.get(appeal.lang)
            for part, options in appeal.options.items()
            for o in options
        }
        for item in appeal.suggested:
            kind, _, ident = item.partition(":")
            part = "corrective_actions" if kind == "actions" else "preventive_measures"
            console.print(f"- {escape(titles.get((part, ident), ident))} [dim]({ident})[/dim]")
        hint = (
            "只写你真正做过的：在答案文件中加入 confirmed: [上面括号里的编号]，或删掉没做的。"
            if appeal.lang == "zh-hans"
            else "只寫你真正做過的：在答案檔案中加入 confirmed: [上面括號裡的編號]，或刪掉沒做的。"
        )
        ids = ", ".join(i.partition(":")[2] for i in appeal.suggested)
        console.print(f"[dim]{escape(hint)} {escape(f'(answers file: confirmed: [{ids}])')}[/dim]")
    if not appeal.open_questions:
        return
    heading = "还需补充" if appeal.lang == "zh-hans" else "還需補充"
    console.rule(f"[bold yellow]{heading} ({len(appeal.open_questions)})[/bold yellow]")
    for question in appeal.open_questions:
        console.print(f"- {escape(question.prompt.get(appeal.lang))}")


def _print_summary(appeal: Appeal, out: Path) -> None:
    from rich.console import Console

    console = Console(highlight=False)
    console.print(f"Wrote {out}")
    _print_open_questions(console, appeal)


def register(app: typer.Typer) -> None:
    app.command("draft")(draft)
