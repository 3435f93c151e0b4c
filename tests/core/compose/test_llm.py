"""The optional language-model client against a real HTTP server on localhost."""

from __future__ import annotations

import contextlib
import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from reinstate.compose import Choices, compose
from reinstate.compose.kb import KnowledgeBase
from reinstate.errors import InputError, ServiceError, TemporaryServiceError
from reinstate.llm import ChatClient, LanguageModel, rephrase_answer

from .cases import late_shipment_case


@dataclass
class Script:
    """What the fake model server answers next, and what it was sent."""

    status: int = 200
    content: str = "Shenzhen Huake Trading Co., Ltd."
    raw: bytes | None = None
    delay: float = 0.0
    requests: list[dict[str, Any]] = field(default_factory=list)
    headers: list[dict[str, str]] = field(default_factory=list)


def _handler(script: Script) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            script.requests.append(json.loads(self.rfile.read(length)))
            script.headers.append(dict(self.headers))
            if script.delay:
                time.sleep(script.delay)
            body = script.raw
            if body is None:
                answer = {
                    "choices": [{"message": {"role": "assistant", "content": script.content}}]
                }
                body = json.dumps(answer).encode()
            self.send_response(script.status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            with contextlib.suppress(BrokenPipeError):  # the client gave up (timeout test)
                self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            return

    return Handler


@pytest.fixture
def server() -> Iterator[tuple[Script, str]]:
    script = Script()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(script))
    thread = threading.Thread(target=httpd.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    try:
        yield script, f"http://127.0.0.1:{httpd.server_address[1]}/v1"
    finally:
        httpd.shutdown()
        httpd.server_close()


def _client(url: str, **kwargs: Any) -> ChatClient:
    return ChatClient(LanguageModel(url, "qwen2.5:7b", **kwargs))


def test_it_rephrases_an_answer_into_english(server: tuple[Script, str]) -> None:
    script, url = server
    with _client(url, api_key="sk-local-test") as client:
        result = rephrase_answer("深圳华科贸易有限公司", client, question="Who is the supplier?")
    assert result.text == "Shenzhen Huake Trading Co., Ltd."  # the stop of "Ltd." stays
    assert result.machine_written
    assert result.source_text == "深圳华科贸易有限公司"
    assert result.accepted
    sent = script.requests[0]
    assert sent["model"] == "qwen2.5:7b"
    assert sent["temperature"] == 0.0
    assert "深圳华科贸易有限公司" in sent["messages"][-1]["content"]
    assert script.headers[0]["Authorization"] == "Bearer sk-local-test"


def test_it_sends_no_key_to_a_local_server_without_one(server: tuple[Script, str]) -> None:
    script, url = server
    with _client(url) as client:
        client.complete([{"role": "user", "content": "hello"}])
    assert "Authorization" not in script.headers[0]


def test_it_runs_the_letter_checks_on_the_phrase(server: tuple[Script, str]) -> None:
    script, url = server
    script.content = "Please give us a second chance, we beg you!!!"
    with _client(url) as client:
        result = rephrase_answer("求求你们给我们一次机会", client)
    assert result.findings
    assert not result.accepted


@pytest.mark.parametrize(
    ("status", "error"),
    [(500, TemporaryServiceError), (429, TemporaryServiceError), (401, ServiceError)],
)
def test_it_translates_http_errors(
    server: tuple[Script, str], status: int, error: type[Exception]
) -> None:
    script, url = server
    script.status = status
    with _client(url) as client, pytest.raises(error):
        client.complete([{"role": "user", "content": "hello"}])


def test_it_times_out_as_a_temporary_error(server: tuple[Script, str]) -> None:
    script, url = server
    script.delay = 1.0
    with _client(url, read_timeout=0.2) as client, pytest.raises(TemporaryServiceError):
        client.complete([{"role": "user", "content": "hello"}])


def test_it_reports_an_unreachable_server_as_temporary() -> None:
    client = _client("http://127.0.0.1:9/v1", connect_timeout=0.5)
    with client, pytest.raises(TemporaryServiceError):
        client.complete([{"role": "user", "content": "hello"}])


def test_it_refuses_an_answer_that_is_not_a_chat_completion(server: tuple[Script, str]) -> None:
    script, url = server
    script.raw = b"<html>gateway</html>"
    with _client(url) as client, pytest.raises(ServiceError, match="not a chat completion"):
        client.complete([{"role": "user", "content": "hello"}])


def test_it_refuses_a_reply_still_in_chinese(server: tuple[Script, str]) -> None:
    script, url = server
    script.content = "深圳华科贸易有限公司"
    with _client(url) as client, pytest.raises(ServiceError, match="usable English"):
        rephrase_answer("深圳华科贸易有限公司", client)


def test_it_needs_something_to_rephrase(server: tuple[Script, str]) -> None:
    _, url = server
    with _client(url) as client, pytest.raises(InputError):
        rephrase_answer("   ", client)


def test_it_never_shows_the_key() -> None:
    assert "secret" not in repr(LanguageModel("http://x/v1", "m", api_key="secret"))


def test_a_machine_written_answer_is_marked_in_the_draft(server: tuple[Script, str]) -> None:
    from .cases import FIXTURE_KB

    script, url = server
    script.content = "DHL Express"
    with _client(url) as client:
        result = rephrase_answer("敦豪快递", client, question="Which carrier picks up?")
    facts = late_shipment_case(
        answers={**late_shipment_case().answers, "carrier_name": result.as_answer()}
    )
    picks = Choices(root_causes=("single_pickup",))
    appeal = compose(facts, kb=KnowledgeBase.from_directory(FIXTURE_KB), choices=picks)
    assert "DHL Express" in appeal.letter
    assert "machine_written:carrier_name" in {q.id for q in appeal.open_questions}


@pytest.mark.parametrize(
    ("source", "reply", "expected"),
    [
        (
            "我们把库存移到了单独的仓库",
            "We moved the stock to a separate warehouse.",
            "We moved the stock to a separate warehouse",
        ),
        ("Acme Inc.", "Acme Inc.", "Acme Inc."),
        ("Lumora Brands Pte.", "Lumora Brands Pte.", "Lumora Brands Pte."),
        ("Lumora Brands Pte", "Lumora Brands Pte.", "Lumora Brands Pte"),
        ("我们在美国注册", "We are registered in the U.S.", "We are registered in the U.S."),
    ],
)
def test_it_strips_only_the_full_stop_the_model_added(
    server: tuple[Script, str], source: str, reply: str, expected: str
) -> None:
    script, url = server
    script.content = reply
    with _client(url) as client:
        assert rephrase_answer(source, client).text == expected
