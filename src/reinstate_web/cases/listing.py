"""One page of a long list of cases, fast with thousands of them.

The database sorts the matching cases' ids only (not their joined rows), the page's fifty cases
are then read by id with what their rows show; a count known already (from one aggregate of
several counts) is not asked again.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet

from reinstate_web.cases.models import Case
from reinstate_web.cases.titles import read_titles


class _KnownCount(Paginator):  # type: ignore[type-arg]
    def __init__(self, object_list: Any, per_page: int, count: int) -> None:
        super().__init__(object_list, per_page)
        self._known = count

    @cached_property
    def count(self) -> int:
        return self._known


def page_of(
    cases: QuerySet[Case],
    order: Sequence[Any],
    number: Any,
    per_page: int,
    *,
    count: int | None = None,
    fields: Sequence[str] = (),
) -> Page[Case]:
    """The ``number``-th page of ``cases`` sorted by ``order``: its cases with their account,
    assignee and what their titles need of their messages (``titles.read_titles``) in that
    order. ``fields``: only these of the rows (``QuerySet.only``), when the list shows few."""
    ids = cases.order_by(*order).values_list("pk", flat=True)
    paginator = Paginator(ids, per_page) if count is None else _KnownCount(ids, per_page, count)
    page = paginator.get_page(number)
    wanted = list(page.object_list)
    found = Case.objects.filter(pk__in=wanted).select_related("account", "assignee")
    rows = {case.pk: case for case in (found.only(*fields) if fields else found)}
    page.object_list = [rows[pk] for pk in wanted if pk in rows]
    read_titles(page.object_list)
    return page  # type: ignore[return-value]
