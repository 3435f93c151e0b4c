"""``reinstate evidence check FILE... [--notice N] [--data DIR] [--account FILE] [--json]``.

Reads evidence documents (PDF, JPEG, PNG, GIF, TIFF: text from a PDF's text layer, OCR for
scans and images) and checks them against Amazon's rules: invoice dates against the notice's
date (its Date header, or a date in its text), supplier contact details, the buyer's name and
address against ``--account`` (YAML or JSON: ``name``, ``address``, optional ``other_names`` and
``other_addresses``, e.g. the Chinese forms), and the invoices' quantities against the units sold
per ASIN in the seller's exports (``--data``). With ``--json`` it prints every document with
the kind recognised, the fields read (each with its page and box) and the findings (stable
``rule`` codes, docs/contracts.md). Exit status 0 once the documents are checked, whether they
pass or not (``passed`` in the JSON); 2 with one line on stderr for unusable input.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from reinstate.cli.output import fail, print_json, read_input

if TYPE_CHECKING:
    from rich.console import Console

    from reinstate.evidence import AccountIdentity, EvidenceContext, EvidenceReport, Finding

ACCOUNT_MAX_BYTES = 64 * 1024
# One English line per rule code (the web app has them in every interface language).
MESSAGES = {
    "unreadable": "The file cannot be read ({reason}).",
    "password_protected": "The PDF needs a password to open: send it without one.",
    "too_many_pages": "{pages} pages; only the first {read} were read.",
    "low_resolution": "Scanned at about {dpi} dpi: too coarse to read reliably; scan at 300 dpi.",
    "screenshot": "Looks like a screenshot: send the original document or a full-page scan.",
    "partial_page": "Not a full page (cropped): scan or photograph the whole page.",
    "format_not_accepted": "{value} is not a format Amazon accepts here ({expected}).",
    "kind_mismatch": "Reads as {value}, not as what it should prove ({expected}).",
    "altered": "Signs of editing ({sign}): ask the issuer for a new original.",
    "not_final_invoice": "A quotation, pro-forma or packing list, not a final invoice.",
    "invoice_date_missing": "No issue date found on the invoice.",
    "invoice_too_old": "Issued {value}, before {expected}: older than {days} days before the "
    "notice.",
    "invoice_supplier_contact_missing": "The supplier's {missing} missing.",
    "buyer_mismatch": "Buyer {value} is not your account's name ({expected}).",
    "address_mismatch": "Address {value} is not your account's address ({expected}).",
    "name_mismatch": "Name {value} is not your account's name ({expected}).",
    "product_not_identified": "No line names the ASIN, SKU or product ({asins}).",
    "invoice_quantity_missing": "No quantities found on the invoice.",
    "invoice_quantity_short": "{asin}: the invoices cover {invoiced} units, {units_sold} were "
    "sold in the window ({short} short).",
    "asin_not_covered": "{asin}: no invoice that passes covers this ASIN.",
    "bill_date_missing": "No bill date found.",
    "bill_too_old": "Issued {value}: older than {days} days.",
    "bill_provider_missing": "The provider's name, phone or website is missing.",
    "issuer_missing": "The rights owner or issuer is not named.",
    "brand_missing": "The brand {expected} is not named.",
    "scope_missing": "It does not say what it authorises (selling the products on Amazon).",
    "document_date_missing": "No date or validity period found.",
    "document_expired": "Expired on {value}, before {expected}.",
    "not_yet_valid": "Valid only from {value}, after the notice date {expected}.",
}


def message(finding: Finding) -> str:
    """The English line for a finding (unknown placeholders are left as they are)."""
    values: dict[str, Any] = {"value": finding.value or "(none)", "expected": finding.expected}
    values.update(finding.facts)
    if isinstance(values.get("missing"), list):
        names = values["missing"]
        values["missing"] = ", ".join(names) + (" is" if len(names) == 1 else " are")
    if isinstance(values.get("asins"), list):
        values["asins"] = ", ".join(values["asins"]) or "any ASIN"
    template = MESSAGES.get(finding.rule, finding.rule)
    try:
        return template.format(**values)
    except (KeyError, IndexError, ValueError):
        return template


def _account(path: Path) -> AccountIdentity:
    import json

    import yaml

    from reinstate.errors import InputError
    from reinstate.evidence import AccountIdentity

    data, _name = read_input(path, ACCOUNT_MAX_BYTES, "account")
    try:
        parsed = yaml.safe_load(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, yaml.YAMLError, json.JSONDecodeError) as exc:
        detail = " ".join(str(exc).split())[:120]
        raise InputError(f"{path.name}: not YAML or JSON ({detail})") from exc
    if not isinstance(parsed, dict):
        raise InputError(f"{path.name}: give the account as `name:` and `address:` lines.")
    account = AccountIdentity.from_json(parsed)
    if not account.names and not account.addresses:
        raise InputError(f"{path.name}: no `name` or `address` in the account file.")
    return account


def _context(
    notice: Path | None, data: Path | None, account: Path | None, today: date
) -> EvidenceContext:
    from reinstate.evidence import (
        EvidenceContext,
        notice_date_from_text,
        notice_window_days,
        products_from_report,
        units_from_report,
    )

    asins: tuple[str, ...] = ()
    notice_date = brand = window = None
    if notice is not None:
        from reinstate.notices import DEFAULT_MAX_BYTES, diagnose_bytes

        raw, name = read_input(notice, DEFAULT_MAX_BYTES, "notice")
        diagnosis = diagnose_bytes(raw, name or "", today=today)
        asins = tuple(diagnosis.asins)
        notice_date = diagnosis.sent_at.date() if diagnosis.sent_at else None
        notice_date = notice_date or notice_date_from_text(diagnosis.text)
        window = notice_window_days(diagnosis.text)
        brand = diagnosis.rights_owner.name if diagnosis.rights_owner else None
    units: dict[str, int] = {}
    products: dict[str, Any] = {}
    span = None
    partial = False
    if data is not None:
        from reinstate.analysis import analyze

        report = analyze([data], notice_asins=asins, notice_date=notice_date, today=today)
        refused = [s for s in report.sources if s.refused is not None]
        if refused and refused[0].refused is not None:
            fail(refused[0].refused.message)
        units, span, partial = units_from_report(report)
        products = products_from_report(report)
    return EvidenceContext(
        today=today,
        notice_date=notice_date,
        invoice_max_age_days=window,
        asins=asins,
        units_sold=units,
        units_window=span,
        units_partial=partial,
        products=products,
        account=_account(account) if account is not None else None,
        brand=brand,
    )


def _print(report: EvidenceReport, console: Console) -> None:
    from rich.markup import escape
    from rich.table import Table

    for result in report.documents:
        reading = result.reading
        mark = "[green]✓ passes[/]" if result.passed else "[bold red]✗ fails[/]"
        console.print(
            f"\n[bold]{escape(reading.name)}[/]  {mark}  {reading.kind} · {result.proves or '—'}"
            f" · {reading.page_count} page(s) read by {reading.read_by}"
        )
        grid = Table.grid(padding=(0, 2))
        grid.add_column(style="dim")
        grid.add_column(overflow="fold")
        issue = reading.fields.get("issue_date")
        rows = [
            ("issue date", issue.value if issue else "—"),
            ("supplier", reading.supplier.name.text if reading.supplier.name else "—"),
            ("buyer", reading.buyer.name.text if reading.buyer.name else "—"),
        ]
        rows += [
            (f"item p{i.page}", f"{', '.join(i.identifiers) or i.description[:40]} × {i.quantity}")
            for i in reading.line_items[:10]
        ]
        for key, value in rows:
            grid.add_row(key, escape(str(value)))
        console.print(grid)
        for finding in result.findings:
            _print_finding(finding, console)
    if report.findings:
        console.print("\n[bold]The documents together[/]")
        for finding in report.findings:
            _print_finding(finding, console)
    verdict = "[green]All documents pass.[/]" if report.passed else "[red]Not ready to send.[/]"
    console.print(f"\n{verdict}")


def _print_finding(finding: Finding, console: Console) -> None:
    from rich.markup import escape

    style = {"high": "bold red", "medium": "yellow"}.get(finding.severity.value, "cyan")
    where = f" (page {finding.page})" if finding.page else ""
    console.print(
        f"  [{style}]{finding.rule}[/]{where}: {escape(message(finding))}", highlight=False
    )


def check_command(
    files: Annotated[list[Path], typer.Argument(help="Documents: PDF, JPEG, PNG, GIF or TIFF.")],
    notice: Annotated[
        Path | None,
        typer.Option("--notice", help="Amazon's notice: its date, ASINs and invoice window."),
    ] = None,
    data: Annotated[
        Path | None,
        typer.Option("--data", help="Folder of Seller Central exports: units sold per ASIN."),
    ] = None,
    account: Annotated[
        Path | None,
        typer.Option("--account", help="YAML or JSON with the account's name and address."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the JSON report.")] = False,
    today_text: Annotated[
        str, typer.Option("--today", help="Count ages from this day (YYYY-MM-DD).")
    ] = "",
    max_mb: Annotated[
        int,
        typer.Option(
            "--max-mb",
            envvar="REINSTATE_EVIDENCE_MAX_MB",
            min=1,
            help="Most MB one document may have.",
        ),
    ] = 20,
) -> None:
    """Read evidence documents and check them against Amazon's rules."""
    from rich.console import Console

    from reinstate.errors import ReinstateError
    from reinstate.evidence import ReadLimits, Submitted, check_evidence, read_document

    try:
        today = date.fromisoformat(today_text) if today_text else date.today()
    except ValueError:
        fail("--today must be a date written YYYY-MM-DD")
    if data is not None and not data.is_dir():
        fail(f"--data: {data} is not a folder of exports")
    limits = ReadLimits(max_bytes=max_mb * 1024 * 1024)
    console = Console(stderr=as_json)
    try:
        context = _context(notice, data, account, today)
        documents = []
        for path in files:
            raw, name = read_input(path, limits.max_bytes, "document")
            documents.append(Submitted(read_document(raw, name or "stdin", limits=limits)))
    except ReinstateError as exc:
        fail(exc.message)
    report = check_evidence(documents, context)
    if as_json:
        print_json(report.to_json())
        return
    _print(report, console)


evidence_app = typer.Typer(
    name="evidence",
    help="Read evidence documents and test them against Amazon's rules.",
    no_args_is_help=True,
)
evidence_app.command("check")(check_command)


def register(app: typer.Typer) -> None:
    app.add_typer(evidence_app, name="evidence")
