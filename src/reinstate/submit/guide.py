"""The click-by-click guide for each channel, the form boxes with their limits, and which channel
a notice points to (read from ``knowledge/submit.yaml``).

    >>> guide(SubmissionChannel.ACCOUNT_HEALTH_FORM).steps[1].en
    'Open Performance → Account Health.'
    >>> form_limit("root_cause").confirmed
    False
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from reinstate.codes import ChannelKind, ReplyOutcome, Scope, SubmissionChannel, SubmissionMethod
from reinstate.compose.text import Text
from reinstate.errors import KnowledgeBaseError
from reinstate.knowledge.loader import load

BOXES = ("root_cause", "corrective_actions", "preventive_measures")


@dataclass(frozen=True, slots=True)
class FormLimit:
    """What is known about one box of Amazon's appeal form.

    ``limit`` is Amazon's figure when a public source confirms it, else None ("unconfirmed");
    ``working_limit`` is the length Reinstate keeps the box under (its own target, from
    compose's common.yaml), shown as "about" while the limit is unconfirmed.
    """

    box: str
    limit: int | None
    confirmed: bool
    working_limit: int
    source: str

    @property
    def shown_limit(self) -> int:
        return self.limit if self.limit is not None else self.working_limit


@dataclass(frozen=True, slots=True)
class Guide:
    channel: SubmissionChannel
    method: SubmissionMethod  # how it can go out: COPY (Seller Central) or EMAIL as well
    name: Text
    steps: tuple[Text, ...]
    boxes: tuple[str, ...]  # the form boxes to paste, in order; () for a mail
    source: str

    @property
    def seller_central(self) -> bool:
        return self.method is SubmissionMethod.COPY


@dataclass(frozen=True, slots=True)
class Wait:
    """The defaults of the follow-up rule (organisations and cases may change them)."""

    first_hours: int
    reminder_days: int
    source: str


def _data() -> dict[str, Any]:
    data = load("submit")
    if not isinstance(data, dict):
        raise KnowledgeBaseError("submit.yaml: expected a mapping")
    return data


def sources() -> dict[str, str]:
    """Source key -> the note that says where a fact comes from."""
    return {str(k): " ".join(str(v).split()) for k, v in _data()["sources"].items()}


def _source(key: object, where: str) -> str:
    known = sources()
    if str(key) not in known:
        raise KnowledgeBaseError(f"submit.yaml: {where} names an unknown source {key!r}")
    return str(key)


@cache
def guide(channel: SubmissionChannel) -> Guide:
    """The guide of ``channel``; raises KnowledgeBaseError when the data lacks it."""
    raw = (_data().get("channels") or {}).get(channel.value)
    where = f"channels.{channel.value}"
    if not isinstance(raw, dict):
        raise KnowledgeBaseError(f"submit.yaml: {where} is missing")
    method = {"seller_central": SubmissionMethod.COPY, "email": SubmissionMethod.EMAIL}.get(
        str(raw.get("method"))
    )
    if method is None:
        raise KnowledgeBaseError(f"submit.yaml: {where}.method must be seller_central or email")
    steps = tuple(
        Text.parse(step, f"{where}.steps[{i}]") for i, step in enumerate(raw.get("steps") or ())
    )
    if not steps:
        raise KnowledgeBaseError(f"submit.yaml: {where} has no steps")
    return Guide(
        channel=channel,
        method=method,
        name=Text.parse(raw.get("name"), f"{where}.name"),
        steps=steps,
        boxes=BOXES if raw.get("boxes") else (),
        source=_source(raw.get("source"), where),
    )


def form_limit(box: str) -> FormLimit:
    """What is known about the limit of one form box (see submit.yaml ``form_limits``)."""
    raw = _data()["form_limits"]
    if box not in raw.get("boxes", ()):
        raise KnowledgeBaseError(f"submit.yaml: form_limits does not list the box {box!r}")
    figure = raw.get("limit")
    confirmed = bool(raw.get("confirmed"))
    if confirmed and not isinstance(figure, int):
        raise KnowledgeBaseError("submit.yaml: a confirmed form limit needs its figure")
    working = load("common")["form_limits"][box]
    return FormLimit(
        box=box,
        limit=figure if confirmed and isinstance(figure, int) else None,
        confirmed=confirmed,
        working_limit=int(working),
        source=_source(raw.get("source"), "form_limits"),
    )


def attachment_formats() -> tuple[str, ...]:
    return tuple(str(f).lower() for f in _data()["attachments"]["formats"])


def email_total_bytes() -> int:
    """The most Reinstate attaches to one e-mail (below common mail-server ceilings)."""
    return int(_data()["attachments"]["email_total_mb"]) * 1024 * 1024


def default_wait() -> Wait:
    raw = _data()["wait"]
    return Wait(
        first_hours=int(raw["first_hours"]),
        reminder_days=int(raw["reminder_days"]),
        source=_source(raw.get("source"), "wait"),
    )


def suggested_channel(
    kind: ChannelKind,
    scope: Scope,
    *,
    answered_with: ReplyOutcome | None = None,
) -> SubmissionChannel:
    """The channel the notice points to.

    An answer to a request for more information goes through "View appeal" on the first one,
    whatever the first notice said; otherwise the notice's channel decides, and the Account
    Health page splits into the account form and a listing's appeal by what was hit.

    >>> suggested_channel(ChannelKind.ACCOUNT_HEALTH, Scope.LISTING).value
    'listing_appeal'
    """
    if answered_with is ReplyOutcome.MORE_INFO:
        return SubmissionChannel.VIEW_APPEAL
    if kind is ChannelKind.REPLY_EMAIL:
        return SubmissionChannel.REPLY_TO_NOTICE
    if kind is ChannelKind.EMAIL:
        return SubmissionChannel.EMAIL
    if scope is Scope.LISTING:
        return SubmissionChannel.LISTING_APPEAL
    return SubmissionChannel.ACCOUNT_HEALTH_FORM


def follow_up_guide(method: SubmissionMethod) -> tuple[Text, ...]:
    """Where the receipt check goes: the appeal's own place in Seller Central, or its thread."""
    key = "seller_central" if method is SubmissionMethod.COPY else "email"
    raw = _data()["follow_up"]["guide"][key]
    return tuple(
        Text.parse(step, f"follow_up.guide.{key}[{i}]") for i, step in enumerate(raw["steps"])
    )
