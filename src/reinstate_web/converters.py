"""The ``<id:...>`` path converter: a database id in a URL.

Django's ``<int:...>`` takes any number of digits, and SQLite (like PostgreSQL's bigint)
refuses integers past 64 bits, so ``/cases/99999999999999999999/`` failed inside the database
instead of finding nothing. An id here has at most 18 digits (under 2**63), so a longer
number is simply a page that does not exist (404) before any view runs.
"""

from __future__ import annotations

from django.urls import register_converter
from django.urls.converters import IntConverter


class IdConverter(IntConverter):
    regex = "[0-9]{1,18}"


def register() -> None:
    """Called once from the first app's ``ready()``, before any URLconf is read."""
    register_converter(IdConverter, "id")
