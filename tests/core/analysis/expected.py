"""Expected figures computed straight from the demo files (csv module, datetime) and the
manifest, independently of the analysis engine."""

from __future__ import annotations

import csv
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from reinstate.demo import DemoManifest


def rows(path: Path, *, delimiter: str = "\t", encoding: str = "utf-8") -> list[dict[str, str]]:
    with path.open(encoding=encoding, newline="") as handle:
        if delimiter == "\t":  # Amazon's flat files are not quoted
            return list(csv.DictReader(handle, delimiter=delimiter, quoting=csv.QUOTE_NONE))
        return list(csv.DictReader(handle, delimiter=delimiter))


def day(text: str) -> date:
    return date.fromisoformat(text[:10])


def in_window(value: date, end: date, days: int) -> bool:
    return end - timedelta(days=days - 1) <= value <= end


@dataclass
class Orders:
    day: dict[str, date] = field(default_factory=dict)
    channel: dict[str, str] = field(default_factory=dict)
    cancelled: set[str] = field(default_factory=set)
    asins: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    units: list[tuple[str, date, int, bool]] = field(default_factory=list)


def orders(manifest: DemoManifest) -> Orders:
    found = Orders()
    for row in rows(manifest.path("all_orders")):
        order = row["amazon-order-id"]
        found.day[order] = day(row["purchase-date"])
        found.channel[order] = "mfn" if row["fulfillment-channel"] == "Merchant" else "afn"
        cancelled = row["order-status"] == "Cancelled" or row["item-status"] == "Cancelled"
        if cancelled:
            found.cancelled.add(order)
        found.asins[order].add(row["asin"])
        found.units.append((row["asin"], found.day[order], int(row["quantity"]), cancelled))
    return found


def shipments(manifest: DemoManifest) -> dict[str, dict[str, str]]:
    """One row per order (the demo ships every item of an order together)."""
    found: dict[str, dict[str, str]] = {}
    for row in rows(manifest.path("mfn_shipments")):
        found.setdefault(row["order-id"], row)
    return found


def moment(text: str) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def late_shipments(manifest: DemoManifest, days: int) -> tuple[set[str], set[str]]:
    """(orders in the window, late orders) by the rule in shipping.py."""
    known = orders(manifest)
    end_moment = datetime.combine(manifest.today + timedelta(days=1), datetime.min.time(), UTC)
    total, late = set(), set()
    for order, row in shipments(manifest).items():
        if row["order-status"] == "Cancelled" or order in known.cancelled:
            continue
        if not in_window(day(row["latest-ship-date"]), manifest.today, days):
            continue
        total.add(order)
        deadline = moment(row["latest-ship-date"])
        shipped = moment(row["ship-date"])
        assert deadline is not None
        if (shipped is not None and shipped > deadline) or (
            shipped is None and deadline < end_moment
        ):
            late.add(order)
    return total, late


def tracking(manifest: DemoManifest, days: int = 30) -> tuple[set[str], set[str]]:
    known = orders(manifest)
    total, missing = set(), set()
    for order, row in shipments(manifest).items():
        if not row["ship-date"] or row["order-status"] == "Cancelled" or order in known.cancelled:
            continue
        if in_window(day(row["ship-date"]), manifest.today, days):
            total.add(order)
            if not row["tracking-number"]:
                missing.add(order)
    return total, missing


def deliveries(manifest: DemoManifest, days: int = 14) -> tuple[set[str], set[str]]:
    total, late = set(), set()
    for order, row in shipments(manifest).items():
        delivered, promised = moment(row["delivery-date"]), moment(row["latest-delivery-date"])
        if delivered is None or promised is None:
            continue
        if in_window(day(row["latest-delivery-date"]), manifest.today, days):
            total.add(order)
            if delivered > promised:
                late.add(order)
    return total, late


def units_sold(manifest: DemoManifest, start: date, end: date) -> Counter[str]:
    sold: Counter[str] = Counter()
    for asin, when, quantity, cancelled in orders(manifest).units:
        if not cancelled and start <= when <= end:
            sold[asin] += quantity
    return sold


def returned_units(manifest: DemoManifest, start: date, end: date) -> Counter[str]:
    returned: Counter[str] = Counter()
    for row in rows(manifest.path("fba_returns")):
        if start <= day(row["return-date"]) <= end:
            returned[row["asin"]] += int(row["quantity"])
    for row in rows(manifest.path("mfn_returns")):
        when = datetime.strptime(row["Return request date"], "%d-%b-%Y").date()
        if start <= when <= end:
            returned[row["ASIN"]] += int(row["Return quantity"])
    return returned


def one_ending_per_term(terms: list[tuple[str, bool, bool]]) -> str:
    """A complaint family's pattern as the plain rule writes it: the terms in their written
    order, one ``\\w*`` per term with any ending (``knowledge.family_pattern`` shares them)."""
    groups: dict[tuple[bool, bool], list[str]] = {}
    for core, start, end in terms:
        groups.setdefault((start, end), []).append(core)
    parts = []
    for (start, end), cores in sorted(groups.items()):
        body = "(?:" + "|".join(dict.fromkeys(cores)) + ")"
        parts.append((r"(?:^|\W)" if start else "") + body + (r"(?:\W|$)" if end else ""))
    return "(?i)(?:" + "|".join(parts) + ")"
