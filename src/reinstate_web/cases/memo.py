"""Answers read once per page.

The case page's step panels come from several apps, and each asks the database again for what
another already read (the latest appeal six times, the latest analysis four, the latest
notice's diagnosis twice). Inside :func:`page_memo` a function decorated with
:func:`per_page` is run once per argument list; outside it, every call runs as before. Only
for a page that reads (the case page's rendering), never around a change, and never kept
across requests.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from datetime import datetime
from typing import Any, ParamSpec, TypeVar

from django.utils import timezone

P = ParamSpec("P")
R = TypeVar("R")

_MEMO: ContextVar[dict[tuple[Any, ...], Any] | None] = ContextVar(
    "reinstate_page_memo", default=None
)


@contextlib.contextmanager
def page_memo() -> Iterator[None]:
    """The answers of one page's reading; a part of the page that opens its own (a dashboard
    card) shares the page's."""
    if _MEMO.get() is not None:
        yield
        return
    token = _MEMO.set({})
    try:
        yield
    finally:
        _MEMO.reset(token)


def per_page(function: Callable[P, R]) -> Callable[P, R]:
    """Within :func:`page_memo`, ``function``'s answer for the same arguments (model instances
    compare by class and primary key) is read once."""

    @functools.wraps(function)
    def remembered(*args: P.args, **kwargs: P.kwargs) -> R:
        memo = _MEMO.get()
        if memo is None:
            return function(*args, **kwargs)
        key = (function, args, tuple(sorted(kwargs.items())))
        try:
            hash(key)
        except TypeError:  # an unsaved model instance has no hash: not remembered
            return function(*args, **kwargs)
        if key not in memo:
            memo[key] = function(*args, **kwargs)
        return memo[key]  # type: ignore[no-any-return]

    return remembered


def remember(function: Callable[..., R], value: R, *args: Any) -> None:
    """Within :func:`page_memo`, take ``value`` as ``function(*args)``'s answer on this page (a
    :func:`per_page` function): what a list read for many cases at once tells each of them."""
    memo = _MEMO.get()
    if memo is not None:
        memo[(getattr(function, "__wrapped__", function), args, ())] = value


def remember_per_case(function: Callable[..., list[Any]], cases: list[Any], rows: Any) -> None:
    """Within :func:`page_memo`: ``function(case)`` (a :func:`per_page` list of the case's rows)
    for each of ``cases``, from ``rows`` read for all of them in one query, in its order. Outside
    a page nothing is read."""
    if not cases or not in_page():
        return
    found: dict[Any, list[Any]] = {case.pk: [] for case in cases}
    for row in rows:
        found[row.case_id].append(row)
    for case in cases:
        remember(function, found[case.pk], case)


def in_page() -> bool:
    """Whether a page's reading is under way (inside :func:`page_memo`)."""
    return _MEMO.get() is not None


@per_page  # the notices panel, the title, the diagnosis, the deadlines' language, step 5 all ask
def case_notices(case: Any) -> list[Any]:
    """Every message of the case (notices and replies, with who added them) in the model's order
    (newest first). Each page that lists them reads them once; the others pick from the list."""
    return list(case.notices.select_related("added_by"))


def read_case_notices(cases: list[Any]) -> None:
    """Within :func:`page_memo`: each case's :func:`case_notices` for a list of cases, in one
    query (the same rows and order as the case's own)."""
    if cases:
        notices = cases[0].notices.model.objects.filter(case__in=cases)
        remember_per_case(case_notices, cases, notices.select_related("added_by"))


def page_notices(case: Any) -> list[Any] | None:
    """The case's messages as :func:`case_notices` reads them once per page, or None: outside
    a page, or when a list of cases prefetched them with a few fields only (the dashboard's
    titles): then each reader asks the database as it did."""
    if not in_page() or "notices" in getattr(case, "_prefetched_objects_cache", {}):
        return None
    return case_notices(case)


def latest_ready_notice(case: Any) -> Any | None:
    """The case's latest notice (not a reply) that was read: as ``case.notices.filter(kind=
    "notice", state="ready").order_by("-added_at", "-id").first()``, from :func:`page_notices`
    on a page, else by that query."""
    notices = page_notices(case)
    if notices is None:
        return (
            case.notices.filter(kind="notice", state="ready").order_by("-added_at", "-id").first()
        )
    ready = [n for n in notices if n.kind == "notice" and n.state == "ready"]
    return max(ready, key=lambda n: (n.added_at, n.pk), default=None)


@per_page  # step 5, and on the case page has_drafts and the drafting panel's latest version
def latest_draft_any(case: Any) -> Any | None:
    """The case's latest letter version, whoever wrote it (a team's unshared ones too)."""
    return case.drafts.select_related("created_by").order_by("-number").first()


@per_page  # the seven-step bar and the evidence checklist both ask
def has_drafts(case: Any) -> bool:
    """Whether a letter was written on the case (any version)."""
    if not case.pk:
        return False
    if in_page():  # step 5 reads the latest version on the same page
        return latest_draft_any(case) is not None
    return bool(case.drafts.exists())


@per_page  # step 5's follow-up summary and step 6's waiting panel: the same moment for both
def page_now() -> datetime:
    """The time of the page: the first call's ``timezone.now()`` for the whole page (outside a
    page, now)."""
    return timezone.now()
