"""``reinstate diagnose`` as a process: the JSON contract, the summary, exit status 2."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "notices"
CONTRACT_KEYS = [
    "kind",
    "language",
    "marketplace",
    "scope",
    "category",
    "categories",
    "reply_outcome",
    "asins",
    "order_ids",
    "requested_documents",
    "deadlines",
    "channel",
]


def _run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-c", "from reinstate.cli.main import run; run()", "diagnose", *args],
        input=stdin,
        capture_output=True,
        timeout=60,
        check=False,
    )


def test_it_prints_the_contract_json_with_the_required_keys_in_order() -> None:
    result = _run(str(FIXTURES / "de_inauthentic_account.txt"), "--json")
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    assert list(payload)[: len(CONTRACT_KEYS)] == CONTRACT_KEYS
    assert payload["kind"] == "notice"
    assert payload["category"] == "inauthentic"
    assert payload["categories"][0]["code"] == "inauthentic"
    assert 0 < payload["categories"][0]["confidence"] <= 1
    assert payload["categories"][0]["evidence"]
    assert payload["deadlines"][0]["days"] == 17
    assert payload["deadlines"][0]["text"]
    assert set(payload["channel"]) == {"kind", "address"}
    assert payload["asins"] == ["B07PQRT5XY"]


def test_it_reads_standard_input() -> None:
    data = (FIXTURES / "reply_denied_en.txt").read_bytes()
    result = _run("-", "--json", stdin=data)
    assert result.returncode == 0
    payload = json.loads(result.stdout)
    assert payload["kind"] == "reply"
    assert payload["category"] is None
    assert payload["reply_outcome"] == "denied"


def test_it_prints_a_chinese_summary() -> None:
    result = _run(str(FIXTURES / "en_trademark_listing.txt"), "--lang", "zh-hans")
    assert result.returncode == 0
    out = result.stdout.decode()
    assert "商标侵权投诉" in out
    assert "B08L5M9RTQ" in out


def test_it_exits_2_with_one_line_for_unreadable_input() -> None:
    for args, stdin in (
        (["-", "--json"], b""),
        (["-", "--json"], b"%PDF-1.4 binary"),
        ([str(FIXTURES / "no-such-file.eml")], None),
        ([str(FIXTURES / "en_tracking_warning.txt"), "--lang", "fr"], None),
    ):
        result = _run(*args, stdin=stdin)
        assert result.returncode == 2
        assert result.stdout == b""
        err = result.stderr.decode().strip()
        assert err.startswith("reinstate: error:")
        assert "\n" not in err
        assert "Traceback" not in err
