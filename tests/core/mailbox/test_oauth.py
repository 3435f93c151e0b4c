"""OAuth2 tokens for XOAUTH2 against a local token endpoint (real HTTP on loopback)."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import pytest

from reinstate.mailbox import oauth
from reinstate.mailbox.errors import MailboxError
from tests.mail.oauth_server import OAuthProvider, running_oauth_provider


@pytest.fixture
def provider() -> Iterator[OAuthProvider]:
    with running_oauth_provider() as found:
        yield found


def _client(provider: OAuthProvider, service: str = "microsoft") -> oauth.OAuthClient:
    return oauth.OAuthClient(
        oauth.oauth_services()[service], "client-id", "client-secret", token_url=provider.token_url
    )


def test_a_refresh_keeps_the_rotated_refresh_token(provider: OAuthProvider) -> None:
    _access, refresh = provider.issue("me@outlook.com")

    tokens = oauth.refresh(_client(provider), refresh)

    assert tokens.refresh_token != refresh
    assert provider.refresh[tokens.refresh_token] == "me@outlook.com"
    assert provider.access[tokens.access_token] == "me@outlook.com"
    assert tokens.fresh()


def test_a_refresh_without_a_new_refresh_token_keeps_the_old_one(provider: OAuthProvider) -> None:
    provider.rotate = False
    _access, refresh = provider.issue("me@gmail.com")
    assert oauth.refresh(_client(provider, "google"), refresh).refresh_token == refresh


def test_a_revoked_refresh_token_asks_for_a_new_sign_in(provider: OAuthProvider) -> None:
    with pytest.raises(MailboxError) as caught:
        oauth.refresh(_client(provider), "revoked")
    assert caught.value.code == "oauth_refused"
    assert not caught.value.temporary


def test_an_unreachable_token_endpoint_is_temporary() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    client = oauth.OAuthClient(
        oauth.oauth_services()["google"], "id", "s", token_url=f"http://127.0.0.1:{port}/token"
    )
    with pytest.raises(MailboxError) as caught:
        oauth.refresh(client, "x", timeout=2)
    assert caught.value.code == "unreachable"
    assert caught.value.temporary


def test_the_sign_in_address_carries_pkce_and_offline_access(provider: OAuthProvider) -> None:
    verifier, challenge = oauth.pkce_pair()
    url = oauth.authorization_url(
        _client(provider, "google"),
        "https://app/cb",
        state="s1",
        challenge=challenge,
        login_hint="me@gmail.com",
    )
    query = {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}
    assert query["code_challenge_method"] == "S256"
    assert query["access_type"] == "offline"
    assert query["scope"] == "https://mail.google.com/"
    assert query["login_hint"] == "me@gmail.com"
    assert verifier not in url
