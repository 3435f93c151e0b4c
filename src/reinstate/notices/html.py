"""HTML notices: readable text for the diagnosis, sanitised markup for the web page.

Text comes from inscriptis, which keeps the layout of lists and tables (Amazon puts ASINs in
tables). The markup shown in the UI is only ever the output of nh3, which drops scripts, event
handlers, styles that can hide content and ``javascript:`` links.
"""

from __future__ import annotations

import re

import nh3

# "<" never inside a tag: a run of "<" without ">" is read once, not once per "<".
_TAG = re.compile(r"<[^<>]*>")
_OPEN = re.compile(r"<(script|style|head|title)\b", re.IGNORECASE)
_MAX_HTML_CHARS = 3_000_000  # inscriptis/lxml cost grows with nesting; a notice is far smaller


# Tags nested deeper than this are not sanitised for display (html5ever's tree building slows
# down badly on tens of thousands of open tags); the message's text is still read.
MAX_NESTING = 400
_TAG_NAME = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]{0,15})[^<>]{0,2000}?(/?)>")
_VOID = frozenset(
    {"br", "hr", "img", "input", "meta", "link", "area", "base", "col", "embed", "wbr", "source"}
)


def nesting_depth(html: str) -> int:
    """The deepest nesting of elements in ``html`` (linear scan of the tags)."""
    depth = deepest = 0
    for match in _TAG_NAME.finditer(html[:_MAX_HTML_CHARS]):
        closing, name, self_closing = match.group(1), match.group(2).lower(), match.group(3)
        if closing:
            depth = max(0, depth - 1)
        elif not self_closing and name not in _VOID:
            depth += 1
            deepest = max(deepest, depth)
    return deepest


def sanitise_html(html: str) -> str | None:
    """Markup safe to embed in our pages (no scripts, handlers or remote tricks); None for
    markup nested too deep to display."""
    if nesting_depth(html) > MAX_NESTING:
        return None
    return nh3.clean(html[:_MAX_HTML_CHARS], link_rel="noopener noreferrer nofollow")


def html_to_text(html: str) -> str:
    """Plain text of an HTML body, layout kept; never raises on broken markup."""
    from inscriptis import get_text
    from lxml.etree import LxmlError  # type: ignore[import-untyped]

    cleaned = _drop_blocks(html[:_MAX_HTML_CHARS])
    if not cleaned.strip():
        return ""
    try:
        text = str(get_text(cleaned))
    except (LxmlError, ValueError, RecursionError):
        return _fallback(cleaned)
    # libxml2 drops what lies deeper than its nesting limit: a page of thousands of nested tags
    # comes back empty although it holds text. The tags are then stripped plainly instead.
    return text if text.strip() else _fallback(cleaned)


def _drop_blocks(html: str) -> str:
    """``html`` without script, style, head and title blocks, in linear time: a tag name whose
    closing tag is missing is not searched for again (a regex with a lazy ``.*?`` would scan to
    the end once per opening tag)."""
    lower = html.lower()
    pieces: list[str] = []
    cursor = 0
    unclosed: set[str] = set()
    for match in _OPEN.finditer(html):
        name = match.group(1).lower()
        if match.start() < cursor or name in unclosed:
            continue
        close = lower.find(f"</{name}", match.end())
        if close < 0:
            unclosed.add(name)
            continue
        end = lower.find(">", close)
        end = len(html) if end < 0 else end + 1
        pieces.append(html[cursor : match.start()])
        pieces.append(" ")
        cursor = end
    pieces.append(html[cursor:])
    return "".join(pieces)


def _fallback(html: str) -> str:
    import html as html_lib

    text = re.sub(r"<br\s*/?>|</p>|</div>|</tr>|</li>", "\n", html, flags=re.IGNORECASE)
    return html_lib.unescape(_TAG.sub(" ", text))
