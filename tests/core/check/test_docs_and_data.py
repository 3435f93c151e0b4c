"""The reviewed data is complete and the documentation names every code."""

from __future__ import annotations

import re
import string
from pathlib import Path

from reinstate.check.data import TEXT_KEYS, code_texts, patterns, section
from reinstate.check.scoring import NOT_READY_BELOW, PENALTY, READY_FROM

ROOT = Path(__file__).resolve().parents[3]
SOURCES = ROOT / "src" / "reinstate" / "check"


def _slots(text: str) -> set[str]:
    """Slot names; a Chinese text may take the Chinese form of a value ({detail_zh} for
    {detail}: Harper explains a grammar lint in English only)."""
    names = {name for _, name, _, _ in string.Formatter().parse(text) if name}
    return {name.removesuffix("_zh_hant").removesuffix("_zh") for name in names}


def test_it_has_every_text_in_three_languages_with_the_same_slots() -> None:
    for code, texts in code_texts().items():
        for field in (texts.message, texts.suggestion):
            assert set(field) == set(TEXT_KEYS), code
            assert all(field[lang].strip() for lang in TEXT_KEYS), code
            assert _slots(field["zh-hans"]) == _slots(field["en"]), code
            assert _slots(field["zh-hant"]) == _slots(field["en"]), code
            assert re.search(r"[\u4e00-\u9fff]", field["zh-hans"]), code


def test_it_emits_only_codes_with_texts() -> None:
    emitted = set()
    for path in SOURCES.glob("*.py"):
        emitted |= set(
            re.findall(r'"((?:tone|structure|facts|language|generic)_[a-z_]+)"', path.read_text())
        )
    emitted -= {"tone_apology"}  # a pattern list (apology sentences), not a code
    assert emitted <= set(code_texts()), sorted(emitted - set(code_texts()))


def test_it_compiles_every_pattern_list() -> None:
    for name, key in [
        ("tone", "tone_blame"),
        ("tone", "tone_apology"),
        ("structure", "future_tense"),
        ("structure", "in_error"),
        ("facts", "placeholders"),
        ("generic", "stock"),
    ]:
        assert patterns(name, key)
    assert section("language")["allow"]


def test_the_documentation_names_every_code_and_the_formula() -> None:
    doc = (ROOT / "docs" / "checker.md").read_text(encoding="utf-8")
    missing = [code for code in code_texts() if f"`{code}`" not in doc]
    assert missing == []
    for points in PENALTY.values():
        assert f"| {points:.0f} |" in doc
    assert f"score of {READY_FROM}" in doc
    assert f"below {NOT_READY_BELOW}" in doc
