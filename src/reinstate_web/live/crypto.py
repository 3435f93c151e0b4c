"""Secrets at rest: Fernet (AES-128-CBC with HMAC-SHA256, from ``cryptography``).

Keys come from ``settings.ENCRYPTION_KEYS`` (REINSTATE_ENCRYPTION_KEY, newest first; older keys
still decrypt, so a key can be rotated). Without one, a key is derived from SECRET_KEY with
HKDF: then changing the secret key makes stored secrets unreadable, and the seller is asked to
connect again (never a crash).

Once a key of its own is set, the web app no longer reads secrets under the secret-key-derived
key: a leaked SECRET_KEY then opens nothing. Only :func:`rotate` (the ``reencrypt_credentials``
command, run by the operator) also tries it, to move secrets stored before the key was set.
See docs/security.md for rotating keys.
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


def _own_keys() -> list[str]:
    return [str(k) for k in getattr(settings, "ENCRYPTION_KEYS", []) if str(k).strip()]


def _secret_derived_keys() -> list[str]:
    """Derived from SECRET_KEY, then from each of SECRET_KEY_FALLBACKS (a secret key rotation)."""
    secrets = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return [_derived_key(str(secret)).decode() for secret in secrets]


def _keys() -> list[str]:
    """The keys in use, newest first: one's own, or else those derived from the secret keys."""
    return _own_keys() or _secret_derived_keys()


def _fernet() -> MultiFernet:
    return MultiFernet([Fernet(key) for key in _keys()])


def uses_own_key() -> bool:
    """True when REINSTATE_ENCRYPTION_KEY is set (the secret key then decrypts nothing)."""
    return bool(_own_keys())


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


def is_current(token: str) -> bool:
    """True when ``token`` is encrypted with the newest key (nothing to rotate)."""
    try:
        Fernet(_keys()[0]).decrypt(token.encode("ascii"))
    except (InvalidToken, UnicodeError):
        return False
    return True


def rotate(token: str) -> str:
    """``token`` re-encrypted with the newest key.

    Reads it with any configured key and, so that secrets stored before a key of one's own was
    set (or before the secret key changed) can be moved, with the keys derived from the secret
    key and its fallbacks. Raises :class:`SecretUnreadable` when none of them opens it.
    """
    keys = _own_keys() + _secret_derived_keys()
    every_key = MultiFernet([Fernet(key) for key in dict.fromkeys(keys)])
    try:
        value = every_key.decrypt(token.encode("ascii"))
    except (InvalidToken, UnicodeError) as exc:
        raise SecretUnreadable("no configured key decrypts the stored secret") from exc
    return _fernet().encrypt(value).decode("ascii")
