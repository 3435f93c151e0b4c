"""How a notice's diagnosis reads on the case page, in the user's language.

The words for codes (categories, scopes, documents, channels) come from the knowledge base's
``labels.yaml`` through ``reinstate.notices.labels``, so the core and the web say the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from reinstate.codes import Category
from reinstate.errors import InputError, KnowledgeBaseError, TooLargeError
from reinstate.notices import labels
from reinstate.notices.diagnose import SCAN_CHARS
from reinstate_web.cases.models import Case
from reinstate_web.notices.models import Notice

# Confidence below this is shown as a guess the user should confirm.
CONFIDENT = 0.6


def unreadable_message(error: InputError) -> str:
    """One clear line for input the reader refused (nothing was stored)."""
    if isinstance(error, TooLargeError):
        return _("This message is too large to be an Amazon notice. Save only the message itself.")
    return _("Reinstate could not read this message: %(reason)s") % {"reason": error}


def _label(kind: str, code: str | None, lang: str) -> str:
    if not code:
        return ""
    try:
        return labels.label(kind, code, lang)
    except KnowledgeBaseError:
        return code


@dataclass(frozen=True)
class Segment:
    """A run of the notice's text; ``why`` is set when the diagnosis relied on it."""

    text: str
    why: str = ""


@dataclass
class NoticeView:
    notice: Notice
    kind: str
    headline: str
    summary: str
    category: str
    confidence: int
    confident: bool
    alternatives: list[tuple[str, int]]
    scope: str
    outcome: str
    outcome_code: str
    language: str
    marketplace: str
    deadlines: list[dict[str, Any]]
    channel: str
    channel_path: str
    channel_address: str
    asins: list[str]
    orders: list[str]
    skus: list[str]
    documents: list[dict[str, str]]
    rights_owner: dict[str, str] | None
    amazon_addresses: list[str]
    in_error_path: bool
    evidence: list[str] = field(default_factory=list)
    # False when the diagnosis could not tell the policy: the seller chooses among candidates.
    certain: bool = True
    candidates: list[dict[str, Any]] = field(default_factory=list)
    second_opinion: dict[str, str] = field(default_factory=dict)


def _deadline_rows(diagnosis: dict[str, Any], notice: Notice) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    today = timezone.localdate()
    for item in diagnosis.get("deadlines") or ():
        due: date | None = None
        if item.get("date"):
            due = date.fromisoformat(str(item["date"]))
        rows.append(
            {
                "text": item.get("text", ""),
                "date": due,
                "days_left": (due - today).days if due else None,
                "business_days": bool(item.get("business_days")),
            }
        )
    return rows


def present(notice: Notice, lang: str | None = None) -> NoticeView:
    """Everything the case page shows about one of Amazon's messages."""
    lang = labels.normalise_language(lang or get_language())
    d = notice.diagnosis
    category = d.get("category") or ""
    ranked = d.get("categories") or []
    top = ranked[0] if ranked else {}
    outcome = d.get("reply_outcome") or ""
    channel = d.get("channel") or {}
    channel_kind = channel.get("kind") or "unknown"
    if notice.kind == Notice.Kind.REPLY:
        headline = _("Amazon answered your appeal: %(outcome)s") % {
            "outcome": _label("reply_outcome", outcome or "other", lang)
        }
        summary = ""
    elif category and not d.get("certain", True):
        headline = _("Reinstate is not sure which policy this notice is about")
        summary = _(
            "Choose below among the policies it may be about: each shows the phrases of the "
            "notice that point to it. The appeal is written for the policy you choose."
        )
    elif category:
        headline = _label("category", category, lang)
        summary = labels.summary(category, lang)
    else:
        headline = _("We could not tell which policy this notice is about")
        summary = _(
            "Read the notice below and choose the category on the case; "
            "Reinstate still found the dates, products and documents it names."
        )
    owner = d.get("rights_owner")
    return NoticeView(
        notice=notice,
        kind=_label("kind", notice.kind, lang),
        headline=headline,
        summary=summary,
        category=_label("category", category, lang),
        confidence=round(float(top.get("confidence") or 0) * 100),
        confident=float(top.get("confidence") or 0) >= CONFIDENT,
        alternatives=[
            (_label("category", alt["code"], lang), round(float(alt["confidence"]) * 100))
            for alt in ranked[1:3]
        ],
        scope=_label("scope", d.get("scope") or "unknown", lang),
        outcome=_label("reply_outcome", outcome, lang),
        outcome_code=outcome,
        language=d.get("language") or "",
        marketplace=d.get("marketplace") or "",
        deadlines=_deadline_rows(d, notice),
        channel=_label("channel", channel_kind, lang),
        channel_path=labels.click_path(channel_kind, lang) if channel_kind != "unknown" else "",
        channel_address=channel.get("address") or "",
        asins=list(d.get("asins") or ()),
        orders=list(d.get("order_ids") or ()),
        skus=list(d.get("skus") or ()),
        documents=[
            {
                "code": code,
                "name": _label("document", code, lang),
                "hint": labels.hint(code, lang),
            }
            for code in d.get("requested_documents") or ()
        ],
        rights_owner={k: v for k, v in owner.items() if v} if isinstance(owner, dict) else None,
        amazon_addresses=list(d.get("amazon_addresses") or ()),
        in_error_path=bool(d.get("in_error_path")),
        evidence=list(top.get("evidence") or ()),
        certain=bool(d.get("certain", True)),
        candidates=[
            {
                "code": item["code"],
                "name": _label("category", item["code"], lang),
                "pct": round(float(item.get("confidence") or 0) * 100),
                "summary": labels.summary(item["code"], lang),
                "evidence": list(item.get("evidence") or ())[:3],
            }
            for item in ranked[:4]
        ],
        second_opinion={
            **notice.second_opinion,
            "name": _label("category", notice.second_opinion.get("category", ""), lang),
        }
        if notice.second_opinion
        else {},
    )


