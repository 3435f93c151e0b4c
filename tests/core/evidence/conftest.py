"""Generated evidence documents (English and Chinese invoices, bills and letters; text PDFs and
scans), read once per test session: OCR takes a second or two a page."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date

import pytest

from reinstate.demo.documents import (
    SELLER_ADDRESS,
    SELLER_ADDRESS_ZH,
    SELLER_NAME,
    SELLER_NAME_ZH,
    SELLER_ZH,
    SUPPLIER_ZH,
    InvoiceSpec,
    Item,
    invoice_pdf,
)
from reinstate.evidence import AccountIdentity, EvidenceContext, Reading, read_document

TODAY = date(2026, 5, 2)
NOTICE_DATE = date(2026, 4, 28)
ASIN = "B0C7Q2ZK4M"
OTHER_ASIN = "B0D1X9PQ2R"
ACCOUNT = AccountIdentity((SELLER_NAME, SELLER_NAME_ZH), (SELLER_ADDRESS, SELLER_ADDRESS_ZH))

INVOICE = InvoiceSpec(
    issued=date(2026, 3, 2),
    items=(
        Item("Hair Dryer Brush 1000W", ASIN, 500),
        Item("Silicone Baking Mats", OTHER_ASIN, 1200),
    ),
)
INVOICE_ZH = replace(
    INVOICE,
    supplier=SUPPLIER_ZH,
    buyer=SELLER_ZH,
    language="zh",
    items=(Item("吹风梳 1000W", ASIN, 500), Item("硅胶烘焙垫", OTHER_ASIN, 1200)),
)


def context(**changes: object) -> EvidenceContext:
    base = EvidenceContext(
        today=TODAY,
        notice_date=NOTICE_DATE,
        asins=(ASIN,),
        units_sold={ASIN: 450},
        account=ACCOUNT,
    )
    return replace(base, **changes)  # type: ignore[arg-type]


_CACHE: dict[str, Reading] = {}


@pytest.fixture(scope="session")
def read() -> Callable[[str, Callable[[], bytes]], Reading]:
    """``read(key, make)``: the reading of ``make()``'s bytes, made once per key."""

    def reading(key: str, make: Callable[[], bytes]) -> Reading:
        if key not in _CACHE:
            _CACHE[key] = read_document(make(), key)
        return _CACHE[key]

    return reading


@pytest.fixture(scope="session")
def invoice_en(read: Callable[[str, Callable[[], bytes]], Reading]) -> Reading:
    return read("invoice-en.pdf", lambda: invoice_pdf(INVOICE))


@pytest.fixture(scope="session")
def invoice_zh(read: Callable[[str, Callable[[], bytes]], Reading]) -> Reading:
    return read("invoice-zh.pdf", lambda: invoice_pdf(INVOICE_ZH))
