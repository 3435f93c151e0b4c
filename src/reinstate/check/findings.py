"""Building a :class:`CheckFinding` from a code, a span and the values its texts mention."""

from __future__ import annotations

import string
from collections.abc import Mapping

from reinstate.codes import Severity
from reinstate.errors import KnowledgeBaseError

from .data import code_texts
from .model import CheckFinding

_QUOTE_MAX = 80


class _Values(dict[str, str]):
    """Format values that leave an unknown ``{slot}`` visible instead of failing."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _fill(template: str, values: Mapping[str, str]) -> str:
    return string.Formatter().vformat(template, (), _Values(values))


def quote_of(letter: str, start: int, end: int) -> str:
    """The quoted text of a span, shortened for messages."""
    text = " ".join(letter[start:end].split())
    if len(text) > _QUOTE_MAX:
        text = text[: _QUOTE_MAX - 1].rstrip() + "…"
    return text


def finding(
    letter: str,
    code: str,
    start: int,
    end: int,
    *,
    severity: Severity | None = None,
    fact: str = "",
    **values: str,
) -> CheckFinding:
    """A finding for ``letter[start:end]``; ``values`` fill the ``{slots}`` of the code's texts.

    ``{quote}`` is always available and holds the (shortened) text of the span.

    >>> finding("We will try.", "tone_will_try", 0, 11).quote
    'We will try'
    """
    texts = code_texts().get(code)
    if texts is None:
        raise KnowledgeBaseError(f"check code {code} has no texts in check/codes.yaml")
    start = max(0, min(start, len(letter)))
    end = max(start, min(end, len(letter)))
    quote = quote_of(letter, start, end)
    filled = {"quote": quote, "fact": fact, **values}
    return CheckFinding(
        code=code,
        severity=severity or texts.severity,
        start=start,
        end=end,
        message=_fill(texts.message["en"], filled),
        suggestion=_fill(texts.suggestion["en"], filled),
        message_zh=_fill(texts.message["zh-hans"], filled),
        suggestion_zh=_fill(texts.suggestion["zh-hans"], filled),
        message_zh_hant=_fill(texts.message["zh-hant"], filled),
        suggestion_zh_hant=_fill(texts.suggestion["zh-hant"], filled),
        family=texts.family,
        quote=quote,
        fact=fact,
    )
