"""Making, finding and revoking API tokens (the page, the command and the API call these)."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from datetime import timedelta

from django.utils import timezone

from reinstate.errors import InputError
from reinstate_web.accounts.models import User
from reinstate_web.api.models import ApiToken

PREFIX = "rst_"
SCOPES = tuple(ApiToken.Scope.values)
# Write alone makes no sense: a tool that changes a case reads it back.
DEFAULT_SCOPES = ("read", "write")
MAX_DAYS = 3650


def digest_of(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_token(
    user: User, name: str, *, scopes: Iterable[str] = DEFAULT_SCOPES, days: int | None = 90
) -> tuple[ApiToken, str]:
    """A new token for ``user``: the stored row and the token itself (shown once).

    ``days`` None: never expires. Raises ``InputError`` for an unknown scope or a bad length.
    """
    wanted = sorted(set(scopes))
    unknown = [s for s in wanted if s not in SCOPES]
    if unknown or not wanted:
        raise InputError(f"Unknown scope: {', '.join(unknown) or '(none)'}", code="invalid")
    if days is not None and not 1 <= days <= MAX_DAYS:
        raise InputError(f"A token lasts 1 to {MAX_DAYS} days.", code="invalid")
    secret = PREFIX + secrets.token_urlsafe(32)
    now = timezone.now()
    row = ApiToken.objects.create(
        user=user,
        name=(name.strip() or "token")[:100],
        prefix=secret[:12],
        digest=digest_of(secret),
        scopes=wanted,
        created_at=now,
        expires_at=None if days is None else now + timedelta(days=days),
    )
    return row, secret


def find_token(secret: str) -> ApiToken | None:
    """The usable token row for ``secret`` (None when unknown, revoked or expired)."""
    if not secret.startswith(PREFIX) or len(secret) > 200:
        return None
    row = ApiToken.objects.select_related("user").filter(digest=digest_of(secret)).first()
    if row is None or not row.usable() or not row.user.is_active:
        return None
    now = timezone.now()
    # Write last use at most once a minute: a busy tool must not turn reads into writes.
    if row.last_used_at is None or now - row.last_used_at > timedelta(minutes=1):
        ApiToken.objects.filter(pk=row.pk).update(last_used_at=now)
    return row


def revoke_token(user: User, token_id: int) -> bool:
    """Revoke one of ``user``'s own tokens; False when it is not theirs or already revoked."""
    return bool(
        ApiToken.objects.filter(pk=token_id, user=user, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
    )
