"""What the composer knows about a case: :class:`CaseFacts`, plain values only.

The composer never imports the notice or analysis packages: :func:`facts_from` copies what it
needs out of a diagnosis and an analysis report (read by attribute name, so any object with the
documented fields works), and tests build :class:`CaseFacts` directly.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from types import MappingProxyType
from typing import Any

from reinstate.errors import InputError

_EMPTY: Mapping[str, Any] = MappingProxyType({})


@dataclass(frozen=True, slots=True)
class MetricFact:
    """One performance metric as the data analysis measured it (``value`` is a fraction)."""

    code: str
    value: float | None
    target: float | None = None
    numerator: int | None = None
    denominator: int | None = None
    window_start: date | None = None
    window_end: date | None = None
    status: str = "none"
    fulfillment: str | None = None


@dataclass(frozen=True, slots=True)
class AsinFact:
    """How often one ASIN shows up behind a finding."""

    asin: str
    count: int = 0
    rate: float | None = None


@dataclass(frozen=True, slots=True)
class FindingFact:
    """A finding of the data analysis: its code, the ASINs and orders behind it, its facts."""

    code: str
    category: str | None = None
    asins: tuple[AsinFact, ...] = ()
    orders: tuple[str, ...] = ()
    facts: Mapping[str, Any] = field(default_factory=lambda: _EMPTY)


@dataclass(frozen=True, slots=True)
class Choices:
    """The seller's picks among the knowledge-base options (``None``: let the composer choose).

    ``actions`` and ``preventions`` are the corrective actions and preventive measures to keep;
    ``extra`` ones not linked to a chosen root cause are listed under the first root cause.
    ``confirmed`` are the ones the seller says they took (see :func:`confirmed_ids`).
    """

    def confirmed_ids(self) -> frozenset[str] | None:
        """Every action and measure the seller has given or confirmed; None when none."""
        if self.actions is None and self.preventions is None and self.confirmed is None:
            return None
        return frozenset(
            (*(self.actions or ()), *(self.preventions or ()), *(self.confirmed or ()))
        )

    root_causes: tuple[str, ...] | None = None
    actions: tuple[str, ...] | None = None
    preventions: tuple[str, ...] | None = None
    operating_plan: tuple[str, ...] | None = None
    admission: str | None = None
    commitment: str | None = None
    evidence: tuple[str, ...] | None = None  # "deactivated in error": evidence_1, evidence_2 ...
    # Actions and measures the seller confirms they took, whoever chose them (a picked action
    # or measure is confirmed too). Anything else the letter suggests is marked as a suggestion.
    confirmed: tuple[str, ...] | None = None

    @classmethod
    def from_mapping(cls, raw: Mapping[str, Any]) -> Choices:
        """From ``{"root_causes": [...], "admission": "..."}`` (a web form or a file)."""

        def ids(key: str) -> tuple[str, ...] | None:
            value = raw.get(key)
            if value is None:
                return None
            if isinstance(value, str):
                return (value,)
            return tuple(str(v) for v in value)

        admission, commitment = raw.get("admission"), raw.get("commitment")
        return cls(
            root_causes=ids("root_causes"),
            actions=ids("actions"),
            preventions=ids("preventions"),
            operating_plan=ids("operating_plan"),
            evidence=ids("evidence"),
            confirmed=ids("confirmed"),
            admission=None if admission is None else str(admission),
            commitment=None if commitment is None else str(commitment),
        )


@dataclass(frozen=True, slots=True)
class CaseFacts:
    """Everything the composer may use. Same facts, same letter."""

    category: str
    scope: str = "unknown"
    asins: tuple[str, ...] = ()
    order_ids: tuple[str, ...] = ()
    notice_date: date | None = None
    marketplace: str | None = None
    store_name: str | None = None
    requested_documents: tuple[str, ...] = ()
    metrics: tuple[MetricFact, ...] = ()
    facts: Mapping[str, Any] = field(default_factory=lambda: _EMPTY)
    findings: tuple[FindingFact, ...] = ()
    answers: Mapping[str, Any] = field(default_factory=lambda: _EMPTY)
    # The files the evidence locker sends, by requested-document code (step 3 names them):
    # the letter's list of attachments names each one.
    evidence_files: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: _EMPTY)
    notice_fields: Mapping[str, Any] = field(default_factory=lambda: _EMPTY)
    today: date | None = None
    in_error: bool = False
    choices: Choices | None = None
    # What Amazon's answer to the last appeal asked for (ask codes of reviewer_asks.yaml, see
    # ``compose.gaps``): the revised letter answers each with its paragraph.
    asks: tuple[str, ...] = ()


def _date(value: Any) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _codes(values: Iterable[Any]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(str(getattr(v, "value", v)) for v in values))


def _field(obj: Any, name: str) -> Any:
    """A field of a mapping or an attribute of an object (``None`` when absent)."""
    if isinstance(obj, Mapping):
        return obj.get(name)
    return getattr(obj, name, None)


def _code(value: Any) -> str:
    """An enum's value or the string itself."""
    return str(getattr(value, "value", value))


