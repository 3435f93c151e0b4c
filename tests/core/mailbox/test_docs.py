"""The mailbox command, its options, settings and codes are documented (a test fails first)."""

from __future__ import annotations

from pathlib import Path

import typer

from reinstate.cli.main import app
from reinstate.mailbox.errors import CODES

ROOT = Path(__file__).resolve().parents[3]
CONTRACTS = (ROOT / "docs" / "contracts.md").read_text(encoding="utf-8")
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_option_of_mailbox_sync_is_in_the_contracts() -> None:
    command = typer.main.get_command(app)
    sync = command.commands["mailbox"].commands["sync"]  # type: ignore[attr-defined]
    options = {name for param in sync.params for name in (*param.opts, *param.secondary_opts)}
    assert options - {"--help"}
    missing = sorted(o for o in options - {"--help"} if f"{o}" not in CONTRACTS)
    assert not missing, f"document in docs/contracts.md: {missing}"


def test_every_error_code_is_in_the_contracts() -> None:
    assert not sorted(code for code in CODES if f"`{code}`" not in CONTRACTS)


def test_the_readme_explains_connecting_a_mailbox() -> None:
    assert "### Connecting a mailbox" in README
    assert "reinstate mailbox sync" in README
    for provider in ("QQ Mail", "163 Mail", "Gmail", "Outlook"):
        assert provider in README
