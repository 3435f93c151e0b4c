"""Letters of authorisation and licences: the rights owner, the brand, what it allows, its dates
and validity on the notice date, and the seller's name."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date

from reinstate.demo.documents import (
    SELLER_ADDRESS_ZH,
    SELLER_NAME_ZH,
    AuthorizationSpec,
    Company,
    authorization_pdf,
    simple_pdf,
)
from reinstate.evidence import Reading, Submitted, check_evidence
from tests.core.evidence.conftest import NOTICE_DATE, context

Read = Callable[[str, Callable[[], bytes]], Reading]
LETTER = AuthorizationSpec(issued=date(2026, 1, 5), valid_until=date(2027, 1, 4))


def rules(
    reading: Reading, proves: str = "letter_of_authorization", **changes: object
) -> list[str]:
    report = check_evidence([Submitted(reading, proves)], context(**changes))
    return [f.rule for f in report.all_findings()]


def test_a_valid_letter_of_authorisation_passes(read: Read) -> None:
    letter = read("loa.pdf", lambda: authorization_pdf(LETTER))
    assert letter.kind == "letter_of_authorization"
    assert rules(letter) == []
    assert rules(letter, brand="Huaxin") == []


def test_a_letter_expired_before_the_notice(read: Read) -> None:
    expired = replace(LETTER, issued=date(2025, 1, 5), valid_until=date(2026, 1, 4))
    reading = read("loa-expired.pdf", lambda: authorization_pdf(expired))
    report = check_evidence([Submitted(reading, "letter_of_authorization")], context())
    [finding] = report.all_findings()
    assert (finding.rule, finding.value, finding.expected) == (
        "document_expired", "2026-01-04", NOTICE_DATE.isoformat(),
    )  # fmt: skip


def test_a_letter_that_starts_after_the_notice(read: Read) -> None:
    later = replace(LETTER, issued=date(2026, 4, 30), valid_until=date(2027, 4, 29))
    assert rules(read("loa-later.pdf", lambda: authorization_pdf(later))) == ["not_yet_valid"]


def test_an_unsigned_letter_has_no_issuer(read: Read) -> None:
    unsigned = read("loa-unsigned.pdf", lambda: authorization_pdf(replace(LETTER, signed=False)))
    assert rules(unsigned) == ["issuer_missing"]


def test_a_letter_for_another_brand(read: Read) -> None:
    letter = read("loa.pdf", lambda: authorization_pdf(LETTER))
    assert rules(letter, brand="Voltra") == ["brand_missing"]


def test_a_letter_that_does_not_say_what_it_allows(read: Read) -> None:
    vague = read("loa-vague.pdf", lambda: authorization_pdf(replace(LETTER, scope=False)))
    assert rules(vague) == ["scope_missing"]


def test_an_undated_letter(read: Read) -> None:
    undated = read("loa-undated.pdf", lambda: authorization_pdf(replace(LETTER, dated=False)))
    assert rules(undated) == ["document_date_missing"]


def test_a_letter_to_another_seller(read: Read) -> None:
    other = replace(LETTER, seller=Company("Bright Harbour Imports Ltd.", ""))
    assert rules(read("loa-other.pdf", lambda: authorization_pdf(other))) == ["name_mismatch"]


def _licence(name: str, address: str, until: str) -> bytes:
    return simple_pdf(
        "<h1>营业执照</h1><div>统一社会信用代码：91440300MA5G7XYZ12</div>"
        f"<div>名称：{name}</div><div>住所：{address}</div><div>法定代表人：李伟</div>"
        f"<div>营业期限：2019年3月1日 至 {until}</div><div>登记机关：深圳市市场监督管理局</div>"
    )


def test_a_business_licence_in_the_accounts_name_and_address(read: Read) -> None:
    good = read("licence.pdf", lambda: _licence(SELLER_NAME_ZH, SELLER_ADDRESS_ZH, "2039年2月28日"))
    assert good.kind == "business_license"
    assert rules(good, "business_license") == []
    other = read(
        "licence-other.pdf", lambda: _licence("深圳市光辉电子有限公司", SELLER_ADDRESS_ZH, "长期")
    )
    assert rules(other, "business_license") == ["name_mismatch"]
    expired = read(
        "licence-old.pdf", lambda: _licence(SELLER_NAME_ZH, SELLER_ADDRESS_ZH, "2025年2月28日")
    )
    assert rules(expired, "business_license") == ["document_expired"]