def _float(value: Any) -> float | None:
    return None if value is None else float(value)


def _int(value: Any) -> int | None:
    return None if value is None else int(value)


def _metric(raw: Any) -> MetricFact:
    fulfillment = _field(raw, "fulfillment")
    return MetricFact(
        code=_code(_field(raw, "code")),
        value=_float(_field(raw, "value")),
        target=_float(_field(raw, "target")),
        numerator=_int(_field(raw, "numerator")),
        denominator=_int(_field(raw, "denominator")),
        window_start=_date(_field(raw, "window_start")),
        window_end=_date(_field(raw, "window_end")),
        status=_code(_field(raw, "status") or "none"),
        fulfillment=None if fulfillment is None else _code(fulfillment),
    )


def _finding(raw: Any) -> FindingFact:
    asins = []
    for item in _field(raw, "asins") or ():
        if isinstance(item, str):
            asins.append(AsinFact(item))
            continue
        asins.append(
            AsinFact(
                str(_field(item, "asin")),
                int(_field(item, "count") or 0),
                _float(_field(item, "rate")),
            )
        )
    category = _field(raw, "category")
    return FindingFact(
        code=_code(_field(raw, "code")),
        category=None if category is None else _code(category),
        asins=tuple(asins),
        orders=tuple(str(o) for o in _field(raw, "orders") or ()),
        facts=MappingProxyType(dict(_field(raw, "facts") or {})),
    )


# Notice attributes copied into ``notice_fields`` so category files can use `notice:<field>`.
# A diagnosis's rights owner (IP notices) gives these notice fields.
_RIGHTS_OWNER = {
    "name": "rights_owner_name",
    "email": "rights_owner_email",
    "complaint_id": "complaint_id",
}
_NOTICE_EXTRAS = (
    "rights_owner_name",
    "rights_owner_email",
    "complaint_id",
    "patent_number",
    "subject",
)


def facts_from(
    diagnosis: Any | None,
    report: Any | None = None,
    answers: Mapping[str, Any] | None = None,
    *,
    category: str | None = None,
    store_name: str | None = None,
    today: date | None = None,
    in_error: bool = False,
    choices: Choices | None = None,
) -> CaseFacts:
    """Build :class:`CaseFacts` from a notice diagnosis and a data-analysis report.

    ``diagnosis`` needs ``category``, ``scope``, ``asins``, ``order_ids``,
    ``requested_documents``, ``sent_at`` and ``marketplace`` (as ``reinstate.notices`` gives
    them); ``report`` needs ``metrics`` and ``findings`` (as ``reinstate.analysis`` gives them).
    ``category`` overrides the diagnosed one, and is required when the diagnosis is unsure
    (``certain`` false).

    >>> facts_from(None, category="pricing", store_name="Brightpath Home").category
    'pricing'
    """
    get = (lambda k, d=None: getattr(diagnosis, k, d)) if diagnosis is not None else None
    chosen = category or (get and get("category"))
    if not category and get is not None and get("certain", True) is False:
        # An unsure diagnosis never chooses the letter's policy on its own: a letter about the
        # wrong policy does more harm than none.
        raise InputError(
            "The notice does not say clearly which policy it enforces; choose a category."
        )
    if not chosen:
        raise InputError("The notice does not say which kind of case this is; choose a category.")
    code = str(getattr(chosen, "value", chosen))
    metrics: Sequence[Any] = getattr(report, "metrics", ()) if report is not None else ()
    findings: Sequence[Any] = getattr(report, "findings", ()) if report is not None else ()
    notice_fields: dict[str, Any] = {}
    if get is not None:
        for name in _NOTICE_EXTRAS:
            value = get(name)
            if value not in (None, "", (), []):
                notice_fields[name] = value
        owner = get("rights_owner")
        for name, key in _RIGHTS_OWNER.items():
            value = _field(owner, name) if owner is not None else None
            if value:
                notice_fields[key] = value
    scope = get("scope", "unknown") if get else "unknown"
    return CaseFacts(
        category=code,
        scope=str(getattr(scope, "value", scope) or "unknown"),
        asins=_codes(get("asins") or ()) if get else (),
        order_ids=_codes(get("order_ids") or ()) if get else (),
        notice_date=_date(get("sent_at")) if get else None,
        marketplace=(get("marketplace") or None) if get else None,
        store_name=store_name,
        requested_documents=_codes(get("requested_documents") or ()) if get else (),
        metrics=tuple(_metric(m) for m in metrics),
        findings=tuple(_finding(f) for f in findings),
        answers=MappingProxyType(dict(answers or {})),
        notice_fields=MappingProxyType(notice_fields),
        today=today,
        in_error=in_error,
        choices=choices,
    )