def category_name(case: Case, lang: str | None = None) -> str:
    return _label("category", case.category, labels.normalise_language(lang or get_language()))


def category_choices(lang: str | None = None) -> list[tuple[str, str]]:
    """Every category, in the reader's language, for "another policy"."""
    lang = labels.normalise_language(lang or get_language())
    return sorted(
        ((c.value, _label("category", c.value, lang)) for c in Category), key=lambda x: x[1]
    )


def _why(label: str, lang: str) -> str:
    """'category:inauthentic' -> the human reason a phrase was highlighted."""
    kind, _sep, code = label.partition(":")
    if kind == "category":
        return _("points to: %(name)s") % {"name": _label("category", code, lang)}
    if kind == "scope":
        return _("what was hit: %(name)s") % {"name": _label("scope", code, lang)}
    if kind == "document":
        return _("Amazon asks for: %(name)s") % {"name": _label("document", code, lang)}
    if kind in ("outcome", "reply_outcome"):
        return _("Amazon's decision: %(name)s") % {"name": _label("reply_outcome", code, lang)}
    if kind == "kind":
        return _label("kind", code, lang)
    if kind == "deadline":
        return _("deadline")
    if kind == "channel":
        return _("where to answer")
    return code or kind


# What each part of a message is and how much it counts, for "Read the whole message".
_PART_LABELS = {
    "opening": (gettext_lazy("What happened"), gettext_lazy("counts much")),
    "reason": (gettext_lazy("Why Amazon acted"), gettext_lazy("counts most")),
    "action": (gettext_lazy("What to do"), ""),
    "send": (gettext_lazy("How to send it"), gettext_lazy("counts little")),
    "in_error": (gettext_lazy("If it was a mistake"), gettext_lazy("counts little")),
    "consequences": (gettext_lazy("What happens next"), gettext_lazy("counts little")),
    "asin_list": (gettext_lazy("Products named"), ""),
    "help": (gettext_lazy("Help links"), gettext_lazy("counts little")),
    "closing": (gettext_lazy("Sign-off"), gettext_lazy("counts almost nothing")),
    "boilerplate": (
        gettext_lazy("Paragraph every notice repeats"),
        gettext_lazy("counts almost nothing"),
    ),
    "quoted": (gettext_lazy("Earlier mail quoted below"), gettext_lazy("not Amazon's new words")),
    "body": (gettext_lazy("Message"), ""),
}


@dataclass(frozen=True)
class PartView:
    kind: str
    label: str
    weight: str
    segments: list[Segment]


def highlighted_parts(notice: Notice, lang: str | None = None) -> list[PartView]:
    """The message part by part (reason, boilerplate, quoted mail ...), each highlighted."""
    segments = highlighted(notice, lang)
    shown = min(len(notice.text), SHOWN_CHARS)
    parts = [
        (str(p["kind"]), int(p["start"]), min(int(p["end"]), shown))
        for p in notice.diagnosis.get("parts") or ()
        if 0 <= int(p["start"]) < min(int(p["end"]), shown)
    ]
    if not parts:
        return [PartView("body", "", "", segments)]
    views: list[PartView] = []
    offset = 0
    queue = list(segments)
    for kind, _start, end in parts:
        taken: list[Segment] = []
        while queue and offset < end:
            segment = queue.pop(0)
            room = end - offset
            if len(segment.text) > room:
                queue.insert(0, Segment(segment.text[room:], segment.why))
                segment = Segment(segment.text[:room], segment.why)
            taken.append(segment)
            offset += len(segment.text)
        label, weight = _PART_LABELS.get(kind, _PART_LABELS["body"])
        if views and views[-1].kind == kind:
            views[-1].segments.extend(taken)
        elif "".join(t.text for t in taken).strip():
            views.append(PartView(kind, str(label), str(weight), taken))
        elif views:
            views[-1].segments.extend(taken)
    if queue:
        views[-1].segments.extend(queue)
    return views


# The page shows a message up to this many characters (what the diagnosis reads); a longer one
# is cut there, with the original one click away.
SHOWN_CHARS = SCAN_CHARS


def highlighted(notice: Notice, lang: str | None = None) -> list[Segment]:
    """The notice's text cut into plain runs and the runs the diagnosis relied on.

    Overlapping evidence spans are merged; the reasons of merged spans are joined.
    """
    lang = labels.normalise_language(lang or get_language())
    text = notice.text[:SHOWN_CHARS]
    spans = sorted(
        (
            (int(s["start"]), int(s["end"]), str(s.get("label", "")))
            for s in notice.diagnosis.get("evidence_spans") or ()
            if 0 <= int(s["start"]) < int(s["end"]) <= len(text)
        ),
    )
    merged: list[tuple[int, int, list[str]]] = []
    for start, end, label in spans:
        reason = _why(label, lang)
        if merged and start < merged[-1][1]:
            last_start, last_end, reasons = merged[-1]
            if reason not in reasons:
                reasons.append(reason)
            merged[-1] = (last_start, max(last_end, end), reasons)
        else:
            merged.append((start, end, [reason]))
    segments: list[Segment] = []
    cursor = 0
    for start, end, reasons in merged:
        if start > cursor:
            segments.append(Segment(text[cursor:start]))
        segments.append(Segment(text[start:end], "; ".join(reasons)))
        cursor = end
    if cursor < len(text):
        segments.append(Segment(text[cursor:]))
    return segments
