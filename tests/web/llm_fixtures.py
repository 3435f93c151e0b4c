"""A tiny OpenAI-compatible chat server on localhost, standing in for the seller's own model
(the outermost edge: the product speaks real HTTP to it)."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

ENGLISH_NAME = "Yiwu Jiali Trading Company"


class ChatServer(ThreadingHTTPServer):
    reply: str = ENGLISH_NAME
    requests: list[dict[str, Any]]


class _Handler(BaseHTTPRequestHandler):
    server: ChatServer

    def do_POST(self) -> None:  # the OpenAI chat-completions shape, nothing more
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.server.requests.append({"path": self.path, "body": body})
        data = json.dumps({"choices": [{"message": {"content": self.server.reply}}]}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: Any) -> None:
        return


@pytest.fixture
def chat_server() -> Iterator[ChatServer]:
    server = ChatServer(("127.0.0.1", 0), _Handler)
    server.requests = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def model_on(settings: Any, chat_server: ChatServer) -> ChatServer:
    settings.LLM_URL = f"http://127.0.0.1:{chat_server.server_address[1]}/v1"
    settings.LLM_MODEL = "tiny-test-model"
    return chat_server
