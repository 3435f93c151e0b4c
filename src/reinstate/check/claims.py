"""Claim checks: every ASIN, order, count, date, company and action of the letter against the
case's facts (:class:`CaseClaims`), so a letter edited by hand, or written anywhere, cannot state
what the seller's data and answers do not hold.

- an ASIN or order ID the case does not know: ``claim_unsupported``;
- a count ("7 buyer complaints", "180 units") of a kind the case counts: in a sentence that names
  ASINs, it must be those ASINs' own figure (``claim_contradicted`` when the data says
  otherwise, with the figure it holds); anywhere, a count no source holds is
  ``claim_unsupported``;
- a date after the letter's own date: ``claim_contradicted``; a date no source holds:
  ``claim_unsupported``;
- a company name the case does not know (a supplier nobody named): ``claim_unsupported``;
- a corrective action or preventive measure of the knowledge base that the seller never gave or
  confirmed, and the composer's "[Suggested ...]" mark: ``claim_unconfirmed``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

from .data import section
from .findings import finding
from .model import CaseClaims, CheckFinding
from .sections import LetterSection
from .text import ASIN, ORDER_ID, Letter, inside

_NUMBER = re.compile(r"(?<![\w.,/-])(\d{1,3}(?:,\d{3})+|\d+)(?![\w.,/%-]|[.,]\d)")
_TOKEN = re.compile(r"[a-z]{3,}")
_ACTION_PARTS = ("corrective_actions", "preventive_measures")


@cache
def _rules() -> tuple[dict[str, re.Pattern[str]], dict[str, str], re.Pattern[str], re.Pattern[str]]:
    data = section("claims")
    nouns = {
        str(family): re.compile(rf"^(?:[\w-]+\s+){{0,3}}?(?:{pattern})\b", re.IGNORECASE)
        for family, pattern in data["nouns"].items()
    }
    families = {str(k): str(v) for k, v in data["families"].items()}
    company = re.compile(str(data["company"]))
    marker = re.compile(str(data["suggestion_marker"]), re.IGNORECASE)
    return nouns, families, company, marker


def check_claims(
    letter: Letter, parts: tuple[LetterSection, ...], claims: CaseClaims | None
) -> list[CheckFinding]:
    """Every claim of ``letter`` against ``claims``; without them, only the composer's marks on
    unconfirmed suggestions (they are wrong in any letter)."""
    if claims is None:
        return _marks(letter)
    found = _identifiers(letter, claims)
    found.extend(_counts(letter, claims))
    found.extend(_dates(letter, claims))
    found.extend(_companies(letter, claims))
    found.extend(_actions(letter, parts, claims))
    return found


def _identifiers(letter: Letter, claims: CaseClaims) -> list[CheckFinding]:
    text = letter.text
    found = []
    for match in ASIN.finditer(text):
        asin = match.group().upper()
        if claims.asins and asin not in claims.asins:
            found.append(
                finding(
                    text,
                    "claim_unsupported",
                    match.start(),
                    match.end(),
                    fact=_known("ASINs", claims.asins),
                )
            )
    for match in ORDER_ID.finditer(text):
        if match.group() not in claims.order_ids:
            found.append(
                finding(
                    text,
                    "claim_unsupported",
                    match.start(),
                    match.end(),
                    fact=_known("order IDs", claims.order_ids),
                )
            )
    return found


def _known(what: str, items: Iterable[str]) -> str:
    listed = sorted(items)
    if not listed:
        return f"the case knows no {what}"
    shown = ", ".join(listed[:5]) + (" ..." if len(listed) > 5 else "")
    return f"the case's {what}: {shown}"


def _family_of(text: str, end: int) -> str | None:
    """The kind of thing a count counts: the noun within three words after the number."""
    nouns = _rules()[0]
    after = text[end : end + 60]
    if not after.startswith(" "):
        return None
    for family, pattern in nouns.items():
        if pattern.match(after.lstrip()):
            return family
    return None


def _sentence_asins(text: str, start: int, end: int) -> tuple[str, ...]:
    return tuple(dict.fromkeys(m.group().upper() for m in ASIN.finditer(text, start, end)))


def _asin_total(claims: CaseClaims, asins: tuple[str, ...], keys: set[str]) -> set[float]:
    """The figures of ``keys`` summed over ``asins`` (each ASIN's own figure)."""
    totals = set()
    for key in keys:
        values = [claims.asin_figures.get(a, {}).get(key) for a in asins]
        if all(v is not None for v in values):
            totals.add(float(sum(v for v in values if v is not None)))
    return totals


def _counts(letter: Letter, claims: CaseClaims) -> list[CheckFinding]:
    text = letter.text
    families = _rules()[1]
    covered = [(d.start, d.end) for d in letter.dates] + letter.masked
    found: list[CheckFinding] = []
    for sentence in letter.sentences:
        asins = _sentence_asins(text, sentence.start, sentence.end)
        for match in _NUMBER.finditer(text, sentence.start, sentence.end):
            if inside(match.start(), covered) or _is_reference(text, match.start()):
                continue
            family = _family_of(text, match.end())
            if family is None:
                continue
            value = float(match.group().replace(",", ""))
            keys = {k for k, f in families.items() if f == family}
            problem = _count_problem(claims, value, asins, keys, family in _exact())
            if problem is not None:
                code, fact = problem
                found.append(finding(text, code, match.start(), match.end(), fact=fact))
    return found


@cache
def _exact() -> frozenset[str]:
    return frozenset(str(f) for f in section("claims").get("exact_families", ()))


def _count_problem(
    claims: CaseClaims, value: float, asins: tuple[str, ...], keys: set[str], exact: bool
) -> tuple[str, str] | None:
    """What is wrong with ``value`` as a count of ``keys`` (about ``asins``), or None."""
    if asins:
        own = _asin_total(claims, asins, keys)
        if value in own or value in claims.given:
            return None  # those ASINs' own figure, or one the seller gave (invoiced units ...)
        # Complaints are one measure: another number contradicts the data. "Units" may be sold,
        # invoiced or removed: another number is only unsupported.
        if own and exact:
            return "claim_contradicted", _figure_fact(claims, asins, keys)
        others = [
            a
            for a, figures in claims.asin_figures.items()
            if a not in asins and any(figures.get(k) == value for k in keys)
        ]
        if others:
            return "claim_contradicted", f"{value:,.0f} is the figure of {', '.join(others)}"
        return "claim_unsupported", (f"the data holds no such figure for {', '.join(asins)}")
    known = {v for k in keys for v in claims.figures.get(k, ())}
    if value in known or value in claims.numbers:
        return None
    return "claim_unsupported", "no notice, data or answer of the case holds this figure"


def _figure_fact(claims: CaseClaims, asins: tuple[str, ...], keys: set[str]) -> str:
    pieces = []
    for asin in asins:
        figures = claims.asin_figures.get(asin, {})
        for key in sorted(keys):
            if key in figures:
                pieces.append(f"{asin}: {figures[key]:,.0f} ({key.replace('_', ' ')})")
    return "your data: " + "; ".join(pieces)


def _is_reference(text: str, start: int) -> bool:
    """ "root cause 2", "Section 3", "step 1": a label, not a count."""
    before = text[max(0, start - 14) : start].lower()
    return bool(re.search(r"(?:cause|section|step|part|point|item|no\.|number|#)\s*$", before))


def _dates(letter: Letter, claims: CaseClaims) -> list[CheckFinding]:
    text = letter.text
    found = []
    for written in letter.dates:
        if written.value is None or not written.has_day:
            continue
        if claims.latest_date is not None and written.value > claims.latest_date:
            found.append(
                finding(
                    text,
                    "claim_contradicted",
                    written.start,
                    written.end,
                    fact=f"the letter is dated {claims.latest_date.day} {claims.latest_date:%B %Y}",
                )
            )
        elif claims.dates and written.value not in claims.dates:
            found.append(
                finding(
                    text,
                    "claim_unsupported",
                    written.start,
                    written.end,
                    fact="no notice date, data window or answer of the case is this day",
                )
            )
    return found


def _companies(letter: Letter, claims: CaseClaims) -> list[CheckFinding]:
    text = letter.text
    company = _rules()[2]
    found = []
    for match in company.finditer(text):
        name = " ".join(match.group().split()).lower().rstrip(".")
        if any(name in party or party in name for party in claims.parties):
            continue
        found.append(
            finding(
                text,
                "claim_unsupported",
                match.start(),
                match.end(),
                fact=_known("names", claims.parties),
            )
        )
    return found


def _tokens(text: str) -> frozenset[str]:
    return frozenset(_TOKEN.findall(text.lower()))


def _marks(letter: Letter) -> list[CheckFinding]:
    text = letter.text
    return [
        finding(text, "claim_unconfirmed", m.start(), m.end()) for m in _rules()[3].finditer(text)
    ]


def _actions(
    letter: Letter, parts: tuple[LetterSection, ...], claims: CaseClaims
) -> list[CheckFinding]:
    text = letter.text
    found = _marks(letter)
    marked = [f.start for f in found]
    if not claims.actions:
        return found
    spans = [(p.start, p.end) for p in parts if p.kind.value in _ACTION_PARTS]
    confirmed = claims.confirmed or frozenset()
    threshold = float(section("claims").get("action_overlap", 0.8))
    # A knowledge-base action may run over two sentences: compare whole lines (bullets).
    for line in letter.lines:
        if not inside(line.start, spans) or any(line.start <= m < line.end for m in marked):
            continue
        words = _tokens(text[line.start : line.end])
        overlap = {
            ident: len(words & template) / len(template)
            for ident, template in claims.actions.items()
            if template
        }
        best = max(overlap, key=lambda ident: overlap[ident], default=None)
        if best is not None and overlap[best] >= threshold and best not in confirmed:
            found.append(
                finding(
                    text,
                    "claim_unconfirmed",
                    line.start,
                    line.end,
                    fact=f"the seller has not confirmed the action {best}",
                )
            )
    return found
