"""``reinstate diagnose`` as a process: the JSON contract, the summary, exit status 2."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from tests.core.cli_process import run_reinstate

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


def _run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[str]:
    return run_reinstate("diagnose", *args, stdin=stdin, timeout=60)


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
    out = result.stdout
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
        assert result.stdout == ""
        err = result.stderr.strip()
        assert err.startswith("reinstate: error:")
        assert "\n" not in err
        assert "Traceback" not in err


VAGUE = (
    b"Hello,\n\nYour Amazon seller account has been deactivated. Your listings have been "
    b"removed.\nFunds will not be transferred to you.\n"
)


def test_an_unsure_diagnosis_lists_the_candidates_and_says_how_to_choose(tmp_path: Path) -> None:
    notice = tmp_path / "vague.txt"
    notice.write_bytes(VAGUE)
    summary = _run(str(notice))
    assert summary.returncode == 0, summary.stderr
    text = summary.stdout
    assert "Not sure" in text
    assert "--category" in text
    payload = json.loads(_run(str(notice), "--json").stdout)
    assert payload["certain"] is False
    assert payload["needs_choice"] is True
    assert len(payload["categories"]) >= 2
    chinese = _run(str(notice), "--lang", "zh-hans").stdout
    assert "无法确定" in chinese


def test_draft_refuses_an_unsure_notice_until_a_category_is_chosen(tmp_path: Path) -> None:
    notice = tmp_path / "vague.txt"
    notice.write_bytes(VAGUE)
    refused = run_reinstate("draft", "--notice", str(notice), timeout=60)
    assert refused.returncode == 2
    assert "choose one with --category" in refused.stderr
    assert "Traceback" not in refused.stderr
    chosen = run_reinstate(
        "draft", "--notice", str(notice), "--category", "verification", "--json", timeout=60
    )
    assert chosen.returncode == 0, chosen.stderr
    assert json.loads(chosen.stdout)["category"] == "verification"


def test_a_configured_language_model_gives_a_second_opinion(tmp_path: Path) -> None:
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    answer = json.dumps(
        {"choices": [{"message": {"content": '{"category": "other", "reason": "No policy."}'}}]}
    ).encode()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            self.rfile.read(int(self.headers["Content-Length"]))
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

        def log_message(self, *args: object) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        notice = tmp_path / "vague.txt"
        notice.write_bytes(VAGUE)
        url = f"http://127.0.0.1:{server.server_address[1]}/v1"
        result = _run(str(notice), "--json", "--llm-url", url, "--llm-model", "local-test")
    finally:
        server.shutdown()
        server.server_close()
    assert result.returncode == 0, result.stderr
    opinion = json.loads(result.stdout)["second_opinion"]
    assert opinion == {
        "category": "other",
        "reason": "No policy.",
        "model": "local-test",
        "machine_written": True,
    }
