"""``reinstate mailbox sync`` as a user runs it, against a real dovecot."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.core.cli_process import run_reinstate
from tests.mail import messages
from tests.mail.dovecot import PASSWORD, Dovecot, free_port

pytestmark = [pytest.mark.realserver, pytest.mark.xdist_group("dovecot")]

KEYS = ["uid", "uidvalidity", "message_id", "from", "subject", "kind", "category"]
KEYS += ["reply_outcome", "asins"]


def _args(dovecot: Dovecot, user: str, tmp_path: Path, *extra: str) -> list[str]:
    password = tmp_path / "password.txt"
    password.write_text(PASSWORD + "\n")
    return [
        "mailbox",
        "sync",
        "--host",
        dovecot.host,
        "--port",
        str(dovecot.port),
        "--no-ssl",
        "--user",
        user,
        "--password-file",
        str(password),
        "--state",
        str(tmp_path / "mailbox.state"),
        *extra,
    ]


def _lines(stdout: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in stdout.splitlines() if line.strip()]


def test_it_prints_one_json_object_per_message_from_amazon(
    dovecot: Dovecot, imap_user: str, tmp_path: Path
) -> None:
    dovecot.append(imap_user, messages.notice())
    dovecot.append(imap_user, messages.newsletter())
    dovecot.append(imap_user, messages.answer("conditional"))

    result = run_reinstate(*_args(dovecot, imap_user, tmp_path, "--json"))

    assert result.returncode == 0, result.stderr
    printed = _lines(result.stdout)
    assert [list(p)[: len(KEYS)] for p in printed] == [KEYS, KEYS]
    assert [(p["kind"], p["category"], p["reply_outcome"]) for p in printed] == [
        ("notice", "inauthentic", None),
        ("reply", None, "other"),  # "accepted. However ... remains deactivated": not reinstated
    ]
    assert printed[0]["asins"] == [messages.ASIN]
    assert all(isinstance(p["uidvalidity"], int) and p["uid"] for p in printed)


def test_it_prints_nothing_for_an_unchanged_mailbox(
    dovecot: Dovecot, imap_user: str, tmp_path: Path
) -> None:
    dovecot.append(imap_user, messages.answer("reinstated"))
    assert len(_lines(run_reinstate(*_args(dovecot, imap_user, tmp_path, "--json")).stdout)) == 1

    again = run_reinstate(*_args(dovecot, imap_user, tmp_path, "--json"))

    assert again.returncode == 0
    assert again.stdout == ""
    assert again.stderr == ""


def test_it_prints_a_summary_without_json(dovecot: Dovecot, imap_user: str, tmp_path: Path) -> None:
    dovecot.append(imap_user, messages.answer("denied"))
    result = run_reinstate(*_args(dovecot, imap_user, tmp_path))
    assert result.returncode == 0
    assert "reply · denied" in result.stdout
    assert "1 new message(s) from Amazon" in result.stdout


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ("password", "(wrong_password; fix this, then run again)"),
        ("closed_port", "refused the connection (unreachable; temporary: try again later)"),
        ("ssl_on_plain_port", "(tls; fix this, then run again)"),
        ("untrusted_certificate", "certificate is not valid"),
        ("folder", "(folder_missing; fix this, then run again)"),
    ],
)
def test_it_stops_with_one_line_on_a_mailbox_error(
    dovecot: Dovecot, imap_user: str, tmp_path: Path, change: str, expected: str
) -> None:
    args = _args(dovecot, imap_user, tmp_path, "--timeout", "5")
    if change == "password":
        (tmp_path / "password.txt").write_text("not-the-password\n")
    elif change == "closed_port":
        args[args.index("--port") + 1] = str(free_port())
    elif change == "ssl_on_plain_port":
        args[args.index("--no-ssl")] = "--ssl"
    elif change == "untrusted_certificate":
        args[args.index("--no-ssl")] = "--ssl"
        args[args.index("--port") + 1] = str(dovecot.tls_port)
    else:
        args += ["--folder", "No such folder"]

    result = run_reinstate(*args)

    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith("reinstate: error: ")
    assert result.stderr.count("\n") == 1, result.stderr
    assert expected in result.stderr
    assert result.stderr.count(f"{dovecot.host}:") == 1  # the server is named once
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("problem", ["missing_password_file", "foreign_state_file"])
def test_it_refuses_bad_files_with_one_line(
    dovecot: Dovecot, imap_user: str, tmp_path: Path, problem: str
) -> None:
    args = _args(dovecot, imap_user, tmp_path)
    if problem == "missing_password_file":
        args[args.index("--password-file") + 1] = str(tmp_path / "nowhere.txt")
    else:
        (tmp_path / "mailbox.state").write_text("my notes, not a database\n" * 200)

    result = run_reinstate(*args)

    assert result.returncode == 2
    assert result.stderr.startswith("reinstate: error: ")
    assert result.stderr.count("\n") == 1
    assert (tmp_path / "mailbox.state").exists() == (problem == "foreign_state_file")


# Kills the command with SIGKILL at the ``kill_at``-th body fetch: 1 is after the ledger has
# recorded the new messages and before anything was delivered; 2 is after the first delivery.
_KILLED_RUN = """
import os, signal, sys
from reinstate.mailbox import imap
original = imap.Session.message
calls = [0]
def message(self, *args, **kwargs):
    calls[0] += 1
    if calls[0] == {kill_at}:
        os.kill(os.getpid(), signal.SIGKILL)
    return original(self, *args, **kwargs)
imap.Session.message = message
from reinstate.cli.main import run
run({args!r})
"""


@pytest.mark.parametrize("kill_at", [1, 2, 3])
def test_a_killed_run_loses_and_doubles_nothing(
    dovecot: Dovecot, imap_user: str, tmp_path: Path, kill_at: int
) -> None:
    for outcome in ("reinstated", "denied", "acknowledged"):
        dovecot.append(imap_user, messages.answer(outcome))
    args = _args(dovecot, imap_user, tmp_path, "--json")

    killed = subprocess.run(
        [sys.executable, "-c", _KILLED_RUN.format(kill_at=kill_at, args=args)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert killed.returncode == -9
    after = run_reinstate(*args)
    assert after.returncode == 0, after.stderr

    printed = _lines(killed.stdout) + _lines(after.stdout)
    assert sorted(str(p["reply_outcome"]) for p in printed) == [
        "acknowledged",
        "denied",
        "reinstated",
    ]
    assert len(_lines(killed.stdout)) == kill_at - 1
    assert run_reinstate(*args).stdout == ""
