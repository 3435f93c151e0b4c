"""Chinese in the terminal breaks where Chinese may break: a line never starts with "。"."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from rich.console import Console
from rich.table import Table

from reinstate.cli.wrapping import LineBroken
from reinstate.codes import Category, Document
from reinstate.notices.labels import hint, summary
from tests.core.cli_process import run_reinstate

# Closing punctuation that Chinese typography keeps at the end of the line it closes.
NEVER_FIRST = set("。，、；：！？）」』”’》〉】")


def _texts(lang: str) -> list[str]:
    texts = [summary(c.value, lang) for c in Category]
    texts += [hint(d.value, lang) for d in Document]
    return [t for t in texts if t]


def _cell_lines(text: str, width: int) -> list[str]:
    """The lines of ``text`` in a table's second column, as the diagnose summary lays it out."""
    console = Console(width=width, file=io.StringIO(), color_system=None)
    table = Table.grid(padding=(0, 2))
    table.add_column(no_wrap=True)
    table.add_column(overflow="fold")
    table.add_row("W", LineBroken(text))  # one cell of heading, then two of padding
    console.print(table)
    return [line[3:].rstrip() for line in console.file.getvalue().splitlines()]


@pytest.mark.parametrize("lang", ["zh-hans", "zh-hant"])
@pytest.mark.parametrize("width", [34, 41, 47, 58, 66, 80])
def test_no_line_of_a_chinese_summary_starts_with_closing_punctuation(
    lang: str, width: int
) -> None:
    for text in _texts(lang):
        lines = _cell_lines(text, width)
        assert "".join(lines).replace(" ", "") == text.replace(" ", "").replace("\n", "")
        for line in lines:
            assert line[:1] not in NEVER_FIRST, (width, line, text)


def test_a_line_too_long_to_break_is_folded_not_lost() -> None:
    url = "https://sellercentral.amazon.com/performance/dashboard?ref=" + "x" * 60
    lines = _cell_lines(f"请打开 {url} 查看。", 40)
    assert "".join(line.strip() for line in lines).replace(" ", "") == f"请打开{url}查看。"
    assert all(len(line) <= 40 for line in lines)


LETTERS = Path(__file__).resolve().parents[2] / "fixtures" / "letters" / "bad"


@pytest.mark.parametrize("columns", ["44", "61"])
def test_the_checkers_chinese_explanations_never_start_a_line_with_closing_punctuation(
    columns: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", columns)
    letters = sorted(LETTERS.glob("*.txt"))[:4]
    assert letters
    for letter in letters:
        result = run_reinstate("check", str(letter), "--lang", "zh-hans", "--no-grammar")
        assert result.returncode in (0, 1), result.stderr
        explained = [line.strip() for line in result.stdout.splitlines() if line.strip()]
        assert any("→" in line for line in explained), result.stdout
        for line in explained:
            assert line[:1] not in NEVER_FIRST, (letter.name, line)
