"""What the drafting templates show: the questionnaire, the draft beside its mirror, the options,
the check and the version history, in the user's language. Keys start with ``drafting_``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from reinstate.compose.appeal import SECTION_NAMES
from reinstate.compose.kb import KnowledgeBase
from reinstate.errors import ReinstateError
from reinstate.submit import form_limit
from reinstate_web.accounts.models import User
from reinstate_web.cases.access import can_edit
from reinstate_web.cases.models import Case
from reinstate_web.drafting import answers as answer_values
from reinstate_web.drafting import highlight, machine, records, services
from reinstate_web.drafting.models import Draft

SECTION_LABELS = {
    "root_cause": _("Root cause"),
    "corrective_actions": _("Actions taken"),
    "preventive_measures": _("Preventive steps"),
}
OPTION_LABELS = {
    "root_causes": _("Root causes"),
    "corrective_actions": _("Corrective actions"),
    "preventive_measures": _("Preventive measures"),
    "operating_plan": _("Operating plan"),
    "admissions": _("Admission of fault"),
    "commitments": _("Closing commitment"),
    "evidence": _("Evidence of compliance"),
}
SINGLE_PARTS = ("admissions", "commitments")
VERDICT_LABELS = {
    "ready": _("Ready to send"),
    "fix_first": _("Fix first"),
    "not_ready": _("Not ready"),
}
SEVERITY_LABELS = {"high": _("Serious"), "medium": _("Should fix"), "low": _("Minor")}


def ui_lang() -> str:
    return (get_language() or "en").lower()


def chinese_ui() -> bool:
    return ui_lang().startswith("zh")


def _question_rows(
    case: Case, saved: Mapping[str, Any], typed: Mapping[str, Any] | None, errors: Mapping[str, str]
) -> list[dict[str, Any]]:
    # Each answer's first sentence of the letter is its tooltip (drafting/_question.html): the
    # other two the questionnaire would write (42 in all on a bench case) are never shown.
    questions = services.questions_for(case, saved, ui_lang(), previews=1)
    english = {} if chinese_ui() else _english_help(case.category)
    rows = []
    for q in questions:
        stored = saved.get(q.id)
        value = typed[q.id] if typed is not None and q.id in typed else answer_values.plain(stored)
        rows.append(
            {
                "q": q,
                "value": value,
                "values": value if isinstance(value, list) else [value],
                "error": errors.get(q.id, ""),
                "untranslated": q.type == "text" and answer_values.untranslated(value),
                "machine": answer_values.machine_written(stored),
                "source_text": stored.get("source_text", "") if isinstance(stored, dict) else "",
                "route": q.id == "appeal_route",
                # One language per page: the English UI reads the English prompt and help.
                "prompt": q.prompt if chinese_ui() else q.prompt_en,
                "help": q.help if chinese_ui() else english.get(q.id, ""),
            }
        )
    # The admit-or-dispute question decides which letter is written: ask it first.
    rows.sort(key=lambda r: not r["route"])
    return rows


class ShownVersion:
    """A version in the history table: the draft, with ``summary`` in the reader's language
    (stored language-free, e.g. "answers v1"; see ``summaries``)."""

    def __init__(self, draft: Draft) -> None:
        self._draft = draft
        self.summary = draft.summary_text

    def __getattr__(self, name: str) -> Any:
        return getattr(self._draft, name)


def _english_help(category: str) -> dict[str, str]:
    """The questions' help lines in English (the core's questionnaire carries them in the
    mirror language only)."""
    try:
        base = KnowledgeBase.default()
        questions = base.questions(base.category(category))
    except ReinstateError:
        return {}
    return {q.id: q.help.en for q in questions if q.help is not None}


def _extra_rows(
    draft: Draft | None, saved: Mapping[str, Any], typed: Mapping[str, Any] | None, lang: str
) -> list[dict[str, Any]]:
    """Open questions the seller answers by typing a figure or a notice detail."""
    if draft is None:
        return []
    rows = []
    for q in draft.open_questions:
        key = q.get("answer_key") or ""
        if not key.startswith(("fact:", "notice:")):
            continue
        name = f"{answer_values.EXTRA_PREFIX}{key}"
        current = saved.get(key, "")
        if typed is not None and name in typed:
            current = typed[name]
        rows.append(
            {
                "name": name,
                "key": key,
                "prompt": q["prompt"].get(lang, q["prompt"].get("en")),
                "prompt_en": q["prompt"].get("en"),
                "optional": q.get("optional"),
                "value": ", ".join(map(str, current)) if isinstance(current, list) else current,
            }
        )
    return rows


def draft_context(draft: Draft, lang: str) -> dict[str, Any]:
    """The parts of one version the templates show (also for an old version)."""
    script = services.mirror_lang(lang)
    key = script if chinese_ui() else "en"
    findings = draft.check_report.get("findings", [])
    sections = [
        {
            "name": name,
            "label": SECTION_LABELS[name],
            **draft.sections[name],
            # Amazon publishes no figure for its boxes: the page then says "about" (submit.yaml).
            "limit_confirmed": form_limit(name).confirmed,
        }
        for name in SECTION_NAMES
        if name in draft.sections
    ]
    options = [
        {
            "part": part,
            "label": OPTION_LABELS.get(part, part),
            "single": part in SINGLE_PARTS,
            "items": [
                {
                    **o,
                    "title_shown": o["title"].get(key),
                    "text_en": o["text"]["en"],
                    "text_zh": o["text"].get(script),
                }
                for o in items
            ],
        }
        for part, items in draft.options.items()
        if items
    ]
    titles = {
        (part, o["id"]): o["title"].get(key) for part, items in draft.options.items() for o in items
    }
    suggestions = []
    for item in draft.unconfirmed:
        kind, _sep, ident = item.partition(":")
        part = "corrective_actions" if kind == "actions" else "preventive_measures"
        suggestions.append({"id": ident, "kind": kind, "title": titles.get((part, ident), ident)})
    return {
        "draft": draft,
        "suggestions": suggestions,
        "mirror": records.mirror_pairs(draft.mirror, script),
        "mirror_lang": script,
        "open_questions": [
            {**q, "text": q["prompt"].get(script), "text_en": q["prompt"]["en"]}
            for q in draft.open_questions
        ],
        "attachments": [
            {**a, "title_shown": a["title"].get(key), "rule_shown": (a["rule"] or {}).get(key)}
            for a in draft.attachments
        ],
        "options": options,
        "sections": sections,
        "segments": highlight.segments(draft.letter, findings, lang),
        "groups": [
            (s, SEVERITY_LABELS[s], items) for s, items in highlight.grouped(findings, lang)
        ],
        "verdict_label": VERDICT_LABELS.get(draft.verdict, draft.verdict),
        "plan": [
            p for p in records.mirror_pairs(draft.mirror, script) if p["part"] == "operating_plan"
        ],
        "machine_text": any(f.get("machine_written") for f in draft.facts_used),
    }


def context(
    case: Case,
    user: User,
    *,
    errors: Mapping[str, str] | None = None,
    typed: Mapping[str, Any] | None = None,
    message: str = "",
) -> dict[str, Any]:
    """Everything the three drafting panels need."""
    lang = ui_lang()
    saved_set = services.latest_answers(case)
    saved = saved_set.answers if saved_set else {}
    draft = services.latest_draft(case, user)
    found: dict[str, Any] = {
        "drafting_can_edit": can_edit(user, case),
        "drafting_llm": machine.enabled(),
        "drafting_message": message,
        "drafting_answers": saved_set,
        "drafting_latest": draft,
        "drafting_chinese_ui": chinese_ui(),
        "drafting_history": [ShownVersion(d) for d in services.visible_versions(case, user)],
    }
    try:
        found["drafting_questions"] = _question_rows(case, saved, typed, errors or {})
    except ReinstateError:
        # No category yet (no notice, none chosen): the panel asks for it instead.
        found["drafting_questions"] = None
    found["drafting_extra"] = _extra_rows(draft, saved, typed, services.mirror_lang(lang))
    found["drafting_current"] = draft_context(draft, lang) if draft else None
    return found
