"""What changed in a version of the letter, in the reader's language.

``Draft.summary`` is stored in a compact, language-free form by the drafting services:
``answers v3`` (written from the answers), ``+supplier_unverified −no_fnsku`` (options picked
or dropped, by id), ``+2 −1: “first new line”`` (a hand edit), ``round 2`` (revised
for Amazon's second answer that asked for more) or ``v7`` (a team's version 7, shared).
This module turns it into words at display time; option ids become the options' titles.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from django.utils.html import format_html, format_html_join
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

_ANSWERS = re.compile(r"^answers v(?P<n>\d+)$")
_ROUND = re.compile(r"^round (?P<n>\d+)$")
_SHARED = re.compile(r"^v(?P<n>\d+)$")
_EDIT = re.compile(
    r"^\+(?P<added>\d+) \u2212(?P<removed>\d+)(?:: \u201c(?P<first>.*)\u201d)?$", re.S
)
_OPTION = re.compile(r"^(?P<sign>[+\u2212])(?P<id>\S+)$")


def _option_titles(options: Mapping[str, Any], lang: str) -> dict[str, str]:
    titles: dict[str, str] = {}
    for items in options.values():
        for option in items if isinstance(items, list) else []:
            title = option.get("title") or {}
            if isinstance(title, Mapping):
                text = title.get(lang) or title.get("zh-hans" if lang != "en" else "en")
                titles[str(option.get("id"))] = str(text or title.get("en") or "")
    return titles


def _lang() -> str:
    code = (get_language() or "en").lower()
    if code.startswith("zh"):
        return "zh-hant" if "hant" in code or code in ("zh-tw", "zh-hk") else "zh-hans"
    return "en"


def summary_text(summary: str, options: Mapping[str, Any] | None = None) -> str:
    """The stored summary as words; anything of an unknown shape is returned as it is."""
    text = (summary or "").strip()
    if not text:
        return ""
    answers = _ANSWERS.match(text)
    if answers:
        return _("from answers version %(n)s") % {"n": answers["n"]}
    revised = _ROUND.match(text)
    if revised:
        return _("answers what Amazon asked for in round %(n)s") % {"n": revised["n"]}
    shared = _SHARED.match(text)
    if shared:
        return _("a copy of the team's version %(n)s") % {"n": shared["n"]}
    edit = _EDIT.match(text)
    if edit:
        added, removed = int(edit["added"]), int(edit["removed"])
        counts = (
            ngettext("%(added)s line added", "%(added)s lines added", added) % {"added": added}
            + _(", ")
            + ngettext("%(removed)s removed", "%(removed)s removed", removed) % {"removed": removed}
        )
        if edit["first"]:
            return format_html('{}: “<q lang="en">{}</q>”', counts, edit["first"])
        return counts
    parts = text.split()
    matches = [_OPTION.match(p) for p in parts]
    if parts and all(matches):
        titles = _option_titles(options or {}, _lang())
        picked = [m["id"] for m in matches if m and m["sign"] == "+"]
        dropped = [m["id"] for m in matches if m and m["sign"] != "+"]
        pieces = []
        if picked:
            pieces.append(
                format_html(
                    "{} {}",
                    _("added:"),
                    format_html_join(_(", "), "{}", ((titles.get(i, i),) for i in picked)),
                )
            )
        if dropped:
            pieces.append(
                format_html(
                    "{} {}",
                    _("removed:"),
                    format_html_join(_(", "), "{}", ((titles.get(i, i),) for i in dropped)),
                )
            )
        return format_html_join("; ", "{}", ((p,) for p in pieces))
    return text
