"""An IMAP server that refuses every sign-in with the words a real provider uses (QQ Mail,
163, Gmail, Outlook): dovecot cannot be made to say them. It speaks just enough IMAP for a
client to connect, ask the capabilities and try to sign in."""

from __future__ import annotations

import socketserver
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

# The refusals as the providers word them (quoted in their help pages and mail clients' issues).
REFUSALS = {
    "qq_authorization_code": "Login fail. Please using authorized code to login.",
    "gmail_app_password": (
        "[ALERT] Application-specific password required: "
        "https://support.google.com/accounts/answer/185833 (Failure)"
    ),
    "gmail_imap_off": (
        "[ALERT] Your account is not enabled for IMAP use. Please visit your Gmail settings page "
        "and enable your account for IMAP access. (Failure)"
    ),
    "netease_unsafe": "Unsafe Login. Please contact kefu@188.com for help",
    "outlook_basic_off": "LOGIN failed.",
}


@dataclass
class RefusingServer:
    host: str
    port: int
    refusal: str


class _Handler(socketserver.StreamRequestHandler):
    refusal = ""

    def _send(self, line: str) -> None:
        self.wfile.write(line.encode() + b"\r\n")

    def handle(self) -> None:
        self._send("* OK [CAPABILITY IMAP4rev1 ID AUTH=PLAIN AUTH=XOAUTH2] ready")
        while True:
            line = self.rfile.readline(65536).decode(errors="replace").strip()
            if not line:
                return
            tag, _, rest = line.partition(" ")
            command = rest.split(" ", 1)[0].upper()
            if command == "CAPABILITY":
                self._send("* CAPABILITY IMAP4rev1 ID AUTH=PLAIN AUTH=XOAUTH2")
                self._send(f"{tag} OK CAPABILITY completed")
            elif command in ("LOGIN", "AUTHENTICATE"):
                self._send(f"{tag} NO {self.refusal}")
            elif command == "LOGOUT":
                self._send("* BYE")
                self._send(f"{tag} OK LOGOUT completed")
                return
            else:
                self._send(f"{tag} BAD not here")


@contextmanager
def refusing_imap(refusal: str) -> Iterator[RefusingServer]:
    handler = type("Handler", (_Handler,), {"refusal": REFUSALS[refusal]})
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield RefusingServer("127.0.0.1", int(server.server_address[1]), REFUSALS[refusal])
    finally:
        server.shutdown()
        server.server_close()
