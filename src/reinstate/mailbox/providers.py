"""Mail providers' IMAP servers and sign-in rules (``knowledge/mailbox/providers.yaml``).

>>> provider_for_address("seller@qq.com").host
'imap.qq.com'
>>> provider("gmail").oauth
'google'
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from types import MappingProxyType
from typing import Any

from reinstate.errors import KnowledgeBaseError
from reinstate.knowledge.loader import load
from reinstate.mailbox.senders import address_of

PASSWORD_KINDS = ("authorization_code", "app_password", "password", "none")


@dataclass(frozen=True, slots=True)
class Provider:
    code: str
    host: str
    port: int
    ssl: bool
    password: str  # one of PASSWORD_KINDS
    oauth: str | None  # an OAuthService code, or None
    domains: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class OAuthService:
    code: str
    authorize_url: str
    token_url: str
    scope: str
    authorize_extra: MappingProxyType[str, str]


def _provider(code: str, data: dict[str, Any]) -> Provider:
    if data.get("password") not in PASSWORD_KINDS:
        raise KnowledgeBaseError(f"mailbox/providers.yaml: {code}: unknown password kind")
    return Provider(
        code=code,
        host=str(data["host"]),
        port=int(data["port"]),
        ssl=bool(data["ssl"]),
        password=str(data["password"]),
        oauth=str(data["oauth"]) if data.get("oauth") else None,
        domains=tuple(str(d).lower() for d in data.get("domains") or ()),
    )


@cache
def providers() -> dict[str, Provider]:
    data = load("mailbox/providers")
    return {code: _provider(code, item) for code, item in data["providers"].items()}


@cache
def oauth_services() -> dict[str, OAuthService]:
    data = load("mailbox/providers")
    return {
        code: OAuthService(
            code=code,
            authorize_url=str(item["authorize_url"]),
            token_url=str(item["token_url"]),
            scope=str(item["scope"]),
            authorize_extra=MappingProxyType(
                {str(k): str(v) for k, v in (item.get("authorize_extra") or {}).items()}
            ),
        )
        for code, item in data["oauth"].items()
    }


def provider(code: str) -> Provider:
    try:
        return providers()[code]
    except KeyError:
        raise KnowledgeBaseError(f"no mail provider {code!r} in mailbox/providers.yaml") from None


def provider_for_address(address: str) -> Provider | None:
    """The provider of an e-mail address, by its domain; None for any other domain."""
    bare = address_of(address)
    if not bare:
        return None
    domain = bare.rsplit("@", 1)[1]
    for found in providers().values():
        if domain in found.domains:
            return found
    return None
