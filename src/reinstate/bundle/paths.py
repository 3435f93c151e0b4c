"""Which paths a bundle may hold: relative, forward slashes, plain names, shallow, short.

>>> safe_path("notices/1/original.eml")
True
>>> [safe_path(p) for p in ("../etc/passwd", "/etc/passwd", "a\\\\b", "C:/x", "a//b", "a/./b")]
[False, False, False, False, False, False]
"""

from __future__ import annotations

from reinstate.bundle.limits import Limits

_FORBIDDEN = frozenset('\\:*?"<>|')


def safe_path(path: str, limits: Limits | None = None) -> bool:
    """True for a path that stays inside the folder it is unpacked into, on any system."""
    bound = limits or Limits()
    if not path or len(path) > bound.path_chars or path.startswith("/"):
        return False
    if any(ord(c) < 32 or c == "\x7f" or c in _FORBIDDEN for c in path):
        return False
    parts = path.split("/")
    if len(parts) > bound.path_depth:
        return False
    return all(part and part not in (".", "..") and part.strip() == part for part in parts)
