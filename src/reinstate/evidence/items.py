"""An invoice's item table: each row's product, identifiers and quantity.

The table starts at a header row with a quantity heading ("Qty", "数量"); the quantity of each row
below is the whole number in the column under that heading (prices have decimals, so they are
never taken for a quantity). The table ends at a total line ("Total", "合计") or a wide gap.
Without a header, a row with an ASIN and one whole number is an item too (a scan whose header
OCR misread). Identifiers: ASINs (B0 and eight letters or digits; OCR's O for 0 is put right),
UPC/EAN barcodes (12 or 13 digits) and model numbers (letters and digits with a dash).
"""

from __future__ import annotations

import re

from reinstate.evidence.fields import label_at_start
from reinstate.evidence.knowledge import label
from reinstate.evidence.layout import Row, Word, union
from reinstate.evidence.model import LineItem

# OCR may read an ASIN in lower case; one with no digit after "B0" is an English word.
ASIN = re.compile(r"(?<![A-Za-z0-9])[Bb][0Oo](?=[A-Za-z0-9]{0,7}\d)[A-Za-z0-9]{8}(?![A-Za-z0-9])")
BARCODE = re.compile(r"(?<!\d)\d{12,13}(?!\d)")
# Letters and digits with one to three dashes, holding at least one of each ("BW-CB-01").
MODEL = re.compile(
    r"(?<![\w\-])(?=[A-Z0-9\-]{0,24}\d)(?=[A-Z0-9\-]{0,24}[A-Z])"
    r"[A-Z0-9]{1,12}(?:-[A-Z0-9]{1,12}){1,3}(?![\w\-])"
)
QUANTITY = re.compile(
    r"^(\d{1,3}(?:[,，]\d{3}){1,2}|\d{1,6})(?:\s?(?:pcs|pc|units?|sets?|件|个|個|套|只))?$",
    re.IGNORECASE,
)
MAX_ITEMS = 200


def canonical_asin(text: str) -> str:
    """``BOC7Q2ZK4M``, ``boc7q2zk4m`` (OCR) -> ``B0C7Q2ZK4M``: ASINs are upper case and their
    second character is a zero."""
    upper = text.upper()
    return upper[0] + "0" + upper[2:] if len(upper) == 10 and upper[:2] == "BO" else upper


def identifiers(text: str) -> tuple[str, ...]:
    found = [canonical_asin(m.group()) for m in ASIN.finditer(text)]
    found += [m.group() for m in BARCODE.finditer(text)]
    found += [m.group() for m in MODEL.finditer(text) if not ASIN.fullmatch(m.group())]
    return tuple(dict.fromkeys(found))


def quantity_of(word: Word) -> int | None:
    """The whole number a word holds, table rules OCR read as ``|`` or brackets set aside."""
    match = QUANTITY.match(word.text.strip(" |[](){}!'\"_"))
    if not match:
        return None
    return int(match.group(1).replace(",", "").replace("，", ""))


def _header(rows: list[Row]) -> int | None:
    for index, row in enumerate(rows):
        if label("table_quantity").search(row.text) and (
            label("table_description").search(row.text) or len(row.segments()) >= 3
        ):
            return index
    return None


def _column(header: Row) -> tuple[float, float]:
    """The x range of the quantity column: its heading and half the gap to its neighbours."""
    hit = label("table_quantity").search(header.text)
    assert hit is not None
    words = header.words_in(*hit.span())
    x0, x1 = words[0].x0, words[-1].x1
    before = [w.x1 for w in header.words if w.x1 <= x0]
    after = [w.x0 for w in header.words if w.x0 >= x1]
    left = (x0 + max(before)) / 2 if before else x0 - 0.05
    right = (x1 + min(after)) / 2 if after else x1 + 0.05
    return left, right


def _is_end(row: Row) -> bool:
    return any(label_at_start(s.text, "table_end") is not None for s in row.segments())


def _item(row: Row, quantity: int | None, quantity_word: Word | None) -> LineItem:
    rest = [w for w in row.words if w is not quantity_word]
    description = " ".join(
        w.text for w in rest if not re.fullmatch(r"[\d.,，]+|\d+\.?", w.text) and len(w.text) > 1
    )
    return LineItem(
        description=description[:300],
        identifiers=identifiers(row.text),
        quantity=quantity,
        page=row.page,
        box=union(list(row.words)),
        text=row.text[:300],
    )


def _in_column(row: Row, column: tuple[float, float]) -> tuple[int | None, Word | None]:
    for word in row.words:
        middle = (word.x0 + word.x1) / 2
        if column[0] <= middle <= column[1]:
            value = quantity_of(word)
            if value is not None:
                return value, word
    return None, None


def _table(rows: list[Row], header: int) -> list[LineItem]:
    column = _column(rows[header])
    items: list[LineItem] = []
    last = rows[header]
    for row in rows[header + 1 :]:
        if row.page != last.page or _is_end(row) or len(items) >= MAX_ITEMS:
            break
        if row.top - last.bottom > 4 * max(row.height, last.height):
            break
        last = row
        quantity, word = _in_column(row, column)
        if quantity is None and items and not identifiers(row.text):
            continue  # a wrapped description line
        if quantity is None and items and items[-1].quantity is None:
            continue
        items.append(_item(row, quantity, word))
    return [i for i in items if i.quantity is not None or i.identifiers]


def _loose(rows: list[Row]) -> list[LineItem]:
    """Rows with an ASIN: the quantity is the first whole number after it (the item's position
    number comes before the product; prices and amounts have decimals)."""
    items: list[LineItem] = []
    for row in rows:
        found = ASIN.search(row.text)
        if not found or len(items) >= MAX_ITEMS:
            continue
        after = [w for w in row.words if row.offset_of(w) >= found.end()]
        quantity, word = next(
            ((q, w) for w in after if (q := quantity_of(w)) is not None and q > 0), (None, None)
        )
        items.append(_item(row, quantity, word))
    return items


def line_items(rows: list[Row]) -> tuple[LineItem, ...]:
    """Every page's item table (a table may go on over several pages, each with its header)."""
    found: list[LineItem] = []
    pages = sorted({r.page for r in rows})
    for page in pages:
        on_page = [r for r in rows if r.page == page]
        header = _header(on_page)
        found.extend(_table(on_page, header) if header is not None else _loose(on_page))
    return tuple(found[:MAX_ITEMS])
