"""HTML notices: readable text for the diagnosis, sanitised markup for the web page.

Text comes from inscriptis, which keeps the layout of lists and tables (Amazon puts ASINs in
tables). The markup shown in the UI is only ever the output of nh3, which drops scripts, event
handlers, styles that can hide content and ``javascript:`` links.
"""

from __future__ import annotations

import re

import nh3

_TAG = re.compile(r"<[^>]*>")
_DROP = re.compile(r"<(script|style|head|title)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_MAX_HTML_CHARS = 3_000_000  # inscriptis/lxml cost grows with nesting; a notice is far smaller


def sanitise_html(html: str) -> str:
    """Markup safe to embed in our pages (no scripts, handlers or remote tricks)."""
    return nh3.clean(html[:_MAX_HTML_CHARS], link_rel="noopener noreferrer nofollow")


def html_to_text(html: str) -> str:
    """Plain text of an HTML body, layout kept; never raises on broken markup."""
    from inscriptis import get_text
    from lxml.etree import LxmlError  # type: ignore[import-untyped]

    cleaned = _DROP.sub(" ", html[:_MAX_HTML_CHARS])
    if not cleaned.strip():
        return ""
    try:
        return str(get_text(cleaned))
    except (LxmlError, ValueError, RecursionError):
        return _fallback(cleaned)


def _fallback(html: str) -> str:
    import html as html_lib

    text = re.sub(r"<br\s*/?>|</p>|</div>|</tr>|</li>", "\n", html, flags=re.IGNORECASE)
    return html_lib.unescape(_TAG.sub(" ", text))
