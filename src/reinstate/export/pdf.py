"""The letter and the bilingual record as PDF (WeasyPrint, from Jinja2 templates).

WeasyPrint is imported inside the functions: it is slow to import and only needed here.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2

from reinstate.compose.appeal import SECTION_NAMES, Appeal
from reinstate.compose.kb import KnowledgeBase
from reinstate.errors import ExportError
from reinstate.export.elements import elements
from reinstate.export.page import PAGE

# Where Debian's fonts-wqy-microhei puts the CJK font the stylesheet names.
CJK_FONT_FAMILY = "WenQuanYi Micro Hei"
_RECORD_LABELS = (
    "title",
    "subtitle",
    "category",
    "variant",
    "open_questions",
    "attachments",
    "notes",
)
_FONT_DIRS = (Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), Path.home() / ".fonts")


@cache
def _environment() -> jinja2.Environment:
    templates = resources.files("reinstate.export").joinpath("templates")
    return jinja2.Environment(
        loader=jinja2.FunctionLoader(
            lambda name: templates.joinpath(name).read_text(encoding="utf-8")
        ),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )


def _css() -> str:
    stylesheet = (
        resources.files("reinstate.export")
        .joinpath("templates", "letter.css")
        .read_text(encoding="utf-8")
    )
    return PAGE.css() + stylesheet


def cjk_font_installed() -> bool:
    """True when the WenQuanYi Micro Hei font file is on the system."""
    return any(
        next(folder.rglob("wqy-microhei*"), None) is not None
        for folder in _FONT_DIRS
        if folder.is_dir()
    )


def _write(html: str, path: Path) -> None:
    from weasyprint import HTML  # slow import, needed only here

    try:
        HTML(string=html).write_pdf(str(path))
    except OSError as exc:
        raise ExportError(f"Cannot write the PDF to {path}: {exc.strerror or exc}") from exc


def letter_html(appeal: Appeal) -> str:
    """The English letter as a printable HTML page."""
    parts = elements(appeal.blocks, appeal.lang)
    template = _environment().get_template("letter.html.j2")
    return template.render(
        title="Plan of Action",
        css=_css(),
        # The commitment, the closing and the signature stay together on one page.
        elements=[e for e in parts if e.part != "closing"],
        closing=[e for e in parts if e.part == "closing"],
    )


def bilingual_html(appeal: Appeal, kb: KnowledgeBase | None = None) -> str:
    """English beside its Chinese meaning, with the open questions and the documents."""
    base = kb or KnowledgeBase.default()
    lang = appeal.lang
    common = base.common

    def label(key: str) -> str:
        return common.text("record", key).get(lang)

    sections: list[dict[str, Any]] = [
        {
            "label": f"{common.headings[name].get(lang)}（{label('characters')}）",
            "chars": appeal.sections[name].chars,
            "limit": appeal.sections[name].limit,
            "over_limit": appeal.sections[name].over_limit,
        }
        for name in SECTION_NAMES
    ]
    return (
        _environment()
        .get_template("bilingual.html.j2")
        .render(
            title=label("title"),
            css=_css(),
            html_lang="zh-Hant" if lang == "zh-hant" else "zh-Hans",
            labels={k: label(k) for k in _RECORD_LABELS},
            category_name=base.category(appeal.category).name.get(lang),
            variant=label("in_error" if appeal.in_error else "admitted"),
            sections=sections,
            open_questions=[q.prompt.get(lang) for q in appeal.open_questions],
            elements=elements(appeal.blocks, lang),
            attachments=[
                {"title": a.title.get(lang), "rule": None if a.rule is None else a.rule.get(lang)}
                for a in appeal.attachments
                if a.in_letter
            ],
            notes=[n.get(lang) for n in appeal.notes],
        )
    )


def export_pdf(appeal: Appeal, path: Path) -> Path:
    """Write the English letter as a PDF on the page of ``reinstate.export.page``."""
    _write(letter_html(appeal), path)
    return path


def export_bilingual_pdf(appeal: Appeal, path: Path, *, kb: KnowledgeBase | None = None) -> Path:
    """Write the English letter beside its Chinese mirror, for the seller's records."""
    if not cjk_font_installed():
        raise ExportError(
            f"The Chinese font {CJK_FONT_FAMILY} is not installed "
            "(Debian package fonts-wqy-microhei); the bilingual PDF would show empty boxes."
        )
    _write(bilingual_html(appeal, kb), path)
    return path
