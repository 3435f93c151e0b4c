"""Chinese and Japanese text in the terminal, broken into lines the way those languages break.

rich wraps text without spaces at whatever character reaches the edge, so a line of a Chinese
summary can start with "。" or "，". :class:`LineBroken` breaks each paragraph at the
opportunities of Unicode's line breaking algorithm (UAX #14, through uniseg), which keeps
closing punctuation on the line it closes, then lets rich fold any line that still does not
fit (a long URL or ASIN list).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, RenderResult
    from rich.measure import Measurement


class LineBroken:
    """A renderable for a table cell: ``text`` (paragraphs split by newlines) wrapped to the
    cell's width at East Asian line-break opportunities.

    >>> from rich.console import Console
    >>> console = Console(width=12, file=__import__("io").StringIO())
    >>> console.print(LineBroken("要恢复销售，请提供发票。"))
    >>> console.file.getvalue().splitlines()
    ['要恢复销售，', '请提供发票。']
    """

    def __init__(self, text: str) -> None:
        self.text = text

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        from rich.text import Text
        from uniseg.wrap import tt_wrap

        width = max(1, options.max_width)
        for paragraph in self.text.split("\n"):
            lines = list(tt_wrap(paragraph, width)) or [""]
            for line in lines:
                yield Text(line.rstrip(), overflow="fold", end="\n")

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        from rich.cells import cell_len
        from rich.measure import Measurement

        widest = max((cell_len(p) for p in self.text.split("\n")), default=0)
        # Chinese may break after almost any character: a narrow cell is fine.
        return Measurement(min(widest, 8), widest).clamp(max_width=options.max_width)
