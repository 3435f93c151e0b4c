"""Grammar with Harper (harper-py), the offline English checker.

One Linter per process: building it takes about half a second and its first lint another one.
A Linter is not thread-safe, so calls are serialised with a lock (a lint of a 1,000-word letter
takes a few milliseconds). Harper's spans are code points, the same as Python string offsets.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import cache
from typing import Any

from .data import section
from .text import ASIN, ORDER_ID, URL

_LOCK = threading.Lock()
# Harper skips text matching this mask: identifiers are not English words. Harper runs Rust's
# regex engine (linear time, no lookbehind), hence its own e-mail pattern.
_EMAIL_MASK = r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b"
_MASK = "|".join(f"(?:{p})" for p in (URL.pattern, _EMAIL_MASK, ORDER_ID.pattern, ASIN.pattern))


@dataclass(frozen=True, slots=True)
class GrammarLint:
    start: int
    end: int
    kind: str
    message: str
    replacements: tuple[str, ...]


@cache
def _linter() -> Any:
    import harper

    linter = harper.Linter(harper.Dialect.AMERICAN)
    config = dict(linter.get_lint_config())
    for rule in section("language").get("grammar_rules_off", []):
        if rule in config:
            config[rule] = False
    linter.set_lint_config(config)
    return linter


def harper_available() -> bool:
    try:
        import harper  # noqa: F401
    except ImportError:
        return False
    return True


def lint(text: str) -> list[GrammarLint]:
    """Every Harper lint of ``text`` (spelling included; the caller sorts them out)."""
    linter = _linter()
    with _LOCK:
        lints = linter.lint(text, language="plaintext", regex_mask=_MASK)
    return [
        GrammarLint(
            start=item.span.start,
            end=item.span.end,
            kind=item.lint_kind,
            message=item.message,
            replacements=tuple(s.replacement_text for s in item.suggestions if s.replacement_text)[
                :3
            ],
        )
        for item in lints
    ]
