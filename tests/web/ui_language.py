"""Find English words in a page shown in Chinese.

A page in 简体中文 may show English only where English is the point or cannot be translated:

- text in an element whose ``lang`` is not Chinese: the letter to Amazon (always English), the
  words of Amazon's notice and of customers, quoted as written;
- text marked ``translate="no"``: the seller's own data (store, product and person names, file
  names, e-mail addresses, supplier names typed in English) and identifiers in ``<code>``;
- the few words of ``ALLOWED``: names and codes a seller reads in Seller Central as they are;
- a quotation in “ ” inside a sentence (the letter's words quoted by the check).

Everything else that contains a Latin word is a leak. Two ways to collect the text:
``visible_text_nodes`` runs in a real browser (Playwright) and returns what a person sees;
``html_text_nodes`` reads rendered HTML for fast Django tests.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from playwright.sync_api import Page

# Reviewed: each word is one a Chinese-reading seller meets as is in Seller Central or on files.
ALLOWED = frozenset(
    {
        # the product's name, and the languages of the language switch
        "Reinstate",
        # Amazon's own codes and names that Seller Central shows untranslated
        "ASIN",
        "ASINs",
        "SKU",
        "SKUs",
        "FBA",
        "FBM",
        "FNSKU",
        "ODR",
        "LSR",
        "VTR",
        "OTDR",
        "AHR",
        "POA",
        "A-to-z",
        "API",
        "SP-API",
        "UPC",
        "EAN",
        "ID",
        # marketplaces as Amazon writes them
        "amazon.com",
        "amazon.co.uk",
        "US",
        "UK",
        # the word Amazon requires on a supplier invoice ("发票上要有 Invoice 字样")
        "Invoice",
        # file kinds and sizes
        "PDF",
        "JPG",
        "JPEG",
        "PNG",
        "GIF",
        "TIFF",
        "Word",
        "DOCX",
        "Excel",
        "CSV",
        "JSON",
        "eml",
        "html",
        "txt",
        "csv",
        "xlsx",
        "json",
        "KB",
        "MB",
        "GB",
        "ZIP",
        "zip",
        # mail providers and protocols, named as their own settings pages name them
        "QQ",
        "Gmail",
        "Outlook",
        "IMAP",
        "SMTP",
    }
)

# Reviewed phrases of two words, glosses of Amazon's own names ("卖家平台（Seller Central）").
ALLOWED_PHRASES = ("Seller Central", "Account Health", "Merchant Token")

# A quotation inside a Chinese sentence: the letter's or Amazon's own words, e.g. the check
# saying 残留的占位符：“[TO FILL: new authorised supplier]”.
_QUOTED = re.compile(r"“[^“”]*”")

# A Latin word: letters, with inner dots, hyphens or apostrophes (amazon.com, A-to-z, don't).
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[.\-'’][A-Za-z0-9]+)*")
# Not words: ASINs, order IDs, amounts, dates, version numbers like "v2", units like "1000W".
_IDENTIFIER = re.compile(
    r"^(?:(?=[A-Z-]*\d)[A-Z0-9-]{6,}|v\d+|\d+[A-Za-z]{0,3}|amazon(?:\.[a-z]{2,3}){1,2})$"
)


def english_words(text: str, data: Iterable[str] = ()) -> list[str]:
    """The Latin words of ``text`` that are not allowed in the Chinese interface.

    >>> english_words("上传 FBA 退货报告 (.txt)，每个文件最大 1024 MB")
    []
    >>> english_words("unknown return reason codes kept as written")[:2]
    ['unknown', 'return']
    """
    for known in sorted({*ALLOWED_PHRASES, *(d for d in data if d)}, key=len, reverse=True):
        text = text.replace(known, " ")
    text = _QUOTED.sub(" ", text)
    found = []
    for match in _WORD.finditer(text):
        word = match.group(0)
        if word in ALLOWED or _IDENTIFIER.match(word) or sum(c.isalpha() for c in word) < 2:
            continue
        found.append(word)
    return found


def leaks(texts: Iterable[str], data: Iterable[str] = ()) -> list[str]:
    """Each text that holds a word not allowed, once, in page order. ``data`` are the seller's
    own values the test typed or uploaded (names, file names), shown as written."""
    known = [" ".join(d.split()) for d in data]
    seen: list[str] = []
    for text in texts:
        clean = " ".join(text.split())
        if clean and english_words(clean, known) and clean not in seen:
            seen.append(clean)
    return seen


# Runs in the page: the text nodes a person can see, leaving out the exempt elements above.
VISIBLE_TEXT_JS = """
(ui) => {
  const EXEMPT_TAGS = ["CODE", "KBD", "SCRIPT", "STYLE", "TEXTAREA", "NOSCRIPT"];
  const exempt = (el) => {
    for (let node = el; node && node !== document.documentElement; node = node.parentElement) {
      const lang = node.getAttribute && node.getAttribute("lang");
      if (lang && !lang.toLowerCase().startsWith(ui)) return true;
      if (node.getAttribute && node.getAttribute("translate") === "no") return true;
      if (EXEMPT_TAGS.includes(node.tagName)) return true;
    }
    return false;
  };
  const texts = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const el = node.parentElement;
    if (!node.textContent.trim() || !el || exempt(el)) continue;
    if (!el.checkVisibility({ visibilityProperty: true, opacityProperty: false })) continue;
    texts.push(node.textContent);
  }
  // What a screen reader or a tooltip says counts too.
  for (const el of document.querySelectorAll("[aria-label], [title], [placeholder], [alt]")) {
    if (exempt(el)) continue;
    for (const name of ["aria-label", "title", "placeholder", "alt"]) {
      const value = el.getAttribute(name);
      if (value && value.trim()) texts.push(value);
    }
  }
  return texts;
}
"""


def visible_text_nodes(page: Page, ui: str = "zh") -> list[str]:
    """The visible, non-exempt text of a Playwright page (and its labels and tooltips); ``ui``
    is the interface language: elements marked in another language are quotations."""
    return [str(t) for t in page.evaluate(VISIBLE_TEXT_JS, ui)]


_CJK = re.compile("[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]")


def chinese_leaks(texts: Iterable[str], data: Iterable[str] = ()) -> list[str]:
    """For the English interface: each text that holds Chinese (or Japanese) characters."""
    known = [" ".join(d.split()) for d in data]
    seen: list[str] = []
    for text in texts:
        clean = " ".join(text.split())
        for value in known:
            clean = clean.replace(value, " ")
        if _CJK.search(clean) and clean not in seen:
            seen.append(clean)
    return seen


_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)


@dataclass
class _Open:
    tag: str
    skipped: bool  # exempt (quotation, data, code) or not shown (inside a closed panel)
    closed_panel: bool  # a <details> without ``open``: only its <summary> shows


class _Collector(HTMLParser):
    """Text of rendered HTML outside exempt elements and outside closed ``<details>`` (what
    the page shows before anyone opens a panel)."""

    def __init__(self, ui: str) -> None:
        super().__init__(convert_charrefs=True)
        self.ui = ui
        self.stack: list[_Open] = []
        self.texts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        lang = (values.get("lang") or "").lower()
        parent = self.stack[-1] if self.stack else None
        skipped = (
            (parent is not None and parent.skipped)
            or (parent is not None and parent.closed_panel and tag != "summary")
            or (bool(lang) and tag != "html" and not lang.startswith(self.ui))
            or values.get("translate") == "no"
            or "hidden" in values
            or tag in {"code", "kbd", "script", "style", "textarea", "noscript", "title"}
        )
        if not skipped:
            for name in ("aria-label", "title", "placeholder", "alt"):
                if values.get(name):
                    self.texts.append(str(values[name]))
        if tag not in _VOID:
            closed = tag == "details" and "open" not in values
            self.stack.append(_Open(tag, skipped, closed))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self.stack.pop()

    def handle_endtag(self, tag: str) -> None:
        # Close up to the matching element (HTML lets some end tags be left out).
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index].tag == tag:
                del self.stack[index:]
                return

    def handle_data(self, data: str) -> None:
        if data.strip() and not (self.stack and self.stack[-1].skipped):
            self.texts.append(data)


def html_text_nodes(html: str, ui: str = "zh") -> list[str]:
    """The shown, non-exempt text and labels of rendered HTML (closed panels left out)."""
    collector = _Collector(ui)
    collector.feed(html)
    return collector.texts
