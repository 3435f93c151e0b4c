"""Cursor pagination: an opaque cursor naming the last row seen, stable while rows are added."""

from __future__ import annotations

import base64
from typing import Any, TypeVar

from django.db.models import Model, QuerySet

from reinstate_web.api.errors import ApiError

M = TypeVar("M", bound=Model)
MAX_LIMIT = 100


def encode(pk: int) -> str:
    return base64.urlsafe_b64encode(f"id:{pk}".encode()).decode().rstrip("=")


def decode(cursor: str) -> int:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        kind, _, value = raw.partition(":")
        if kind != "id" or not value.isdigit() or len(value) > 18:
            raise ValueError(cursor)
        return int(value)
    except (ValueError, UnicodeDecodeError) as exc:
        raise ApiError(400, "invalid_cursor", "This cursor is not one the API gave.") from exc


def page(rows: QuerySet[M], cursor: str | None, limit: int) -> tuple[list[M], str | None]:
    """Rows newest first (by id), after ``cursor``; and the cursor of the next page or None."""
    limit = max(1, min(limit, MAX_LIMIT))
    ordered = rows.order_by("-pk")
    if cursor:
        ordered = ordered.filter(pk__lt=decode(cursor))
    found = list(ordered[: limit + 1])
    more = len(found) > limit
    found = found[:limit]
    return found, encode(found[-1].pk) if more and found else None


def paged(items: list[Any], next_cursor: str | None) -> dict[str, Any]:
    return {"items": items, "next_cursor": next_cursor}
