"""Optical character recognition with Debian's tesseract (``tesseract-ocr`` and its English,
Simplified and Traditional Chinese data), run as a process with a time limit and a memory
ceiling, one thread (the machine's cores belong to the web server and the other jobs).

Tesseract's TSV output gives each word with its box and confidence. A page is read with English
and Simplified Chinese first; when it holds Chinese read with low confidence, it is read again
with Traditional Chinese and the better reading is kept.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from reinstate.evidence.pdf import bounded

FIRST = "eng+chi_sim"
TRADITIONAL = "eng+chi_tra"
LOW_CONFIDENCE = 70.0
MEMORY = 1024 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class OcrWord:
    text: str
    left: int
    top: int
    right: int
    bottom: int
    confidence: float
    line: tuple[int, int, int]  # block, paragraph, line


@dataclass(frozen=True, slots=True)
class OcrPage:
    width: int
    height: int
    words: tuple[OcrWord, ...]
    languages: str

    @property
    def confidence(self) -> float | None:
        scores = [w.confidence for w in self.words if w.confidence >= 0]
        return sum(scores) / len(scores) if scores else None


class OcrUnavailable(Exception):
    """Tesseract (or its language data) is not installed."""


class OcrFailed(Exception):
    """Tesseract stopped on this image (``reason``: ``time`` or ``error``)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@cache
def installed_languages() -> frozenset[str]:
    tool = shutil.which("tesseract")
    if tool is None:
        return frozenset()
    try:
        done = subprocess.run(
            [tool, "--list-langs"], capture_output=True, timeout=20, check=False, text=True
        )
    except subprocess.TimeoutExpired:
        return frozenset()
    return frozenset(line.strip() for line in done.stdout.splitlines()[1:] if line.strip())


def _usable(languages: str) -> str:
    have = installed_languages()
    wanted = [lang for lang in languages.split("+") if lang in have]
    if not wanted:
        raise OcrUnavailable(
            "tesseract with its English and Chinese data is not installed "
            "(Debian: tesseract-ocr tesseract-ocr-eng tesseract-ocr-chi-sim tesseract-ocr-chi-tra)"
        )
    return "+".join(wanted)


def available() -> bool:
    return "eng" in installed_languages()


def run_tesseract(image: Path, languages: str, seconds: float, psm: int = 3) -> OcrPage:
    """One tesseract run on ``image`` (TSV: words, boxes, confidences)."""
    tool = shutil.which("tesseract")
    if tool is None:
        raise OcrUnavailable("tesseract is not installed (Debian: tesseract-ocr)")
    command = [tool, str(image), "stdout", "-l", _usable(languages), "--psm", str(psm), "tsv"]
    environment = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "OMP_THREAD_LIMIT": "1",
        "LANG": "C.UTF-8",
    }
    try:
        done = subprocess.run(
            bounded(command, MEMORY),
            capture_output=True,
            timeout=seconds,
            env=environment,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise OcrFailed("time") from exc
    if done.returncode != 0:
        raise OcrFailed("error")
    return parse_tsv(done.stdout.decode("utf-8", "replace"), languages)


def parse_tsv(tsv: str, languages: str = FIRST) -> OcrPage:
    """Tesseract's TSV as words (level 5 rows) and the page size (the level 1 row)."""
    width = height = 0
    words: list[OcrWord] = []
    reader = csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE)
    for row in reader:
        try:
            level = int(row.get("level") or 0)
            left, top = int(row["left"]), int(row["top"])
            w, h = int(row["width"]), int(row["height"])
            confidence = float(row.get("conf") or -1)
        except (KeyError, TypeError, ValueError):
            continue
        if level == 1:
            width, height = w, h
        text = (row.get("text") or "").strip()
        if level != 5 or not text:
            continue
        line = (int(row["block_num"]), int(row["par_num"]), int(row["line_num"]))
        words.append(OcrWord(text, left, top, left + w, top + h, confidence, line))
    return OcrPage(width, height, tuple(words), languages)


def _chinese_confidence(page: OcrPage) -> float | None:
    scores = [w.confidence for w in page.words if any("\u3400" <= ch <= "\u9fff" for ch in w.text)]
    return sum(scores) / len(scores) if len(scores) >= 4 else None


def read_image(image: Path, seconds: float) -> OcrPage:
    """The words of one page image: English and Simplified Chinese, then Traditional Chinese
    when the Chinese read poorly (the better mean confidence wins)."""
    first = run_tesseract(image, FIRST, seconds)
    chinese = _chinese_confidence(first)
    if chinese is None or chinese >= LOW_CONFIDENCE or "chi_tra" not in installed_languages():
        return first
    second = run_tesseract(image, TRADITIONAL, seconds)
    return second if (second.confidence or 0) > (first.confidence or 0) else first
