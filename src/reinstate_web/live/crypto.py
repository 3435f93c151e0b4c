"""Secrets at rest: Fernet (AES-128-CBC with HMAC-SHA256, from ``cryptography``).

Keys come from ``settings.ENCRYPTION_KEYS`` (REINSTATE_ENCRYPTION_KEY, newest first; older keys
still decrypt, so a key can be rotated). Without one, a key is derived from SECRET_KEY with
HKDF: then changing the secret key makes stored secrets unreadable, and the seller is asked to
connect again (never a crash).
"""

from __future__ import annotations

import base64

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

# Fixed and public: it only separates this use of SECRET_KEY from Django's own.
_HKDF_INFO = b"reinstate.live.credentials.v1"


class SecretUnreadable(Exception):
    """A stored secret no key can decrypt (the key changed, or the value was tampered with)."""


def _derived_key(secret_key: str) -> bytes:
    raw = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_HKDF_INFO).derive(
        secret_key.encode("utf-8")
    )
    return base64.urlsafe_b64encode(raw)


def _fernet() -> MultiFernet:
    keys = [str(k) for k in getattr(settings, "ENCRYPTION_KEYS", []) if str(k).strip()]
    if not keys:
        keys = [_derived_key(str(settings.SECRET_KEY)).decode()]
    return MultiFernet([Fernet(key) for key in keys])


def encrypt(value: str) -> str:
    """The value encrypted and authenticated, as ASCII text for a database column."""
    return _fernet().encrypt(value.encode("utf-8")).decode("ascii")


def decrypt(token: str) -> str:
    try:
        return _fernet().decrypt(token.encode("ascii")).decode("utf-8")
    except (InvalidToken, UnicodeError) as exc:
        raise SecretUnreadable(
            "the stored secret cannot be decrypted with the current key"
        ) from exc
