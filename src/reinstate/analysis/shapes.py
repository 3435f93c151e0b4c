"""Shapes a reader must refuse before it parses: endless lines, endless headers, deep JSON.

Each check costs a small fraction of reading the file and runs before the library that would
otherwise hold the whole shape in memory (polars on a 1 GB line, ``json`` on 100,000 nested
brackets, which recurses until Python gives up).
"""

from __future__ import annotations

import mmap
import os
from pathlib import Path
from typing import Any, BinaryIO

from reinstate.analysis.limits import MB, TooLarge, size_text

_CHUNK = MB


class LineGuard:
    """Fed a file's bytes in order, refuses the first line longer than ``limit`` bytes.

    Costs a few ``find`` calls per chunk, never one step per line: a line longer than the limit
    holds a whole aligned block of half the limit without a line break, so only such blocks
    are looked at closely. With ``count_lines`` false the line breaks are not counted either
    (a tenth of a second per 400 MB) and a refusal names line 0: a caller that can read the
    bytes again finds the line from the refusal's ``start``.

    >>> guard = LineGuard(8, "orders.txt")
    >>> guard.feed(b"a\\tb\\nc\\td\\n")
    >>> guard.feed(b"x" * 9)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    reinstate.analysis.limits.TooLarge: orders.txt: line 3 runs past 9 bytes without a line ...
    """

    def __init__(self, limit: int, name: str, *, count_lines: bool = True) -> None:
        self.limit = limit
        self.name = name
        self.count_lines = count_lines
        self.lines = 0  # line breaks seen
        self.run = 0  # bytes of the line not yet ended
        self.offset = 0  # bytes fed before the current chunk

    def feed(self, chunk: bytes) -> None:
        first = chunk.find(b"\n")
        if first < 0:
            self.run += len(chunk)
            if self.run > self.limit:
                self._refuse(self.lines + 1, self.offset + len(chunk) - self.run, self.run)
            self.offset += len(chunk)
            return
        if self.run + first > self.limit:
            self._refuse(self.lines + 1, self.offset - self.run, self.run + first)
        last = chunk.rfind(b"\n")
        block = max(1, self.limit // 2)
        start = first + 1
        while start < last:
            end = min(start + block, last)
            if chunk.find(b"\n", start, end) < 0:
                begin = chunk.rfind(b"\n", 0, start) + 1
                stop = chunk.find(b"\n", start)
                if stop - begin > self.limit:
                    line = self.lines + chunk.count(b"\n", 0, begin) + 1
                    self._refuse(line, self.offset + begin, stop - begin)
                start = stop + 1
            else:
                start = end
        if self.count_lines:
            self.lines += chunk.count(b"\n")
        self.run = len(chunk) - last - 1
        self.offset += len(chunk)

    def _refuse(self, line: int, start: int, length: int) -> None:
        if not self.count_lines:
            line = 0
        raise line_too_long(self.name, line, start, length, self.limit, exact=False)


def line_too_long(
    name: str, line: int, start: int, length: int, limit: int, *, exact: bool
) -> TooLarge:
    measured = f"is {size_text(length)} long" if exact else f"runs past {size_text(length)}"
    return TooLarge(
        "line_too_long",
        f"{name}: line {line:,} {measured} without a line break; Reinstate reads lines up to "
        f"{size_text(limit)} (a Seller Central export has short rows)",
        line=line,
        start=start,
        length=length,
        limit=limit,
    )


def check_lines(path: Path, limit: int, *, name: str, columns: int, sep: bytes = b"\t") -> None:
    """Refuse ``path`` if a line is longer than ``limit`` bytes.

    The file is mapped, not read: one search per block of half the limit, each stopping at the
    block's first line break (``long_line``), so a few bytes of each block are looked at
    instead of every byte being copied (about 0.08 s CPU less over the 400 MB of a million
    orders' exports). A file that cannot be mapped is read in 1 MB blocks instead.

    The refusal gives the line's real length (found with one search to its end). A first line
    that long is most likely a header with too many columns: it is refused as such when its
    separators say so, with the real count.
    """
    with path.open("rb") as handle:
        try:
            start = _mapped_long_line(handle, limit)
        except (OSError, ValueError):  # not a file that can be mapped (a pipe, say)
            start = _read_long_line(handle, limit, name)
        if start is None:
            return
        if start == 0:
            handle.seek(0)
            count_columns(handle, sep, columns=columns, name=name)
        handle.seek(0)
        line = _line_breaks(handle, start) + 1
    length = _line_length(path, start)
    raise line_too_long(name, line, start, length, limit, exact=True)


def long_line(data: bytes | mmap.mmap, limit: int) -> int | None:
    """Where the first line of ``data`` (bytes or a mapped file) longer than ``limit`` bytes
    starts (its line break not counted), or None.

    A line longer than the limit holds a whole block of ``limit // 2`` bytes without a line
    break, wherever the blocks start, as long as no two block starts are further apart than
    a block: so only such blocks are looked at closely.

    >>> long_line(b"ab\\ncdefghijk\\nx", 8), long_line(b"ab\\ncdefghij\\n", 8)
    (3, None)
    """
    size = len(data)
    block = max(1, limit // 2)
    position = 0
    while position < size:
        end = min(position + block, size)
        if data.find(b"\n", position, end) >= 0:
            position = end
            continue
        begin = data.rfind(b"\n", 0, position) + 1
        stop = data.find(b"\n", position)
        stop = size if stop < 0 else stop
        if stop - begin > limit:
            return begin
        position = stop + 1
    return None


def _mapped_long_line(handle: BinaryIO, limit: int) -> int | None:
    if os.fstat(handle.fileno()).st_size == 0:
        return None
    with mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as mapped:
        return long_line(mapped, limit)


def _read_long_line(handle: BinaryIO, limit: int, name: str) -> int | None:
    handle.seek(0)
    guard = LineGuard(limit, name, count_lines=False)
    try:
        while chunk := handle.read(_CHUNK):
            guard.feed(chunk)
    except TooLarge as refused:
        return int(refused.facts["start"])
    return None


def _line_breaks(handle: object, end: int) -> int:
    """Line breaks in the first ``end`` bytes (counted only for a refusal's message)."""
    read = getattr(handle, "read")  # noqa: B009 - any binary file object
    count = 0
    while end > 0 and (chunk := read(min(_CHUNK, end))):
        count += chunk.count(b"\n")
        end -= len(chunk)
    return count


def _line_length(path: Path, start: int) -> int:
    """Bytes from ``start`` to the next line break (or the end), without reading them into
    memory: the file is mapped and searched."""
    with path.open("rb") as handle, mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as m:
        end = m.find(b"\n", start)
        return (len(m) if end < 0 else end) - start


def count_columns(handle: object, sep: bytes, *, columns: int, name: str) -> None:
    """Refuse a first line with more than ``columns`` fields, counting to its end."""
    fields = 1
    read = getattr(handle, "read")  # noqa: B009 - any binary file object
    while chunk := read(_CHUNK):
        end = chunk.find(b"\n")
        fields += chunk.count(sep, 0, end if end >= 0 else len(chunk))
        if end >= 0:
            break
    if fields > columns:
        raise too_many_columns(name, fields, columns)


def too_many_columns(name: str, count: int, limit: int) -> TooLarge:
    return TooLarge(
        "too_many_columns",
        f"{name}: the header has {count:,} columns; Reinstate reads at most {limit:,} "
        "(Amazon's widest report has about 70)",
        count=count,
        limit=limit,
    )


def document_depth(document: Any) -> int:
    """How deeply lists and dicts nest in a parsed JSON document (walked without recursion).

    >>> document_depth({"a": [1, {"b": "[[["}]})
    3
    """
    deepest = 0
    stack: list[tuple[Any, int]] = [(document, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict):
            children: Any = value.values()
        elif isinstance(value, list):
            children = value
        else:
            continue
        deepest = max(deepest, depth)
        stack.extend((child, depth + 1) for child in children)
    return deepest


def json_too_large(name: str, size: int, limit: int) -> TooLarge:
    return TooLarge(
        "json_too_large",
        f"{name}: {size_text(size)} of JSON; a performance report is a few KB and Reinstate "
        f"reads at most {size_text(limit)}",
        size=size,
        limit=limit,
    )


def json_too_deep(name: str, depth: int, limit: int) -> TooLarge:
    """``depth`` 0 means "deeper than Python's parser goes" (about 1,000 levels)."""
    found = f"{depth:,} levels" if depth else "more than 1,000 levels"
    return TooLarge(
        "json_too_deep",
        f"{name}: the JSON nests {found} deep; a performance report nests about 5 and "
        f"Reinstate reads at most {limit}",
        depth=depth,
        limit=limit,
    )
