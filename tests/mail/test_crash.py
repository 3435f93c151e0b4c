"""A job worker killed (SIGKILL) at any point of a poll loses and doubles nothing: the next
poll delivers exactly what the killed one had not, and tells the people once."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.mail import messages
from tests.mail.dovecot import PASSWORD, Dovecot

pytestmark = [pytest.mark.realserver, pytest.mark.xdist_group("dovecot"), pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]


def _worker(data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "REINSTATE_DATA_DIR": str(data),
        "REINSTATE_SECRET_KEY": "a-test-secret-key-for-the-crash-tests-only-0123456789",
        "REINSTATE_DEBUG": "false",
        "REINSTATE_JOBS_IMMEDIATE": "true",
        "REINSTATE_SMTP_HOST": "",  # e-mails are written to DATA_DIR/outbox
        "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
    }
    return subprocess.run(
        [sys.executable, "-m", "tests.mail.web_worker", *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.mark.parametrize("kill_at", ["ledger", "notice", "told"])
def test_a_killed_worker_loses_and_doubles_nothing(
    dovecot: Dovecot, imap_user: str, tmp_path: Path, kill_at: str
) -> None:
    notice_id = messages.message_id()
    setup = _worker(
        tmp_path, "setup", dovecot.host, str(dovecot.port), imap_user, PASSWORD, notice_id
    )
    assert setup.returncode == 0, setup.stderr
    dovecot.append(imap_user, messages.answer("acknowledged", in_reply_to=notice_id))
    dovecot.append(imap_user, messages.answer("reinstated", in_reply_to=notice_id))

    killed = _worker(tmp_path, "poll", "--kill-at", kill_at)
    assert killed.returncode == -9, killed.stderr
    after = _worker(tmp_path, "poll")
    assert after.returncode == 0, after.stderr
    again = _worker(tmp_path, "poll")
    assert again.returncode == 0, again.stderr

    state = json.loads(_worker(tmp_path, "state").stdout)
    assert state == {
        "status": "reinstated",
        "replies": ["acknowledged", "reinstated"],
        "ledger": ["done", "done"],
        "told": 2,
    }
    outbox = list((tmp_path / "outbox").glob("*"))
    told = "".join(p.read_text(errors="replace") for p in outbox)
    assert told.count("Subject: Reinstate: Amazon reinstated the account or listing") == 1
    assert told.count("Subject: Reinstate: Amazon received the appeal and is reviewing it") == 1
