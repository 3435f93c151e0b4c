"""Fill missing Traditional Chinese (zh-hant) values in knowledge-base YAML from zh-hans.

    .venv/bin/python scripts/derive_zh_hant.py FILE.yaml [FILE.yaml ...] [--check] [--force]

Every mapping that has a ``zh-hans`` value but no (or an empty) ``zh-hant`` value gets one,
converted with OpenCC ``s2twp`` (Simplified to Traditional, Taiwan standard with Taiwanese
phrases; opencc-python-reimplemented). zh-hant values already in the file are reviewed text and
are kept, unless ``--force`` re-derives all of them. The file is edited as text, so comments,
order and layout stay as they are; both flow mappings (``{en: "..", zh-hans: ".."}``) and block
mappings (``zh-hans: ..`` on its own line, including ``|``/``>`` block scalars) are handled.
``--check`` changes nothing and exits 1 when a value is missing (for CI or a test).
"""

from __future__ import annotations

import re
import sys
from functools import cache
from pathlib import Path
from typing import Any

import yaml

_FLOW_VALUE = r"(\"(?:[^\"\\]|\\.)*\"|'(?:[^']|'')*'|[^,}\n]+)"
_FLOW_HANS = re.compile(r"zh-hans:\s*" + _FLOW_VALUE)
_FLOW_HANT = re.compile(r"(zh-hant:\s*)" + _FLOW_VALUE)
_BLOCK_KEY = re.compile(r"^(\s*)(zh-hans|zh-hant):(\s*)(.*)$")


@cache
def _converter() -> Any:
    from opencc import OpenCC

    return OpenCC("s2twp")


# Seller vocabulary where s2twp picks a word Taiwanese sellers would not use (found when
# reviewing labels.yaml): applied after the conversion, reviewers still read the result.
_SELLER_WORDS = {
    "賬戶": "帳戶",
    "賬號": "帳號",
    "賬單": "帳單",
    "後臺": "後台",
    "檔案": "文件",
    "釋出": "發布",
    "稽核": "審核",
    "天后": "天後",
    "證據支援": "證據支持",
}


def to_hant(text: str) -> str:
    """Traditional Chinese of ``text`` (ASCII, quotes and YAML syntax are left as they are)."""
    converted = str(_converter().convert(text))
    for wrong, right in _SELLER_WORDS.items():
        converted = converted.replace(wrong, right)
    return converted


def _is_empty(value: str) -> bool:
    return value.strip() in ('""', "''", "", "~", "null")


def _flow_line(line: str, force: bool) -> str:
    """Add or fill zh-hant after each zh-hans inside the flow mappings of one line."""
    out: list[str] = []
    position = 0
    for match in _FLOW_HANS.finditer(line):
        value = match.group(1).strip()
        close = line.find("}", match.end())
        segment_end = close if close >= 0 else len(line)
        open_brace = line.rfind("{", 0, match.start())
        rest = line[match.end() : segment_end]
        before = line[open_brace + 1 : match.start()] if open_brace >= 0 else ""
        converted = to_hant(value)
        out.append(line[position : match.end()])
        position = match.end()
        hant = _FLOW_HANT.search(rest)
        if hant:
            if force or _is_empty(hant.group(2)):
                out.append(rest[: hant.start(2)] + converted + rest[hant.end(2) :])
                position = segment_end
        elif "zh-hant:" not in before:
            out.append(f", zh-hant: {converted}")
    out.append(line[position:])
    return "".join(out)


def _block_scalar(lines: list[str], index: int, indent: str) -> int:
    """Index after a block scalar that starts on line ``index`` (its indicator line)."""
    end = index + 1
    while end < len(lines) and (
        not lines[end].strip() or len(lines[end]) - len(lines[end].lstrip()) > len(indent)
    ):
        end += 1
    return end


def _sibling_hant(lines: list[str], index: int, indent: str) -> int | None:
    """Line index of a zh-hant key in the same block mapping as line ``index``, if any."""
    for direction in (1, -1):
        cursor = index + direction
        while 0 <= cursor < len(lines):
            line = lines[cursor]
            if not line.strip() or line.lstrip().startswith("#"):
                cursor += direction
                continue
            depth = len(line) - len(line.lstrip())
            if depth < len(indent):
                break
            if depth == len(indent):
                match = _BLOCK_KEY.match(line)
                if match and match.group(2) == "zh-hant":
                    return cursor
                if line.lstrip().startswith("- "):
                    break
            cursor += direction
    return None


def derive_text(source: str, *, force: bool = False) -> str:
    lines = source.split("\n")
    out: list[str] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        block = _BLOCK_KEY.match(line)
        if block and block.group(2) == "zh-hans" and not line.lstrip().startswith("{"):
            indent, value = block.group(1), block.group(4)
            end = index + 1
            if value.strip()[:1] in ("|", ">"):
                end = _block_scalar(lines, index, indent)
            out.extend(lines[index:end])
            sibling = _sibling_hant(lines, index, indent)
            derived = [to_hant(x) for x in lines[index:end]]
            derived[0] = derived[0].replace("zh-hans:", "zh-hant:", 1)
            if sibling is None:
                out.extend(derived)
            elif sibling > index:
                match = _BLOCK_KEY.match(lines[sibling])
                sibling_value = match.group(4) if match else ""
                if force or _is_empty(sibling_value):
                    sibling_end = sibling + 1
                    if sibling_value.strip()[:1] in ("|", ">"):
                        sibling_end = _block_scalar(lines, sibling, indent)
                    out.extend(lines[end:sibling])
                    out.extend(derived)
                    index = sibling_end
                    continue
            index = end
            continue
        if "zh-hans:" in line and "{" in line:
            line = _flow_line(line, force)
        out.append(line)
        index += 1
    return "\n".join(out)


def missing(data: Any, path: str = "") -> list[str]:
    """Paths of mappings with a zh-hans value and no zh-hant value."""
    found: list[str] = []
    if isinstance(data, dict):
        if data.get("zh-hans") and not data.get("zh-hant"):
            found.append(path or "/")
        for key, value in data.items():
            found.extend(missing(value, f"{path}/{key}"))
    elif isinstance(data, list):
        for number, value in enumerate(data):
            found.extend(missing(value, f"{path}/{number}"))
    return found


def main(argv: list[str]) -> int:
    check = "--check" in argv
    force = "--force" in argv
    files = [Path(a) for a in argv if not a.startswith("--")]
    if not files:
        print(__doc__)
        return 2
    status = 0
    for path in files:
        source = path.read_text(encoding="utf-8")
        if check:
            gaps = missing(yaml.safe_load(source))
            for gap in gaps:
                print(f"{path}: zh-hant missing at {gap}")
            status = status or int(bool(gaps))
            continue
        result = derive_text(source, force=force)
        data = yaml.safe_load(result)  # refuse to write a file that no longer parses
        gaps = missing(data)
        if gaps:
            print(f"{path}: could not fill {len(gaps)} value(s), e.g. {gaps[0]}")
            status = 1
        if result != source:
            path.write_text(result, encoding="utf-8")
            print(f"{path}: zh-hant filled")
    return status


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
