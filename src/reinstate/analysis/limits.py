"""How far the readers go before refusing a file, and the refusal they raise past a limit.

A seller's export is read whole, so every size that can grow faster than the upload itself is
capped: what a compressed file expands to (bytes and ratio), a workbook's parts and the memory
of the process that reads it, the longest line, the widest header, the size and depth of a JSON
document. The defaults are sized so that every real Seller Central export passes with room to
spare and a hostile one is refused before it costs more than a few hundred MB.

The core takes these as values (``analyze(paths, limits=ReadLimits(...))``); the web app and
the command line read them from ``REINSTATE_REPORT_MAX_*`` settings.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from reinstate.errors import InputError, TooLargeError

KB = 1024
MB = 1024 * KB
GB = 1024 * MB
# The ratio is judged only once this much came out: a small file may expand a lot harmlessly
# (a header and a few blank rows compress 500:1), a bomb is caught long before it hurts.
RATIO_FLOOR = 16 * MB


@dataclass(frozen=True, slots=True)
class ReadLimits:
    """The ceilings on reading one export (each has a documented default).

    - ``expanded_bytes``: the most a compressed export (``.gz``) may expand to; 1 GB, the
      largest plain export the web app accepts (``REINSTATE_REPORT_MAX_EXPANDED_MB``).
    - ``expansion_ratio``: the most bytes one compressed byte may become, judged once 16 MB
      came out; 100 (real exports compress 5 to 20 times, bombs 250 to 1,000 times)
      (``REINSTATE_REPORT_MAX_RATIO``).
    - ``workbook_bytes``: the most a workbook's parts may expand to (an ``.xls``: its size);
      256 MB. A workbook is read whole, at about twice that in memory
      (``REINSTATE_REPORT_MAX_WORKBOOK_MB``).
    - ``workbook_memory``: the address space of the separate process that reads a workbook
      (its cells far apart can ask for terabytes); 1.5 GB.
    - ``workbook_seconds``: how long that process may take; 120 s.
    - ``archive_members``: the most parts in a workbook; 1,000 (Excel writes about a dozen).
    - ``line_bytes``: the longest line of a text export; 1 MB (Amazon's rows are under 10 KB).
    - ``columns``: the most columns a header may have; 1,000 (Amazon's widest report has 70).
    - ``json_bytes``: the largest performance report JSON; 10 MB (a real one is a few KB).
    - ``json_depth``: the deepest nesting in it; 64 (a real one nests 5 levels).
    """

    expanded_bytes: int = 1 * GB
    expansion_ratio: int = 100
    workbook_bytes: int = 256 * MB
    workbook_memory: int = 1536 * MB
    workbook_seconds: float = 120.0
    archive_members: int = 1000
    line_bytes: int = 1 * MB
    columns: int = 1000
    json_bytes: int = 10 * MB
    json_depth: int = 64


DEFAULT_LIMITS = ReadLimits()


class Refused(InputError):
    """One file that will not be read, with a code and the figures behind it.

    ``code`` names the kind of refusal (``expanded_too_large``, ``line_too_long`` ...) and
    ``facts`` its figures (sizes in bytes, counts, line numbers), so a caller can say it again
    in the reader's language; ``message`` says it in English, with the file's name.
    """

    def __init__(self, code: str, message: str, **facts: Any) -> None:
        super().__init__(message, code=code)
        self.facts: dict[str, Any] = facts


class TooLarge(Refused, TooLargeError):
    """A refusal because something in the file is past one of the limits."""


def size_text(size: int) -> str:
    """A byte count as people write it: ``'512 bytes'``, ``'240 KB'``, ``'8.0 MB'``, ``'2.0 GB'``.

    >>> size_text(3 * 1024 * 1024 * 1024)
    '3.0 GB'
    """
    if size < KB:
        return f"{size:,} bytes"
    if size < MB:
        return f"{size / KB:,.0f} KB"
    if size < GB:
        return f"{size / MB:,.1f} MB" if size < 100 * MB else f"{size / MB:,.0f} MB"
    return f"{size / GB:,.1f} GB"
