"""``reinstate bundle inspect FILE.zip [--json]``: check a case bundle without importing it.

Reads the bundle as an import would (``reinstate.bundle.read_bundle``: paths, links, entry
count, sizes and compression ratio, schema, manifest, every file's SHA-256), within the bundle
ceilings, and writes nothing. A hostile or damaged bundle ends with one ``reinstate: error:``
line and status 2.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from reinstate.cli.output import print_json

if TYPE_CHECKING:
    from reinstate.bundle import Bundle

bundle_app = typer.Typer(
    name="bundle",
    help="Case bundles: one case as a ZIP that another Reinstate installation imports.",
    no_args_is_help=True,
    add_completion=False,
)

_CASE_KEYS = ("title", "category", "status", "scope", "marketplace", "store_name", "created_at")


def summary(bundle: Bundle) -> dict[str, Any]:
    """The JSON of ``--json``: schema, what the bundle holds, every file with its hash."""
    manifest = bundle.manifest
    case = manifest.case
    account = case.get("account") if isinstance(case.get("account"), dict) else {}
    shown = {key: case.get(key) for key in _CASE_KEYS if key in case}
    if account and "store_name" not in shown:
        shown["store_name"] = account.get("store_name")
    return {
        "format": "reinstate-case-bundle",
        "schema": manifest.schema,
        "created_at": manifest.created_at,
        "generator": manifest.generator,
        "case": shown,
        "sections": manifest.counts(),
        "files": [f.to_json() for f in manifest.files],
        "total_bytes": sum(f.size for f in manifest.files),
        "verified": all(f.verified for f in manifest.files),
    }


@bundle_app.command("inspect")
def inspect(
    path: Annotated[Path, typer.Argument(help="The bundle (.zip) to check.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
) -> None:
    """Check a case bundle without importing it: schema version, what it holds, every hash.

    A bundle with an unsafe path, a link, too many or too large entries, a compression bomb,
    another schema or a file that does not match its SHA-256 is refused with one line.
    """
    from reinstate.bundle import read_bundle

    found = summary(read_bundle(path))
    if as_json:
        print_json(found)
        return
    _print(found, path)


def _print(found: dict[str, Any], path: Path) -> None:
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    console = Console(highlight=False)
    case = found["case"]
    console.print(
        f"[bold]{escape(path.name)}[/bold]: Reinstate case bundle, schema {found['schema']}, "
        f"made {escape(str(found['created_at']))} by {escape(str(found['generator']))}"
    )
    if case:
        console.print(
            "Case: " + escape(" · ".join(str(v) for v in case.values() if v not in (None, "")))
        )
    sections = Table(title="What it holds", show_header=True)
    sections.add_column("section")
    sections.add_column("records", justify="right")
    for name, count in found["sections"].items():
        sections.add_row(escape(name), f"{count:,}")
    console.print(sections)
    files = Table(title="Files", show_header=True)
    files.add_column("path")
    files.add_column("bytes", justify="right")
    files.add_column("SHA-256")
    for entry in found["files"]:
        files.add_row(escape(entry["path"]), f"{entry['size']:,}", entry["sha256"])
    console.print(files)
    console.print(
        f"[green]Every file matches its SHA-256[/green] ({len(found['files'])} files, "
        f"{found['total_bytes']:,} bytes)."
    )


def register(app: typer.Typer) -> None:
    app.add_typer(bundle_app, name="bundle")
