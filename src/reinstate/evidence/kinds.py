"""What kind of document a reading is (invoice, utility bill, letter of authorisation ...), from
the words on it: each kind's words count once anywhere and three times more in the title lines
(the first lines of the first page). A quotation or pro-forma invoice is recognised as
``not_final_invoice`` when its title says so, even though it also says "invoice"."""

from __future__ import annotations

import re

from reinstate.evidence.knowledge import knowledge
from reinstate.evidence.layout import Row

TITLE_ROWS = 8
MIN_SCORE = 2
MAX_TEXT = 200_000
_CJK = re.compile(r"[\u3400-\u9fff]")
_LETTER = re.compile(r"[^\W\d_]")


def scores(rows: list[Row]) -> dict[str, int]:
    first_page = rows[0].page if rows else 1
    title = "\n".join(r.text for r in rows[:TITLE_ROWS] if r.page == first_page)
    body = "\n".join(r.text for r in rows)[:MAX_TEXT]
    found: dict[str, int] = {}
    for kind in knowledge().kinds:
        score = len(kind.pattern.findall(body)) + 3 * len(kind.pattern.findall(title))
        if score:
            found[kind.code] = score
    return found


def recognise(rows: list[Row]) -> str:
    """The kind code, or ``unknown`` when no kind's words stand out."""
    found = scores(rows)
    first_page = rows[0].page if rows else 1
    title = "\n".join(r.text for r in rows[:TITLE_ROWS] if r.page == first_page)
    not_final = next(k for k in knowledge().kinds if k.code == "not_final_invoice")
    if not_final.pattern.search(title):
        return "not_final_invoice"
    order = [k.code for k in knowledge().kinds]
    best = max(found, key=lambda code: (found[code], -order.index(code)), default=None)
    return best if best is not None and found[best] >= MIN_SCORE else "unknown"


def proves(kind: str) -> str | None:
    """The requested-document code a kind of document serves (``invoice`` -> ``invoices``)."""
    return next((k.proves for k in knowledge().kinds if k.code == kind), None)


def language(text: str) -> str:
    """``zh`` when a fifth of the letters are Chinese, ``en`` for other text, "" for none."""
    sample = text[:MAX_TEXT]
    letters = len(_LETTER.findall(sample))
    if not letters:
        return ""
    return "zh" if len(_CJK.findall(sample)) >= 0.2 * letters else "en"
