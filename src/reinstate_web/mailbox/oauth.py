"""Sign-in with Google or Microsoft for a mailbox (OAuth2, then IMAP XOAUTH2).

The operator registers an app with Google and/or Microsoft and sets its client id and secret
(``REINSTATE_GOOGLE_OAUTH_CLIENT_ID`` ...). The seller's browser goes to the provider
(authorisation code with PKCE, the state kept in the session), comes back to
``/mailbox/oauth/callback/``, and the tokens are stored encrypted. Every refresh stores the
refresh token the provider answers with (Microsoft rotates them) before the access token is used.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.utils import timezone

from reinstate.mailbox import oauth
from reinstate.mailbox.errors import mailbox_error
from reinstate.mailbox.providers import oauth_services
from reinstate_web.live import crypto
from reinstate_web.mailbox.models import MailboxConnection

SESSION_KEY = "mailbox_oauth"


def client(service: str) -> oauth.OAuthClient | None:
    """The operator's app at ``service`` ("google", "microsoft"), or None when not configured."""
    client_id, client_secret = settings.MAILBOX_OAUTH_CLIENTS.get(service, ("", ""))
    found = oauth_services().get(service)
    if not client_id or found is None:
        return None
    authorize_url = str(getattr(settings, "MAILBOX_OAUTH_AUTHORIZE_URL", "") or "")
    if authorize_url:
        found = replace(found, authorize_url=authorize_url)
    return oauth.OAuthClient(
        found,
        client_id,
        client_secret,
        token_url=str(getattr(settings, "MAILBOX_OAUTH_TOKEN_URL", "") or ""),
    )


def configured(service: str | None) -> bool:
    return bool(service) and client(str(service)) is not None


@dataclass(frozen=True)
class Pending:
    """A sign-in under way, kept in the seller's session until the provider sends them back."""

    account_id: int
    service: str
    provider: str
    host: str
    port: int
    use_ssl: bool
    username: str
    folder: str
    redirect_uri: str
    verifier: str = ""  # the PKCE verifier, made by ``start``


def start(session: SessionBase, pending: Pending) -> str:
    """The provider's sign-in address; remembers ``pending`` under a fresh state."""
    found = client(pending.service)
    if found is None:
        raise mailbox_error("oauth_needed", f"no OAuth2 app is configured for {pending.service}")
    verifier, challenge = oauth.pkce_pair()
    state = secrets.token_urlsafe(24)
    session[SESSION_KEY] = {
        "state": state,
        "account_id": pending.account_id,
        "service": pending.service,
        "provider": pending.provider,
        "host": pending.host,
        "port": pending.port,
        "use_ssl": pending.use_ssl,
        "username": pending.username,
        "folder": pending.folder,
        "redirect_uri": pending.redirect_uri,
        "verifier": verifier,
    }
    return oauth.authorization_url(
        found,
        pending.redirect_uri,
        state=state,
        challenge=challenge,
        login_hint=pending.username,
    )


def take_pending(session: SessionBase, state: str) -> Pending | None:
    """The sign-in ``state`` belongs to (once: it is forgotten), or None for a stranger's."""
    saved: dict[str, Any] | None = session.pop(SESSION_KEY, None)
    if not saved or not state or not secrets.compare_digest(str(saved.get("state")), state):
        return None
    return Pending(
        account_id=int(saved["account_id"]),
        service=str(saved["service"]),
        provider=str(saved["provider"]),
        host=str(saved["host"]),
        port=int(saved["port"]),
        use_ssl=bool(saved["use_ssl"]),
        username=str(saved["username"]),
        folder=str(saved["folder"]),
        redirect_uri=str(saved["redirect_uri"]),
        verifier=str(saved["verifier"]),
    )


def exchange(pending: Pending, code: str) -> oauth.Tokens:
    found = client(pending.service)
    if found is None:
        raise mailbox_error("oauth_needed", f"no OAuth2 app is configured for {pending.service}")
    return oauth.exchange_code(found, code, pending.redirect_uri, pending.verifier)


def store_tokens(connection: MailboxConnection, tokens: oauth.Tokens) -> None:
    """Keep the tokens (encrypted) on the connection, saved at once."""
    connection.oauth_access_token_encrypted = crypto.encrypt(tokens.access_token)
    connection.oauth_refresh_token_encrypted = crypto.encrypt(tokens.refresh_token)
    connection.oauth_expires_at = tokens.expires_at
    if connection.pk:
        connection.save(
            update_fields=[
                "oauth_access_token_encrypted",
                "oauth_refresh_token_encrypted",
                "oauth_expires_at",
            ]
        )


def access_token(connection: MailboxConnection, *, force: bool = False) -> str:
    """A usable access token: the stored one while fresh, else a refreshed one (stored, with
    the refresh token the provider answered, before it is returned). Raises MailboxError, or
    ``crypto.SecretUnreadable`` when the key changed."""
    expires = connection.oauth_expires_at
    stored = oauth.Tokens(
        crypto.decrypt(connection.oauth_access_token_encrypted),
        crypto.decrypt(connection.oauth_refresh_token_encrypted),
        expires.astimezone(UTC) if expires else datetime.min.replace(tzinfo=UTC),
    )
    if stored.access_token and not force and stored.fresh(timezone.now()):
        return stored.access_token
    found = client(connection.oauth_service)
    if found is None:
        raise mailbox_error(
            "oauth_needed", f"the OAuth2 app for {connection.oauth_service} is not configured"
        )
    tokens = oauth.refresh(found, stored.refresh_token)
    store_tokens(connection, tokens)
    return tokens.access_token
