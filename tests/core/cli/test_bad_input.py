"""Every command, given bad input, ends in one line on stderr and exit status 2 (no traceback)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from reinstate.cli import main
from reinstate.errors import InputError
from tests.core.cli_process import run_reinstate

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
NOTICE = FIXTURES / "notices" / "en_condition_orders.txt"
FEEDBACK = FIXTURES / "reports" / "feedback_us.txt"
COMMANDS = ("diagnose", "analyze", "demo-data", "draft", "evidence", "check", "serve")


def _run(*args: str, stdin: Path | None = None) -> subprocess.CompletedProcess[str]:
    return run_reinstate(*args, stdin=stdin)


@pytest.fixture(scope="module")
def bad(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder of bad inputs: empty, binary, an image, a folder without reports, a plain file."""
    root = tmp_path_factory.mktemp("bad")
    (root / "empty.txt").write_bytes(b"")
    (root / "binary.dat").write_bytes(bytes(range(256)) * 8)
    (root / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    (root / "no-reports").mkdir()
    (root / "no-reports" / "notes.txt").write_text("Call the supplier on Monday.\n")
    (root / "empty-folder").mkdir()
    (root / "a-file").write_text("not a folder\n")
    (root / "broken.yaml").write_text("supplier_name: [unclosed\n")
    # Past every reader's byte limit (10 MB notices, 1 MB answers and letters): sparse, so the
    # test writes nothing to disk.
    with (root / "huge.txt").open("wb") as huge:
        huge.truncate(11 * 1024 * 1024)
    nested = "Subject: fwd\nContent-Type: message/rfc822\n\n" * 500 + "Subject: x\n\nbody\n"
    (root / "nested.eml").write_text(nested)
    return root


def _cases(bad: Path) -> list[list[str]]:
    missing = str(bad / "missing.eml")
    return [
        ["diagnose", str(bad / "empty.txt")],
        ["diagnose", str(bad / "binary.dat")],
        ["diagnose", str(bad / "image.png")],
        ["diagnose", missing],
        ["diagnose", str(bad / "no-reports")],
        ["diagnose", "--json"],
        ["diagnose", str(NOTICE), "--lang", "fr"],
        ["diagnose", str(NOTICE), "--today", "2026-13-40"],
        ["analyze", str(bad / "empty.txt")],
        ["analyze", str(bad / "binary.dat")],
        ["analyze", missing],
        ["analyze", str(bad / "no-reports")],
        ["analyze", str(bad / "empty-folder"), "--json"],
        ["analyze", str(FEEDBACK), "--notice", str(bad / "binary.dat")],
        ["analyze", str(FEEDBACK), "--notice", missing],
        ["analyze", str(FEEDBACK), "--charts", str(bad / "a-file")],
        ["analyze"],
        ["demo-data", str(bad / "a-file")],
        ["demo-data", str(bad / "out"), "--orders", "5"],
        ["demo-data", str(bad / "out"), "--today", "yesterday"],
        ["draft", "--notice", str(bad / "empty.txt")],
        ["draft", "--notice", str(bad / "binary.dat")],
        ["draft", "--notice", missing],
        ["draft", "--notice", str(bad / "no-reports")],
        ["draft", "--notice", str(NOTICE), "--answers", str(bad / "broken.yaml")],
        ["draft", "--notice", str(NOTICE), "--data", str(bad / "no-reports")],
        ["draft", "--notice", str(NOTICE), "--out", str(bad / "letter.rtf")],
        ["draft"],
        ["check", str(bad / "empty.txt")],
        ["check", str(bad / "binary.dat")],
        ["check", str(bad / "image.png")],
        ["check", missing],
        ["check", str(bad / "no-reports")],
        ["check", str(NOTICE), "--notice", str(bad / "binary.dat")],
        ["no-such-command"],
        # Oversized and endless input, every reader (issue 13: one byte limit for all of them).
        ["diagnose", str(bad / "huge.txt")],
        ["analyze", str(FEEDBACK), "--notice", str(bad / "huge.txt")],
        ["draft", "--notice", str(bad / "huge.txt")],
        ["draft", "--notice", str(NOTICE), "--answers", str(bad / "huge.txt")],
        ["check", str(bad / "huge.txt")],
        ["check", str(NOTICE), "--notice", str(bad / "huge.txt")],
        ["diagnose", "/dev/zero"],
        ["check", "/dev/zero"],
        # Deep structures: 500 forwards nested in one another.
        ["diagnose", str(bad / "nested.eml")],
        ["draft", "--notice", str(bad / "nested.eml")],
    ]


STREAMS = [["diagnose", "-"], ["check", "-"], ["draft", "--notice", "-"]]


def test_it_ends_every_bad_input_in_one_line_and_status_2(bad: Path) -> None:
    failures = []
    for args in _cases(bad):
        result = _run(*args)
        lines = result.stderr.splitlines()
        ok = (
            result.returncode == 2
            and len(lines) == 1
            and lines[0].startswith("reinstate: error: ")
            and "Traceback" not in result.stderr
        )
        if not ok:
            failures.append((args[:2], result.returncode, result.stderr[-300:]))
    assert failures == []


@pytest.mark.parametrize("args", STREAMS, ids=" ".join)
def test_it_refuses_an_endless_standard_input_in_one_line(args: list[str]) -> None:
    result = _run(*args, stdin=Path("/dev/zero"))
    assert result.returncode == 2
    assert result.stderr.startswith("reinstate: error: ")
    assert len(result.stderr.splitlines()) == 1, result.stderr
    assert "larger than" in result.stderr


def test_it_turns_our_errors_escaping_a_command_into_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def escaping(**_: object) -> None:
        raise InputError("The file\nis not a notice.")

    monkeypatch.setattr(main, "app", escaping)
    with pytest.raises(SystemExit) as stopped:
        main.run([])
    assert stopped.value.code == 2
    assert capsys.readouterr().err == "reinstate: error: The file is not a notice.\n"


def test_it_turns_a_file_system_error_into_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def escaping(**_: object) -> None:
        raise IsADirectoryError(21, "Is a directory", "charts")

    monkeypatch.setattr(main, "app", escaping)
    with pytest.raises(SystemExit) as stopped:
        main.run([])
    assert stopped.value.code == 2
    assert capsys.readouterr().err == "reinstate: error: charts: Is a directory\n"


def test_it_lists_every_command_with_its_short_help() -> None:
    result = _run("--help")
    assert result.returncode == 0
    listed = {}
    for line in result.stdout.splitlines():
        words = line.strip("│ ").split(maxsplit=1)
        if words and words[0] in COMMANDS:
            listed[words[0]] = words[1] if len(words) > 1 else ""
    assert set(listed) == set(COMMANDS)
    assert all(len(text) > 10 for text in listed.values()), listed


def test_it_exits_0_for_help_and_version() -> None:
    assert _run("--version").stdout.startswith("reinstate ")
    for command in COMMANDS:
        result = _run(command, "--help")
        assert result.returncode == 0, (command, result.stderr)
        assert "Usage" in result.stdout
