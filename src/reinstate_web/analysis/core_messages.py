"""The analysis core's notes about a file, in the reader's language.

The core writes short English notes on each source ("unknown return reason codes kept as
written: CR-GIFT_RETURN (3)") and on each row it set aside ("the ship date is not a date"). The
web page must not show them in English to a Chinese reader, so each known shape is matched here
and rewritten with the catalogue; the codes and values inside (reason codes, column names,
encodings) are kept as written. A note of an unknown shape is shown as it is (nothing is lost).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from django.utils.functional import Promise
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# What the core names in "<label> is not a date" and "<label> is missing or not a date".
_DATE_LABELS: dict[str, Promise] = {
    "the ship-by date": gettext_lazy("the ship-by date"),
    "the ship date": gettext_lazy("the ship date"),
    "the promised delivery date": gettext_lazy("the promised delivery date"),
    "the delivery date": gettext_lazy("the delivery date"),
    "the purchase date": gettext_lazy("the purchase date"),
    "the return date": gettext_lazy("the return date"),
    "the shipment date": gettext_lazy("the shipment date"),
    "the date": gettext_lazy("the date"),
}

_Rewrite = Callable[[re.Match[str]], str]


def _fill(template: str, **values: str) -> str:
    """The translated sentence as safe HTML, each value from the file (a reason code, a
    column name, a date format) in ``<code>``: shown as written, never translated."""
    codes = {k: format_html("<code>{}</code>", v) for k, v in values.items()}
    return mark_safe(conditional_escape(template) % codes)  # noqa: S308 - all parts escaped


def _date_label(text: str) -> str:
    label = _DATE_LABELS.get(text)
    return str(label) if label is not None else text


_WARNINGS: list[tuple[re.Pattern[str], _Rewrite]] = [
    (
        re.compile(r"^unknown return reason codes kept as written: (?P<codes>.+)$"),
        lambda m: _fill(
            _("Return reasons Reinstate does not know, kept as Amazon wrote them: %(codes)s"),
            codes=m["codes"],
        ),
    ),
    (
        re.compile(r"^(?P<n>\d+) bytes could not be decoded as (?P<enc>\S+) and were replaced$"),
        lambda m: _fill(
            _(
                "%(n)s bytes could not be read as %(encoding)s text and were replaced; "
                "check names and comments in this file."
            ),
            n=m["n"],
            encoding=m["enc"],
        ),
    ),
    (
        re.compile(r"^(?P<n>\d+) rows shorter than the header were padded with blanks$"),
        lambda m: (
            _("%(n)s rows had fewer columns than the header; the missing cells are empty.")
            % {"n": m["n"]}
        ),
    ),
    (
        re.compile(r"^read the sheet (?P<sheet>.+)$"),
        lambda m: _fill(_("Read the sheet %(sheet)s."), sheet=m["sheet"]),
    ),
    (
        re.compile(r"^the dates in (?P<column>.+) were not read$"),
        lambda m: _fill(
            _("The dates in the column %(column)s could not be read."), column=m["column"]
        ),
    ),
    (
        re.compile(
            r"^the feedback dates fit several formats; "
            r"read as (?P<fmt>\S+) \((?P<site>\w+) style\)$"
        ),
        lambda m: _fill(
            _(
                "The feedback dates fit several formats; they were read as %(format)s "
                "(the %(site)s way of writing dates)."
            ),
            format=m["fmt"],
            site=m["site"],
        ),
    ),
    (
        re.compile(
            r"^claim types that are neither A-to-z nor chargeback were kept but not counted: "
            r"(?P<types>.+)$"
        ),
        lambda m: _fill(
            _(
                "Claims of other types were kept but not counted as A-to-z claims or "
                "chargebacks: %(types)s"
            ),
            types=m["types"],
        ),
    ),
]

_REASONS: list[tuple[re.Pattern[str], _Rewrite]] = [
    (re.compile(r"^no order ID$"), lambda m: _("no order ID")),
    (re.compile(r"^no seller SKU$"), lambda m: _("no seller SKU")),
    (
        re.compile(r"^the ASIN is (?:missing or )?not 10 letters and digits$"),
        lambda m: _("the ASIN is missing or is not 10 letters and digits"),
    ),
    (re.compile(r"^the rating is not 1 to 5$"), lambda m: _("the rating is not between 1 and 5")),
    (
        re.compile(r"^(?P<label>.+?) is (?:missing or )?not a date$"),
        lambda m: _("%(what)s is missing or is not a date") % {"what": _date_label(m["label"])},
    ),
    (
        re.compile(r"^the row has (?P<n>\d+) fields, the header has (?P<width>\d+)$"),
        lambda m: (
            _("the row has %(n)s columns, the header %(width)s")
            % {"n": m["n"], "width": m["width"]}
        ),
    ),
]


def _rewrite(text: str, rules: list[tuple[re.Pattern[str], _Rewrite]]) -> str:
    for pattern, rewrite in rules:
        match = pattern.match(text.strip())
        if match:
            return rewrite(match)
    return text


def source_warning(text: str) -> str:
    """A note on a whole file, in the reader's language.

    >>> from django.utils import translation
    >>> with translation.override("en"):
    ...     source_warning("7 rows shorter than the header were padded with blanks")
    '7 rows had fewer columns than the header; the missing cells are empty.'
    """
    return _rewrite(text, _WARNINGS)


def row_reason(text: str) -> str:
    """Why a row was set aside, in the reader's language."""
    return _rewrite(text, _REASONS)
