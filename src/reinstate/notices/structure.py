"""Split a message into its parts, so the reason weighs most and the boilerplate almost nothing.

Amazon's notices follow one shape in every language: an opening that says what happened, headed
parts ("Why is this happening?", "How do I reactivate my account?", "Has your account been
deactivated in error?" ...), a list of ASINs, and closing paragraphs that every deactivation
notice repeats (funds held, A-to-z claims deducted, how to appeal). Answers to appeals may quote
the seller's own appeal below Amazon's text. The headings and the boilerplate sentences are data
(``knowledge/notices/structure.yaml``); the weight of each part per decision is data too
(``knowledge/notices/parts.yaml``).

    >>> s = read_structure("Your account was deactivated.\\nWhy is this happening?\\n"
    ...                    "We received complaints about the authenticity of your items.", "en")
    >>> [p.kind for p in s.parts]
    ['opening', 'reason']
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import Literal

from reinstate.knowledge.loader import load
from reinstate.notices.phrases import LANGUAGES, QUOTES, compile_phrase

Decision = Literal["category", "kind", "outcome", "scope"]
PART_KINDS = (
    "subject",
    "opening",
    "reason",
    "action",
    "send",
    "in_error",
    "consequences",
    "asin_list",
    "help",
    "closing",
    "boilerplate",
    "quoted",
    "body",
)
_LINE = re.compile(r"[^\n]*\n?")
# Sentence ends: Latin punctuation followed by white space, CJK full stops, line breaks (a
# pattern of single characters, so finding them stays linear on any input).
_SENTENCE_END = re.compile(r"[.!?](?=\s)|[。！？\n]")
_MAX_SENTENCE = 1500
_ASIN_LINE = re.compile(r"^[\s\-–•*]*(?:asin[\s:：]*)?(?:B0[A-Z0-9]{8}|\d{9}[\dX])\b", re.I)


@dataclass(frozen=True, slots=True)
class Part:
    """One part of a message: ``kind`` is one of PART_KINDS, offsets into the message text."""

    kind: str
    start: int
    end: int
    heading: str | None = None


@dataclass(frozen=True, slots=True)
class _Rules:
    quote_headers: list[re.Pattern[str]]
    weights: dict[str, dict[str, float]]
    opening_chars: int
    generic_heading_max: int


@cache
def _rules() -> _Rules:
    parts = load("notices/parts")
    quote_headers = [re.compile(str(p), re.IGNORECASE) for p in parts["quote_headers"]]
    weights = {
        str(decision): {str(k): float(v) for k, v in table.items()}
        for decision, table in parts["weights"].items()
    }
    return _Rules(
        quote_headers,
        weights,
        int(parts["opening_chars"]),
        int(parts["generic_heading_max_chars"]),
    )


@cache
def _headings(lang: str) -> list[tuple[str, re.Pattern[str]]]:
    """(part, pattern) for the headings of one language, compiled on first use (a cold
    ``reinstate diagnose`` compiles only the languages it reads)."""
    out = []
    for part, per_lang in (load("notices/structure").get("headings") or {}).items():
        for pattern in (per_lang or {}).get(lang) or []:
            out.append((str(part), compile_phrase(str(pattern), lang)))
    return out


@cache
def _boilerplate(lang: str) -> re.Pattern[str] | None:
    """Every boilerplate sentence pattern of one language as one alternation (one search per
    sentence instead of one per pattern)."""
    patterns = (load("notices/structure").get("boilerplate") or {}).get(lang) or []
    if not patterns:
        return None
    joined = "|".join(f"(?:{compile_phrase(str(p), lang).pattern})" for p in patterns)
    return re.compile(joined)


def _lines(text: str) -> Iterator[tuple[int, str]]:
    """(offset, line without its newline) for every line of ``text``.

    A line is read sentence by sentence: paragraphs lose their line breaks in forums and
    pastes, and an inline "Why is this happening?" still opens a part.
    """
    for match in _LINE.finditer(text):
        if match.start() == match.end():
            break
        line = match.group().rstrip("\n")
        if _is_quote_header(line) or not _SENTENCE_END.search(line.rstrip()):
            yield match.start(), line
            continue
        start = 0
        for end in _SENTENCE_END.finditer(line):
            if end.end() - start > 0:
                yield match.start() + start, line[start : end.end()]
            start = end.end()
        if start < len(line):
            yield match.start() + start, line[start:]


def _heading_kind(line: str, langs: Iterable[str]) -> str | None:
    """The part a heading line opens ("body" for an unknown question), or None."""
    stripped = line.strip()
    if not stripped or len(stripped) > 160:
        return None
    normal = unicodedata.normalize("NFKC", stripped.translate(QUOTES)).lower()
    rules = _rules()
    for lang in langs:
        for part, regex in _headings(lang):
            if regex.search(normal):
                return part
    if len(stripped) <= rules.generic_heading_max and stripped.endswith(("?", "？")):
        return "body"
    return None


def _is_quote_header(line: str) -> bool:
    stripped = line.strip()
    if not stripped or len(stripped) > 300:
        return False
    return any(regex.fullmatch(stripped) for regex in _rules().quote_headers)


@dataclass(frozen=True, slots=True)
class Structure:
    """The parts of one message, in order, covering it from start to end."""

    parts: tuple[Part, ...]
    _starts: tuple[int, ...]

    def part_at(self, offset: int) -> Part | None:
        index = bisect_right(self._starts, offset) - 1
        if index < 0:
            return None
        part = self.parts[index]
        return part if offset < part.end else None

    def kind_at(self, offset: int) -> str:
        """The part kind at ``offset`` (a subject hit, offset -1, is ``subject``)."""
        if offset < 0:
            return "subject"
        part = self.part_at(offset)
        return part.kind if part else "body"

    def weight_at(self, offset: int, decision: Decision) -> float:
        return _rules().weights.get(decision, {}).get(self.kind_at(offset), 1.0)

    def text_of(self, text: str, kinds: Iterable[str]) -> str:
        wanted = set(kinds)
        return "\n".join(text[p.start : p.end] for p in self.parts if p.kind in wanted)

    def to_json(self) -> list[dict[str, object]]:
        return [
            {"kind": p.kind, "start": p.start, "end": p.end, "heading": p.heading}
            for p in self.parts
        ]


def _sections(text: str, langs: list[str]) -> list[Part]:
    """Line-level parts: opening, headed parts, ASIN lists, and quoted earlier mail."""
    rules = _rules()
    sections: list[Part] = []
    kind, start, heading = "opening", 0, None
    seen_heading = False
    for offset, line in _lines(text):
        if _is_quote_header(line) or line.lstrip().startswith(">"):
            new_kind: str | None = "quoted"
        elif kind == "quoted":
            continue  # everything below a quote header is the earlier mail
        else:
            new_kind = _heading_kind(line, langs)
            if new_kind is None and kind != "asin_list" and _ASIN_LINE.match(line):
                new_kind = "asin_list" if not line.strip().endswith((".", "。")) else None
        if new_kind is None:
            if kind == "asin_list" and line.strip() and not _ASIN_LINE.match(line):
                new_kind = "body" if seen_heading else "opening"
            else:
                continue
        if new_kind == kind and new_kind in {"quoted", "asin_list"}:
            continue
        if offset > start:
            sections.append(Part(kind, start, offset, heading))
        kind, start = new_kind, offset
        heading = line.strip() if new_kind not in {"quoted", "asin_list", "opening"} else None
        seen_heading = seen_heading or heading is not None
    if start < len(text):
        sections.append(Part(kind, start, len(text), heading))
    # Without headings, only the first sentences are the opening; the rest is plain body.
    out: list[Part] = []
    for part in sections:
        limit = part.start + rules.opening_chars
        if part.kind == "opening" and part.end > limit:
            cut = text.rfind("\n", part.start, limit)
            cut = cut + 1 if cut > part.start else limit
            out += [Part("opening", part.start, cut), Part("body", cut, part.end)]
        else:
            out.append(part)
    return out


def _boilerplate_spans(text: str, part: Part, langs: list[str]) -> list[tuple[int, int]]:
    patterns = [p for p in (_boilerplate(lang) for lang in langs) if p is not None]
    if not patterns:
        return []
    spans = []
    start = part.start
    # A boilerplate sentence is short; a "sentence" of thousands of characters (a paste
    # without full stops) is not compared, so no pattern ever scans a huge run of text.
    ends = [m.end() for m in _SENTENCE_END.finditer(text, part.start, part.end)]
    for end in [*ends, part.end]:
        if end <= start:
            continue
        if end - start > _MAX_SENTENCE:
            start = end
            continue
        sentence = unicodedata.normalize("NFKC", text[start:end].translate(QUOTES)).lower()
        if 8 <= len(sentence.strip()) <= _MAX_SENTENCE and any(
            p.search(sentence) for p in patterns
        ):
            spans.append((start, end))
        start = end
    return spans


def read_structure(text: str, language: str) -> Structure:
    """The parts of ``text`` (a message body) written in ``language``."""
    langs = list(dict.fromkeys([language, "en", "any"] if language in LANGUAGES else ["en", "any"]))
    parts: list[Part] = []
    for section in _sections(text, langs):
        if section.kind in {"quoted", "asin_list"}:
            parts.append(section)
            continue
        cursor = section.start
        for start, end in _boilerplate_spans(text, section, langs):
            if start > cursor:
                parts.append(Part(section.kind, cursor, start, section.heading))
            parts.append(Part("boilerplate", start, end, section.heading))
            cursor = end
        if cursor < section.end:
            parts.append(Part(section.kind, cursor, section.end, section.heading))
    merged: list[Part] = []
    for part in parts:
        if merged and merged[-1].kind == part.kind and merged[-1].end == part.start:
            last = merged.pop()
            part = Part(part.kind, last.start, part.end, last.heading)
        merged.append(part)
    return Structure(tuple(merged), tuple(p.start for p in merged))
