"""``reinstate mailbox sync``: take Amazon's new messages from an IMAP mailbox once.

    reinstate mailbox sync --host imap.qq.com --port 993 --user me@qq.com \\
        --password-file code.txt --state mailbox.state --json

Reads the folder read-only (EXAMINE and BODY.PEEK: nothing is marked read, moved or deleted),
takes the messages from Amazon's sender list and the replies in a thread already taken,
diagnoses each and remembers it in the ledger at ``--state`` (a SQLite file). With ``--json``
it prints one JSON object a line per message taken (contracts.md); run again on an unchanged
mailbox, it prints nothing. Any failure is one ``reinstate: error:`` line and exit status 2.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer

from reinstate.cli.output import fail, read_input

mailbox_app = typer.Typer(
    help="Watch a mailbox for Amazon's answers (step 6).",
    no_args_is_help=True,
    add_completion=False,
)

_PASSWORD_LIMIT = 4096


def _password(path: Path) -> str:
    data, _name = read_input(path, _PASSWORD_LIMIT, "password")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        fail(f"{path}: the password file is not UTF-8 text.")
    lines = text.splitlines()
    password = lines[0] if lines else ""
    if not password:
        fail(f"{path}: the password file is empty (the password goes on its first line).")
    return password


def _summary_line(result: dict[str, object]) -> str:
    what = str(result["kind"] or "unreadable")
    if result.get("reply_outcome"):
        what += f" · {result['reply_outcome']}"
    elif result.get("category"):
        what += f" · {result['category']}"
    problem = result.get("problem")
    if isinstance(problem, dict):
        what += f" ({problem.get('detail')})"
    return f"UID {result['uid']}  {what}  “{result['subject']}”  from {result['from']}"


@mailbox_app.command("sync")
def sync_command(
    host: str = typer.Option(..., "--host", help="IMAP server, e.g. imap.qq.com."),
    port: int = typer.Option(0, "--port", help="IMAP port (default 993 with --ssl, else 143)."),
    use_ssl: bool = typer.Option(
        True, "--ssl/--no-ssl", help="TLS from the start (port 993); --no-ssl: plain IMAP."
    ),
    user: str = typer.Option(..., "--user", help="User name, usually the e-mail address."),
    password_file: str = typer.Option(
        ...,
        "--password-file",
        help="File whose first line is the password, app password or authorisation code.",
    ),
    folder: str = typer.Option("INBOX", "--folder", help="Folder to watch."),
    state: str = typer.Option(
        ..., "--state", help="Ledger file (SQLite), created on the first run; keep it."
    ),
    as_json: bool = typer.Option(False, "--json", help="One JSON object a line per message taken."),
    timeout: float = typer.Option(30.0, "--timeout", help="Seconds allowed per server answer."),
) -> None:
    """Take Amazon's new messages from an IMAP folder once and remember them in --state."""
    from reinstate.mailbox import MailboxError, Password, Server, Session, sync
    from reinstate.mailbox.ledger import Taken
    from reinstate.mailbox.state_file import FileLedger, result_of
    from reinstate.mailbox.sync import SyncOptions

    if not 0 <= port <= 65535:
        fail("--port must be between 1 and 65535.")
    if timeout <= 0:
        fail("--timeout must be more than 0 seconds.")
    port = port or (993 if use_ssl else 143)
    password = _password(Path(password_file))

    def deliver(taken: Taken) -> None:
        result = result_of(taken)
        line = json.dumps(result, ensure_ascii=False) if as_json else _summary_line(result)
        sys.stdout.write(line + "\n")
        sys.stdout.flush()  # printed before the ledger commits it (at least once)

    ledger = FileLedger(Path(state), deliver=deliver)
    server = Server(host, port, ssl=use_ssl, timeout=timeout)
    own = frozenset({user.lower()}) if "@" in user else frozenset()
    try:
        with Session(server, user, Password(password)) as session:
            report = sync(
                session,
                ledger,
                f"{user}@{host}:{port}",
                folder,
                options=SyncOptions(own_addresses=own),
            )
    except MailboxError as exc:
        kind = "temporary: try again later" if exc.temporary else "fix this, then run again"
        where = "" if f"{host}:{port}" in exc.message else f"{host}:{port}: "
        fail(f"{where}{exc.message} ({exc.code}; {kind})")
    finally:
        ledger.close()
    if not as_json:
        count = len(report.delivered)
        sys.stdout.write(
            f"{count} new message(s) from Amazon; {report.looked_at} new message(s) looked at"
            f"{' (the folder was renumbered: looked at again)' if report.rescanned else ''}.\n"
        )


def register(app: typer.Typer) -> None:
    app.add_typer(mailbox_app, name="mailbox")
