"""Variants of real messages to train on: the shapes a seller actually pastes.

Sellers paste a notice truncated, forwarded, quoted with ``>``, as HTML, without its closing
paragraphs, or only its first lines. The model trains on such variants of every real text so it
holds on them; accuracy is reported on the real texts alone (bench/diagnose_accuracy.py).

    >>> [name for name, _ in variants("Your account was deactivated. Why? Because.", "x")]
    ['truncated', 'forwarded', 'quoted', 'html', 'opening']
"""

from __future__ import annotations

import html
import random
import re

_SENTENCE_END = re.compile(r"[.!?](?=\s)|[。！？\n]")


def _cut(text: str, share: float) -> str:
    limit = max(1, int(len(text) * share))
    space = text.rfind(" ", 0, limit)
    return text[: space if space > limit // 2 else limit].rstrip() + " [...]"


def _opening(text: str, sentences: int) -> str:
    ends = [m.end() for m in _SENTENCE_END.finditer(text)]
    return text[: ends[sentences - 1]] if len(ends) >= sentences else text


def variants(text: str, seed: str) -> list[tuple[str, str]]:
    """(name, text) variants of ``text``, the same for the same ``seed``."""
    rng = random.Random(seed)  # noqa: S311 - reproducible training data, not security
    paragraphs = [p for p in re.split(r"\n\s*\n", text) if p.strip()]
    forwarded = (
        rng.choice(["FYI", "Please see below.", "请看下面亚马逊的邮件", "Got this today:"])
        + "\n\n---------- Forwarded message ---------\n"
        + "From: Amazon <seller-notification@amazon.com>\nDate: Mon, 3 Jun 2024 10:15:00 +0000\n"
        + "Subject: Your Amazon selling account\nTo: seller@example.com\n\n"
        + text
    )
    quoted = "What does this mean?\n\n" + "\n".join("> " + line for line in text.split("\n"))
    page = "<html><body>" + "".join(
        "<p>" + html.escape(p).replace("\n", "<br>") + "</p>" for p in paragraphs
    )
    return [
        ("truncated", _cut(text, rng.uniform(0.35, 0.7))),
        ("forwarded", forwarded),
        ("quoted", quoted),
        ("html", page + "</body></html>"),
        ("opening", _opening(text, rng.choice([2, 3, 4]))),
    ]
