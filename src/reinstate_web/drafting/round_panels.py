"""The case history's rounds, as the page shows them: each answer of Amazon's that asked for more
or said no, what it asked for against what the last letter gave, and the revised draft."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext_lazy as _

from reinstate.compose import KnowledgeBase
from reinstate.compose.gaps import Gap
from reinstate.errors import KnowledgeBaseError
from reinstate_web.accounts.models import User
from reinstate_web.cases.models import Case
from reinstate_web.drafting.models import Round

SOURCES: dict[str, Promise] = {
    "words": _("Amazon's words"),
    "documents": _("documents Amazon requests"),
    "plan_of_action": _("a plan of action"),
    "category": _("what reviewers ask most for this kind of case"),
}
SECTIONS: dict[str, Promise] = {
    "root_cause": _("Root cause"),
    "corrective_actions": _("Corrective actions"),
    "preventive_measures": _("Preventive measures"),
}
OUTCOMES: dict[str, Promise] = {
    "more_info": _("More information requested"),
    "denied": _("Denied"),
}


def _lang() -> str:
    code = (get_language() or "en").lower()
    if code.startswith("zh"):
        return "zh-hant" if "hant" in code or code in ("zh-tw", "zh-hk") else "zh-hans"
    return "en"


def given_text(gap: Gap) -> str:
    """What the last letter gave for this ask, in words."""
    if gap.given == "no_letter":
        return str(_("No letter was written before this answer."))
    if gap.given == "not_in_letter":
        return str(_("The last letter did not address it."))
    if gap.given == "listed":
        return str(_("The last letter listed this document; Amazon asks for it again."))
    if gap.given == "unconfirmed":
        return str(_("The last letter still had actions marked as suggestions."))
    sentences = ngettext("%(n)s sentence", "%(n)s sentences", gap.given_sentences) % {
        "n": gap.given_sentences
    }
    return str(
        _("The last letter gave %(sentences)s (%(chars)s characters); Amazon wants more.")
        % {"sentences": sentences, "chars": gap.given_chars}
    )


@dataclass(frozen=True)
class GapRow:
    label: str
    section: str
    source: str
    quote: str
    given: str
    answer: str
    answer_en: str


def _row(gap: Gap, lang: str) -> GapRow:
    try:
        ask = KnowledgeBase.default().reviewer_asks.ask(gap.ask)
    except KnowledgeBaseError:  # an ask the knowledge base no longer has
        return GapRow(gap.ask, "", "", gap.quote, given_text(gap), "", "")
    return GapRow(
        label=ask.label.get(lang),
        section=str(SECTIONS.get(gap.section, gap.section)),
        source=str(SOURCES.get(gap.source, gap.source)),
        quote=gap.quote,
        given=given_text(gap),
        answer=ask.paragraph.get(lang if lang != "en" else "zh-hans"),
        answer_en=ask.paragraph.en,
    )


def context(case: Case, user: User) -> dict[str, Any]:
    lang = _lang()
    rounds = []
    for found in (
        Round.objects.filter(case=case)
        .select_related("reply", "previous", "revised")
        .order_by("-number")
    ):
        gaps = [
            Gap.from_json(raw) for raw in found.gaps if isinstance(raw, dict) and raw.get("ask")
        ]
        rounds.append(
            {
                "round": found,
                "outcome": OUTCOMES.get(found.outcome, found.outcome),
                "rows": [_row(g, lang) for g in gaps],
            }
        )
    return {"rounds": rounds, "rounds_chinese": lang != "en"}
