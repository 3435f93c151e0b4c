"""A local OAuth2 provider that plays Google and Microsoft: the token endpoint (authorisation
code with PKCE, refresh with rotated refresh tokens), the consent page (it agrees at once), and
the introspection endpoint dovecot asks to accept an XOAUTH2 sign-in. Real HTTP on loopback:
the product talks to it exactly as to Google's or Microsoft's servers."""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit


@dataclass
class OAuthProvider:
    url: str = ""
    # access token -> user name; refresh token -> user name; code -> (user, challenge)
    access: dict[str, str] = field(default_factory=dict)
    refresh: dict[str, str] = field(default_factory=dict)
    codes: dict[str, tuple[str, str]] = field(default_factory=dict)
    requests: list[dict[str, str]] = field(default_factory=list)
    lifetime: int = 3600
    rotate: bool = True  # answer every refresh with a new refresh token (as Microsoft does)
    user: str = ""  # who signs in at the consent page

    @property
    def authorize_url(self) -> str:
        return f"{self.url}/authorize"

    @property
    def token_url(self) -> str:
        return f"{self.url}/token"

    @property
    def introspection_url(self) -> str:
        return f"{self.url}/introspect"

    def issue(self, user: str) -> tuple[str, str]:
        """An access token and a refresh token for ``user`` (as after a sign-in)."""
        access, refresh = secrets.token_urlsafe(16), secrets.token_urlsafe(16)
        self.access[access] = user
        self.refresh[refresh] = user
        return access, refresh

    def revoke(self, token: str) -> None:
        self.access.pop(token, None)
        self.refresh.pop(token, None)

    # -- the endpoints --------------------------------------------------------------------
    def token(self, form: dict[str, str]) -> tuple[int, dict[str, object]]:
        grant = form.get("grant_type")
        if grant == "authorization_code":
            user, challenge = self.codes.pop(form.get("code", ""), ("", ""))
            verifier = form.get("code_verifier", "")
            digest = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest())
            if not user or digest.rstrip(b"=").decode() != challenge:
                return 400, {"error": "invalid_grant"}
        elif grant == "refresh_token":
            user = self.refresh.get(form.get("refresh_token", ""), "")
            if not user:
                return 400, {"error": "invalid_grant", "error_description": "Token revoked"}
            if self.rotate:
                self.refresh.pop(form["refresh_token"])
        else:
            return 400, {"error": "unsupported_grant_type"}
        access = secrets.token_urlsafe(16)
        self.access[access] = user
        answer: dict[str, object] = {
            "access_token": access,
            "expires_in": self.lifetime,
            "token_type": "Bearer",
        }
        if grant == "authorization_code" or self.rotate:
            refresh = secrets.token_urlsafe(16)
            self.refresh[refresh] = user
            answer["refresh_token"] = refresh
        return 200, answer

    def authorize(self, query: dict[str, str]) -> str:
        """The consent page: agrees at once and sends the browser back with a code."""
        code = secrets.token_urlsafe(12)
        self.codes[code] = (self.user or query.get("login_hint", ""), query["code_challenge"])
        back = {"code": code, "state": query.get("state", "")}
        return f"{query['redirect_uri']}?{urlencode(back)}"


class _Handler(BaseHTTPRequestHandler):
    provider: OAuthProvider

    def log_message(self, format: str, *args: object) -> None:
        return

    def _reply(self, status: int, body: dict[str, object]) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        if parts.path != "/authorize":
            self._reply(404, {"error": "not_found"})
            return
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        self.provider.requests.append({"path": "/authorize", **query})
        self.send_response(302)
        self.send_header("Location", self.provider.authorize(query))
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
        self.provider.requests.append({"path": self.path, **form})
        if self.path == "/token":
            self._reply(*self.provider.token(form))
        elif self.path == "/introspect":
            user = self.provider.access.get(form.get("token", ""))
            self._reply(200, {"active": True, "username": user} if user else {"active": False})
        else:
            self._reply(404, {"error": "not_found"})


@contextmanager
def running_oauth_provider() -> Iterator[OAuthProvider]:
    provider = OAuthProvider()
    handler = type("Handler", (_Handler,), {"provider": provider})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    provider.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield provider
    finally:
        server.shutdown()
        server.server_close()
