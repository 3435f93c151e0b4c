"""Grammar with Harper (harper-py), the offline English checker.

Building Harper's Linter takes most of a second (its curated dictionary), once per process. Harper
releases the GIL while it builds and lints, so the first check of a process builds and lints on a
thread of its own (:func:`start_lint`) while it reads the tone, structure and facts of the letter;
a command line run starts building as the first thing the process does and hands the Linter being
built to :func:`warm_up`, which configures it.

Harper's spelling rules (``SpellCheck``, ``SplitWords``) are off while the Hunspell dictionaries
are there: the checker spells with those, and Harper's suggestion search takes up to a second on
some unknown words (names). Without the dictionaries Harper spells instead. A Linter is not
thread-safe, so calls are serialised with a lock. Harper's spans are code points, the same as
Python string offsets.
"""

from __future__ import annotations

import threading
from concurrent.futures import Future
from dataclasses import dataclass
from typing import Any

from .data import section
from .text import ASIN, ORDER_ID, URL

_LOCK = threading.Lock()
_linters: dict[bool, Any] = {}
# A bare Linter being built since the process started (:func:`warm_up`); the first Linter
# configured takes it instead of building one.
_building: list[Future[Any]] = []
# Harper skips text matching this mask: identifiers are not English words. Harper runs Rust's
# regex engine (linear time, no lookbehind), hence its own e-mail pattern.
_EMAIL_MASK = r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b"
_MASK = "|".join(f"(?:{p})" for p in (URL.pattern, _EMAIL_MASK, ORDER_ID.pattern, ASIN.pattern))
_SPELLING_RULES = ("SpellCheck", "SplitWords")


@dataclass(frozen=True, slots=True)
class GrammarLint:
    start: int
    end: int
    kind: str
    message: str
    replacements: tuple[str, ...]


def _linter(spelling: bool) -> Any:
    """The process's Linter (with or without Harper's spelling rules); call under ``_LOCK``."""
    linter = _linters.get(spelling)
    if linter is None:
        import harper

        linter = _building.pop().result() if _building else harper.Linter(harper.Dialect.AMERICAN)
        config = dict(linter.get_lint_config())
        off = list(section("language").get("grammar_rules_off", []))
        if not spelling:
            off.extend(_SPELLING_RULES)
        for rule in off:
            if rule in config:
                config[rule] = False
        linter.set_lint_config(config)
        # The first lint sets up lazily built parts of Harper; do it here, off the main path.
        linter.lint("A letter.", language="plaintext")
        _linters[spelling] = linter
    return linter


def harper_available() -> bool:
    try:
        import harper  # noqa: F401
    except ImportError:
        return False
    return True


def lint(text: str, *, spelling: bool = False) -> list[GrammarLint]:
    """Every Harper lint of ``text`` (the caller sorts them out); Harper's spelling rules run
    only with ``spelling``."""
    with _LOCK:
        lints = _linter(spelling).lint(text, language="plaintext", regex_mask=_MASK)
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


def _run(future: Future[list[GrammarLint]], text: str | None, spelling: bool) -> None:
    if not future.set_running_or_notify_cancel():
        return
    try:
        if text is None:
            with _LOCK:
                _linter(spelling)
            future.set_result([])
        else:
            future.set_result(lint(text, spelling=spelling))
    except Exception as exc:  # noqa: BLE001 - raised again by result(), in the caller's thread
        future.set_exception(exc)


@dataclass(frozen=True, slots=True)
class PendingLints:
    """Harper's lints of a letter: being computed on a thread of their own (``future``), or to
    be computed when asked for (``text``)."""

    future: Future[list[GrammarLint]] | None
    text: str
    spelling: bool  # whether Harper's spelling rules run

    def result(self) -> list[GrammarLint]:
        if self.future is not None:
            return self.future.result()
        return lint(self.text, spelling=self.spelling)


def start_lint(text: str, *, spelling: bool = False) -> PendingLints:
    """Harper's lints of ``text``, started now on a thread of their own when the Linter still has
    to be built (the build then overlaps the other checks); with a Linter built, linting waits
    for ``result()``, as handing a few milliseconds of work to a thread costs more than it saves
    on a busy machine. The thread is a daemon: a check that fails early does not keep the process
    waiting.
    """
    if spelling in _linters:
        return PendingLints(None, text, spelling)
    future: Future[list[GrammarLint]] = Future()
    threading.Thread(
        target=_run, args=(future, text, spelling), name="harper-lint", daemon=True
    ).start()
    return PendingLints(future, text, spelling)


def warm_up(*, spelling: bool = False, building: Future[Any] | None = None) -> None:
    """Start building Harper's Linter now, on a daemon thread, if Harper is installed; with
    ``building`` (a bare ``harper.Linter`` being built elsewhere), configure that one instead."""
    if building is not None:
        _building.append(building)
    if harper_available():
        future: Future[list[GrammarLint]] = Future()
        threading.Thread(
            target=_run, args=(future, None, spelling), name="harper-warm-up", daemon=True
        ).start()
