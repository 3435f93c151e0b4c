"""A composed appeal as stored JSON, and back.

A draft keeps every Chinese text in both scripts (from the knowledge base's trilingual texts), so
the page shows the Simplified or Traditional mirror whatever the language the draft was written
in, and the exports can rebuild an :class:`~reinstate.compose.Appeal` from the row alone, even a
hand-edited one.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from reinstate.compose import Appeal, Attachment, Block, Mirror, OpenQuestion, Section
from reinstate.compose.appeal import SECTION_NAMES
from reinstate.compose.letter import block_line, section_text
from reinstate.compose.text import Text

# A hand-written line has no knowledge-base Chinese; the mirror shows this marker instead.
EDITED_MARK = {
    "zh-hans": "（您手动修改的句子，没有中文对照，请自行核对英文）",
    "zh-hant": "（您手動修改的句子，沒有中文對照，請自行核對英文）",
}
_NUMBERED = re.compile(r"^(\d+\.|-)\s+(.*)$")


def _text(raw: Mapping[str, Any]) -> Text:
    return Text(str(raw.get("en", "")), str(raw.get("zh-hans", "")), str(raw.get("zh-hant", "")))


def lines_json(appeal: Appeal) -> list[dict[str, Any]]:
    """The letter's blocks, one per line: part, kind, number and the three languages."""
    return [
        {"part": b.part, "kind": b.kind, "number": b.number, **b.text.as_dict(), "edited": False}
        for b in appeal.blocks
    ]


def questions_json(questions: Sequence[OpenQuestion]) -> list[dict[str, Any]]:
    return [
        {
            "id": q.id,
            "kind": q.kind,
            "optional": q.optional,
            "answer_key": q.answer_key,
            "question": q.question,
            "prompt": q.prompt.as_dict(),
        }
        for q in questions
    ]


def attachments_json(attachments: Sequence[Attachment]) -> list[dict[str, Any]]:
    return [
        {
            "code": a.code,
            "title": a.title.as_dict(),
            "required": a.required,
            "requested": a.requested,
            "in_letter": a.in_letter,
            "rule": None if a.rule is None else a.rule.as_dict(),
        }
        for a in attachments
    ]


def options_json(appeal: Appeal) -> dict[str, list[dict[str, Any]]]:
    return {
        part: [
            {
                "id": o.id,
                "title": o.title.as_dict(),
                "text": o.text.as_dict(),
                "selected": o.selected,
                "complete": o.complete,
                "evidence": list(o.evidence),
            }
            for o in options
        ]
        for part, options in appeal.options.items()
    }


def sections_json(sections: Mapping[str, Section]) -> dict[str, dict[str, Any]]:
    return {
        name: {"text": s.text, "chars": s.chars, "limit": s.limit, "over_limit": s.over_limit}
        for name, s in sections.items()
    }


def edited_lines(text: str, previous: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The lines of a hand-edited letter. A line found unchanged in the previous version keeps
    its part and its Chinese; a new or changed line takes the part of the line above it (so the
    form boxes can still be cut out) and is marked ``edited``."""
    known: dict[str, Mapping[str, Any]] = {}
    for line in previous:
        key = f"{line['number']} {line['en']}" if line.get("number") else str(line["en"])
        known.setdefault(key.strip(), line)
    found: list[dict[str, Any]] = []
    part = "opening"
    for raw in text.splitlines():
        stripped = raw.strip()
        if not stripped:
            continue
        same = known.get(stripped)
        if same is not None:
            part = str(same["part"])
            found.append({**same, "edited": False})
            continue
        numbered = _NUMBERED.match(stripped)
        number, body = (numbered.group(1), numbered.group(2)) if numbered else ("", stripped)
        found.append(
            {
                "part": part,
                "kind": "item" if numbered else "paragraph",
                "number": number,
                "en": body,
                "zh-hans": body,
                "zh-hant": body,
                "edited": True,
            }
        )
    return found


def blocks_of(lines: Sequence[Mapping[str, Any]]) -> tuple[Block, ...]:
    return tuple(
        Block(str(line["part"]), str(line["kind"]), _text(line), str(line.get("number", "")))
        for line in lines
    )


def cut_sections(
    lines: Sequence[Mapping[str, Any]], limits: Mapping[str, int]
) -> dict[str, dict[str, Any]]:
    """The three form boxes of a letter's lines, as the composer cuts them."""
    blocks = blocks_of(lines)
    found: dict[str, Section] = {}
    for name in SECTION_NAMES:
        text = section_text(blocks, name)
        found[name] = Section(text, len(text), int(limits.get(name, 2000)))
    return sections_json(found)


def mirror_pairs(lines: Sequence[Mapping[str, Any]], lang: str) -> list[dict[str, Any]]:
    """English beside Chinese, one pair per line; ``lang`` is zh-hans or zh-hant."""
    script = "zh-hant" if lang == "zh-hant" else "zh-hans"
    pairs = []
    for line in lines:
        block = Block(str(line["part"]), str(line["kind"]), _text(line), str(line["number"]))
        edited = bool(line.get("edited"))
        pairs.append(
            {
                "en": block_line(block, "en"),
                "zh": EDITED_MARK[script] if edited else block_line(block, script),
                "kind": line["kind"],
                "part": line["part"],
                "edited": edited,
            }
        )
    return pairs


def appeal_of(draft: Any, lang: str) -> Appeal:
    """Rebuild the appeal a draft row holds, for the exports (``lang``: the mirror script)."""
    script = "zh-hant" if lang == "zh-hant" else "zh-hans"
    lines = list(draft.mirror)
    blocks = blocks_of(
        [
            {**line, script: EDITED_MARK[script] + " " + str(line["en"])}
            if line.get("edited")
            else line
            for line in lines
        ]
    )
    sections = {
        name: Section(str(raw["text"]), int(raw["chars"]), int(raw["limit"]))
        for name, raw in draft.sections.items()
    }
    pairs = tuple((block_line(b, "en"), block_line(b, script)) for b in blocks)
    return Appeal(
        category=draft.category,
        lang=script,
        in_error=draft.in_error,
        sections=sections,
        letter=draft.letter,
        mirror=Mirror(
            script, pairs, tuple(b.part for b in blocks), tuple(b.number for b in blocks)
        ),
        blocks=blocks,
        facts_used=(),
        open_questions=tuple(
            OpenQuestion(
                id=q["id"],
                kind=q["kind"],
                prompt=_text(q["prompt"]),
                question=q.get("question"),
                optional=bool(q.get("optional")),
                answer_key=q.get("answer_key"),
            )
            for q in draft.open_questions
        ),
        attachments=tuple(
            Attachment(
                code=a["code"],
                title=_text(a["title"]),
                required=bool(a["required"]),
                requested=bool(a["requested"]),
                in_letter=bool(a["in_letter"]),
                rule=None if a.get("rule") is None else _text(a["rule"]),
            )
            for a in draft.attachments
        ),
        options={},
        notes=tuple(_text(n) for n in draft.notes),
    )
