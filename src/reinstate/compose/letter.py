"""Lay the letter's blocks out as plain text, and cut the three form sections out of them.

The same blocks give the English letter, each Chinese mirror pair, the DOCX and the PDF, so the
letter, the sections and the mirror can never disagree.
"""

from __future__ import annotations

from collections.abc import Sequence

from reinstate.compose.appeal import Block

# Blocks of these kinds follow the previous block without a blank line between them.
_TIGHT_AFTER = {
    "item": ("item", "group", "paragraph_intro"),
    "reference": ("reference",),
    "signature": ("closing",),
}


def block_line(block: Block, lang: str) -> str:
    text = block.text.get(lang)
    return f"{block.number} {text}" if block.number else text


def layout(blocks: Sequence[Block], lang: str = "en") -> str:
    """Blocks as text: a blank line between paragraphs, none inside a list."""
    lines: list[str] = []
    previous: Block | None = None
    for block in blocks:
        tight = previous is not None and previous.kind in _TIGHT_AFTER.get(block.kind, ())
        if previous is not None and block.kind == "item" and previous.kind == "heading":
            tight = True
        if (
            previous is not None
            and block.kind in ("paragraph", "paragraph_intro")
            and previous.kind == "heading"
        ):
            tight = True
        if previous is not None and block.kind == "group" and previous.kind == "heading":
            tight = True
        if lines and not tight:
            lines.append("")
        lines.append(block_line(block, lang))
        previous = block
    return "\n".join(lines) + "\n"


# The block that addresses every ASIN goes into the corrective-actions box of the form too, so
# each pasted box set still names every ASIN under review.
SECTION_PARTS = {
    "root_cause": ("opening", "root_cause"),
    "corrective_actions": ("corrective_actions", "asins"),
    "preventive_measures": ("preventive_measures",),
}


def section_text(blocks: Sequence[Block], section: str) -> str:
    """The English text of one form section: its blocks without the section's own heading."""
    parts = SECTION_PARTS[section]
    own = [b for b in blocks if b.part in parts and not (b.kind == "heading" and b.part == section)]
    return layout(own, "en").strip()
