"""Fields read from a document's rows: its dates (issue date, validity), the supplier or issuer
block (name, address, phone, website, e-mail), the buyer or holder block (name, address), the
brand and issuer of a letter of authorisation. Each value keeps its page and box.

A block is found by its label ("Bill To", "购买方", "Account name") at the start of a column, and
runs down that column until a gap, another label or the item table. A supplier without a label
is the letterhead: the lines above the first other block on the first page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from reinstate.evidence import contacts
from reinstate.evidence.dates import FoundDate, find_dates
from reinstate.evidence.knowledge import group, knowledge, label
from reinstate.evidence.layout import Row, Word, union
from reinstate.evidence.model import FieldValue, Party

_LATIN = re.compile(r"[A-Za-z]+")
_CJK = re.compile(r"[\u3400-\u9fff]")
_STRIP = " :：,，;；-–|"
_RANGE = re.compile(r"\s{0,3}(?:to|until|through|till|[-–~～至到])\s{0,3}$", re.IGNORECASE)
STOPS = ("supplier", "buyer", "issue_date", "table_quantity", "document_number")
MAX_BLOCK_LINES = 6


def _short(word: str) -> bool:
    """A generic label that counts only with a colon after it ("Date:", "Name:", "日期：")."""
    cjk = len(_CJK.findall(word))
    return (cjk and cjk <= 2) or (not cjk and len(word.split()) == 1 and len(word) <= 6)


def label_at_start(text: str, name: str) -> int | None:
    """The end of label ``name`` when ``text`` starts with it (and its colon, if any)."""
    found = label(name).match(text.lstrip())
    if found is None:
        return None
    offset = len(text) - len(text.lstrip())
    rest = text[offset + found.end() :].lstrip()
    has_colon = rest[:1] in (":", "：")
    if _short(found.group()) and not has_colon:
        return None
    end = offset + found.end()
    while end < len(text) and text[end] in " :：":
        end += 1
    return end


def field_of(row: Row, start: int, end: int, value: str | None = None) -> FieldValue:
    words = row.words_in(start, end)
    fonts = tuple(sorted({f for w in words for f in w.fonts}))
    text = row.text[start:end].strip(_STRIP)
    return FieldValue(value if value is not None else text, text, row.page, union(words), fonts)


def lines_field(lines: list[Row]) -> FieldValue | None:
    texts = [line.text.strip(_STRIP) for line in lines if line.text.strip(_STRIP)]
    if not texts:
        return None
    words = [w for line in lines for w in line.words]
    fonts = tuple(sorted({f for w in words for f in w.fonts}))
    joined = ", ".join(texts)
    return FieldValue(joined, joined, lines[0].page, union(words), fonts)


# --- dates -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DatedValue:
    kind: str  # issue_date, not_issue_date, valid_from, valid_until, none
    value: FieldValue


def _date_label(before: str) -> str:
    """The kind of the last date label in ``before`` (the row's text left of the date)."""
    best, best_end = "none", -1
    for name in ("issue_date", "not_issue_date", "valid_from", "valid_until"):
        for match in label(name).finditer(before):
            if match.end() >= best_end:
                best, best_end = name, match.end()
    return best


def _above(rows: list[Row], index: int, word: Word) -> str:
    """A label in the row just above, over the date (a table heading "Invoice Date")."""
    if index == 0:
        return "none"
    above = rows[index - 1]
    if above.page != rows[index].page or word.y0 - above.bottom > 3 * above.height:
        return "none"
    over = [w for w in above.words if w.x0 < word.x1 and w.x1 > word.x0 - 0.05]
    return _date_label(" ".join(w.text for w in over)) if over else "none"


def read_dates(rows: list[Row]) -> list[DatedValue]:
    found: list[DatedValue] = []
    for index, row in enumerate(rows):
        dates: list[FoundDate] = find_dates(row.text)
        for number, hit in enumerate(dates):
            kind = _date_label(row.text[: hit.start])
            if kind == "none":
                words = row.words_in(hit.start, hit.end)
                kind = _above(rows, index, words[0]) if words else "none"
            previous = dates[number - 1] if number else None
            if previous is not None and _RANGE.match(row.text[previous.end : hit.start]):
                kind = "valid_until" if kind in ("none", "not_issue_date") else kind
                earlier = found[-1]
                loose = earlier.kind in ("none", "not_issue_date")
                found[-1] = DatedValue("valid_from" if loose else earlier.kind, earlier.value)
            value = field_of(row, hit.start, hit.end, hit.value.isoformat())
            found.append(DatedValue(kind, value))
    return found


def pick_dates(dated: list[DatedValue]) -> dict[str, FieldValue]:
    """Issue date: the first labelled one, else the first date on the first page with no
    other label; validity dates as labelled."""
    fields: dict[str, FieldValue] = {}
    for kind in ("issue_date", "valid_from", "valid_until"):
        labelled = next((d.value for d in dated if d.kind == kind), None)
        if labelled is not None:
            fields[kind] = labelled
    if "issue_date" not in fields:
        first_page = min((d.value.page for d in dated), default=1)
        loose = next(
            (d.value for d in dated if d.kind == "none" and d.value.page == first_page), None
        )
        if loose is not None:
            fields["issue_date"] = loose
    return fields


# --- blocks ------------------------------------------------------------------------------------


def _starts_with_stop(text: str, own: str) -> bool:
    return any(label_at_start(text, name) is not None for name in STOPS if name != own)


def block(rows: list[Row], index: int, segment: Row, end: int, own: str) -> list[Row]:
    """The lines of the block whose label ends at ``end`` in ``segment`` of ``rows[index]``."""
    row = rows[index]
    x_left = segment.words[0].x0
    later = [s for s in row.segments() if s.words[0].x0 > segment.words[-1].x1]
    x_right = later[0].words[0].x0 if later else 1.01
    lines: list[Row] = []
    inline = [w for w in segment.words if segment.offset_of(w) >= end]
    if inline:
        lines.append(Row.of(row.page, inline))
    last_bottom = row.bottom
    for below in rows[index + 1 :]:
        if below.page != row.page or len(lines) >= MAX_BLOCK_LINES:
            break
        part = below.between(x_left, x_right)
        if part is None:
            continue
        if part.top - last_bottom > 2.5 * max(part.height, row.height):
            break
        if _starts_with_stop(part.text, own) or len(part.segments()) >= 3:
            break  # another block, or a table row
        if label("table_quantity").search(part.text) and label("table_description").search(
            part.text
        ):
            break
        lines.append(part)
        last_bottom = part.bottom
    return lines


def find_label(rows: list[Row], name: str) -> tuple[int, Row, int] | None:
    """The first row segment that starts with label ``name``: (row index, segment, label end)."""
    for index, row in enumerate(rows):
        for segment in row.segments():
            end = label_at_start(segment.text, name)
            if end is not None:
                return index, segment, end
    return None


def _title_only(text: str) -> bool:
    """A line that is only a document title ("COMMERCIAL INVOICE", "电费账单")."""
    rest = text
    for kind in knowledge().kinds:
        rest = kind.pattern.sub("", rest)
    return len(_LATIN.findall(rest)) + len(_CJK.findall(rest)) < 2


def party(lines: list[Row], *, letterhead: bool = False) -> Party:
    """Name, address and contacts from a block's lines."""
    name: FieldValue | None = None
    address: list[Row] = []
    phone = website = email = None
    for line in lines:
        text = line.text
        if phone is None and (span := contacts.phone_in(text)):
            phone = field_of(line, *span)
        if website is None and (span := contacts.website_in(text)):
            website = field_of(line, *span)
        if email is None and (span := contacts.email_in(text)):
            email = field_of(line, *span)
        if contacts.is_contact_line(text):
            continue
        address_label = label_at_start(text, "address")
        if name is None and address_label is None and not _title_only(text):
            first = line.segments()[0] if letterhead else line
            name = field_of(first, 0, len(first.text))
            continue
        if name is not None and (not letterhead or contacts.looks_like_address(text)):
            if address_label:
                rest = [w for w in line.words if line.offset_of(w) >= address_label]
                line = Row.of(line.page, rest)
            if line.words and len(address) < 3:
                address.append(line)
    return Party(name, lines_field(address), phone, website, email)


def letterhead(rows: list[Row]) -> list[Row]:
    """The first page's lines above the first labelled block, date or table."""
    page = rows[0].page if rows else 1
    lines: list[Row] = []
    for row in rows:
        if row.page != page or len(lines) >= 8:
            break
        if any(label_at_start(s.text, n) is not None for s in row.segments() for n in STOPS):
            break
        if lines and (find_dates(row.text) or _title_only(row.text)):
            break
        lines.append(row)
    return lines


def contacts_anywhere(rows: list[Row], found: Party, skip: set[int]) -> Party:
    """Fill the supplier's missing phone, website and e-mail from any line of the document
    outside the buyer's block (footers often carry them)."""
    phone, website, email = found.phone, found.website, found.email
    for index, row in enumerate(rows):
        if index in skip:
            continue
        if phone is None and (span := contacts.phone_in(row.text)):
            phone = field_of(row, *span)
        if website is None and (span := contacts.website_in(row.text)):
            website = field_of(row, *span)
        if email is None and (span := contacts.email_in(row.text)):
            email = field_of(row, *span)
    return Party(found.name, found.address, phone, website, email)


def inline_value(rows: list[Row], name: str) -> FieldValue | None:
    """The rest of the line after label ``name`` ("Brand: Brightway")."""
    hit = find_label(rows, name)
    if hit is None:
        return None
    _index, segment, end = hit
    if end >= len(segment.text):
        return None
    return field_of(segment, end, len(segment.text))


def scope_words(text: str) -> tuple[str, ...]:
    found = group("authorization_scope").finditer(text)
    return tuple(dict.fromkeys(m.group().lower() for m in found))
