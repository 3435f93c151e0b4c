"""OAuth2 for IMAP sign-in with XOAUTH2 (Gmail, Outlook): the authorisation code flow with
PKCE, and refreshing the access token, on httpx with explicit timeouts.

The refresh answer may carry a new refresh token (Microsoft rotates them): ``Tokens`` always
holds the one to keep, so a caller that stores ``Tokens.refresh_token`` after every refresh
never keeps a revoked one.

    >>> client = OAuthClient(oauth_services()["google"], "id.apps.googleusercontent.com", "s")
    >>> url = authorization_url(client, "https://app/cb", state="xyz", challenge="abc")
    >>> url.startswith("https://accounts.google.com/o/oauth2/v2/auth?")
    True
"""

from __future__ import annotations

import base64
import hashlib
import secrets
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from urllib.parse import urlencode

import httpx

from reinstate.mailbox.errors import MailboxError, mailbox_error
from reinstate.mailbox.providers import OAuthService, oauth_services

__all__ = [
    "OAuthClient",
    "Tokens",
    "authorization_url",
    "exchange_code",
    "oauth_services",
    "pkce_pair",
    "refresh",
]

TIMEOUT = 20.0
# An access token this close to its end is refreshed before it is used.
MARGIN = timedelta(minutes=5)
# Token endpoints answer in a few hundred bytes; a larger answer is not one.
_MAX_ANSWER = 64_000


@dataclass(frozen=True, slots=True)
class OAuthClient:
    """The operator's app registration at one OAuth service (with its URLs, which a test or a
    proxy may replace)."""

    service: OAuthService
    client_id: str
    client_secret: str = field(repr=False)
    token_url: str = ""  # empty: the service's own

    @property
    def endpoint(self) -> str:
        return self.token_url or self.service.token_url


@dataclass(frozen=True, slots=True)
class Tokens:
    access_token: str = field(repr=False)
    refresh_token: str = field(repr=False)
    expires_at: datetime

    def fresh(self, now: datetime | None = None) -> bool:
        return (now or datetime.now(UTC)) + MARGIN < self.expires_at


def pkce_pair() -> tuple[str, str]:
    """A PKCE code verifier and its S256 challenge (RFC 7636)."""
    verifier = secrets.token_urlsafe(64)
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return verifier, base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def authorization_url(
    client: OAuthClient, redirect_uri: str, *, state: str, challenge: str, login_hint: str = ""
) -> str:
    """Where the seller's browser goes to let Reinstate read the mailbox."""
    query = {
        "response_type": "code",
        "client_id": client.client_id,
        "redirect_uri": redirect_uri,
        "scope": client.service.scope,
        "state": state,
        "code_challenge": challenge,
        "code_challenge_method": "S256",
        **client.service.authorize_extra,
    }
    if login_hint:
        query["login_hint"] = login_hint
    return f"{client.service.authorize_url}?{urlencode(query)}"


def exchange_code(
    client: OAuthClient,
    code: str,
    redirect_uri: str,
    verifier: str,
    *,
    timeout: float = TIMEOUT,
    transport: httpx.BaseTransport | None = None,
) -> Tokens:
    """The tokens for the code the service sent back to ``redirect_uri``."""
    form = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": redirect_uri,
        "code_verifier": verifier,
    }
    return _token_request(client, form, "", timeout, transport)


def refresh(
    client: OAuthClient,
    refresh_token: str,
    *,
    timeout: float = TIMEOUT,
    transport: httpx.BaseTransport | None = None,
) -> Tokens:
    """A new access token; the refresh token to keep from now on (new or the same)."""
    form = {"grant_type": "refresh_token", "refresh_token": refresh_token}
    return _token_request(client, form, refresh_token, timeout, transport)


def _token_request(
    client: OAuthClient,
    form: dict[str, str],
    old_refresh_token: str,
    timeout: float,
    transport: httpx.BaseTransport | None,
) -> Tokens:
    form = {**form, "client_id": client.client_id}
    if client.client_secret:
        form["client_secret"] = client.client_secret
    try:
        with httpx.Client(timeout=timeout, transport=transport) as http:
            response = http.post(client.endpoint, data=form, headers={"Accept": "application/json"})
    except httpx.TimeoutException as exc:
        raise mailbox_error("timeout", f"the OAuth token endpoint did not answer ({exc})") from exc
    except httpx.HTTPError as exc:
        raise mailbox_error("unreachable", f"the OAuth token endpoint: {exc}") from exc
    return _tokens(response, old_refresh_token)


def _tokens(response: httpx.Response, old_refresh_token: str) -> Tokens:
    if len(response.content) > _MAX_ANSWER:
        raise mailbox_error("protocol", "the OAuth token endpoint's answer is too large")
    try:
        answer = response.json()
    except ValueError as exc:
        raise _status_error(response, "its answer is not JSON") from exc
    if not isinstance(answer, dict):
        raise _status_error(response, "its answer is not a JSON object")
    if response.status_code >= 400 or "error" in answer:
        reason = str(answer.get("error") or response.status_code)
        detail = str(answer.get("error_description") or "")[:200]
        if response.status_code >= 500:
            raise mailbox_error("unreachable", f"the OAuth token endpoint failed: {reason}")
        # invalid_grant: the refresh token was revoked or expired; the seller signs in again.
        raise mailbox_error("oauth_refused", f"the OAuth service refused: {reason} {detail}")
    access = answer.get("access_token")
    if not isinstance(access, str) or not access:
        raise mailbox_error("protocol", "the OAuth token endpoint gave no access token")
    refresh_token = answer.get("refresh_token")
    if not isinstance(refresh_token, str) or not refresh_token:
        refresh_token = old_refresh_token
    if not refresh_token:
        raise mailbox_error("oauth_refused", "the OAuth service gave no refresh token")
    try:
        lifetime = int(answer.get("expires_in", 3600))
    except (TypeError, ValueError):
        lifetime = 3600
    return Tokens(access, refresh_token, datetime.now(UTC) + timedelta(seconds=lifetime))


def _status_error(response: httpx.Response, what: str) -> MailboxError:
    if response.status_code >= 500:
        return mailbox_error("unreachable", f"the OAuth token endpoint failed ({what})")
    return mailbox_error("protocol", f"the OAuth token endpoint: {what}")
