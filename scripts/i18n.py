"""Translation catalogue chores for the web UI.

    python scripts/i18n.py extract          # update the .po files from the code and templates
    python scripts/i18n.py fill FILE.yaml   # apply reviewed zh-hans translations (msgid: text)
    python scripts/i18n.py hant             # derive missing zh-hant from zh-hans (OpenCC s2twp)
    python scripts/i18n.py compile          # write the .mo files (no GNU gettext needed)

zh-hant entries a reviewer wrote by hand carry the translator comment "reviewed" and are never
overwritten by ``hant``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parents[1]
LOCALE = ROOT / "src" / "reinstate_web" / "locale"
HANS = LOCALE / "zh_Hans" / "LC_MESSAGES" / "django.po"
HANT = LOCALE / "zh_Hant" / "LC_MESSAGES" / "django.po"


def extract() -> None:
    env = {
        **os.environ,
        "REINSTATE_DEBUG": "true",
        "DJANGO_SETTINGS_MODULE": "reinstate_web.settings",
    }
    subprocess.run(
        [
            sys.executable,
            "-m",
            "reinstate_web",
            "makemessages",
            "-l",
            "zh_Hans",
            "-l",
            "zh_Hant",
            "--no-obsolete",
            "--no-location",
        ],
        cwd=ROOT / "src" / "reinstate_web",
        env=env,
        check=True,
    )


def _clean_header(po: polib.POFile, language: str) -> None:
    po.metadata_is_fuzzy = False
    po.metadata["Language"] = language
    po.metadata["Project-Id-Version"] = "reinstate"
    po.metadata["Plural-Forms"] = "nplurals=1; plural=0;"
    po.header = "Reinstate web UI. zh_Hant is derived from zh_Hans with OpenCC s2twp and reviewed."


def fill(path: Path) -> None:
    import yaml

    translations: dict[str, object] = yaml.safe_load(path.read_text(encoding="utf-8"))
    po = polib.pofile(str(HANS))
    _clean_header(po, "zh_Hans")
    applied = 0
    for entry in po:
        value = translations.get(entry.msgid)
        if value is None:
            continue
        if entry.msgid_plural:
            entry.msgstr_plural = {0: str(value)}
        else:
            entry.msgstr = str(value)
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
        applied += 1
    po.save()
    print(f"applied {applied} of {len(translations)} translations")


# Reviewed: words where OpenCC's Taiwan phrasing is not what Traditional-Chinese sellers write.
HANT_FIXES = {"賬戶": "帳戶", "賬號": "帳號", "郵箱": "信箱", "查詢原因": "找出原因"}


def to_hant(text: str) -> str:
    from opencc import OpenCC

    converted: str = OpenCC("s2twp").convert(text)
    for wrong, right in HANT_FIXES.items():
        converted = converted.replace(wrong, right)
    return converted


def hant() -> None:
    convert = to_hant
    source = {e.msgid: e for e in polib.pofile(str(HANS))}
    po = polib.pofile(str(HANT))
    _clean_header(po, "zh_Hant")
    derived = 0
    for entry in po:
        if "reviewed" in (entry.tcomment or ""):
            continue
        origin = source.get(entry.msgid)
        if origin is None or "fuzzy" in origin.flags:
            continue
        if entry.msgid_plural:
            if origin.msgstr_plural.get(0):
                entry.msgstr_plural = {0: convert(origin.msgstr_plural[0])}
        elif origin.msgstr:
            entry.msgstr = convert(origin.msgstr)
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
        derived += 1
    po.save()
    print(f"derived {derived} zh-hant entries")


def compile_catalogues() -> None:
    for po_path in LOCALE.glob("*/LC_MESSAGES/django.po"):
        polib.pofile(str(po_path)).save_as_mofile(str(po_path.with_suffix(".mo")))


def main(argv: list[str]) -> None:
    command = argv[1] if len(argv) > 1 else ""
    if command == "extract":
        extract()
    elif command == "fill" and len(argv) == 3:
        fill(Path(argv[2]))
    elif command == "hant":
        hant()
    elif command == "compile":
        compile_catalogues()
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
