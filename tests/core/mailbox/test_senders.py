"""Whose mail is Amazon's: the reviewed sender list, exact domains, forged From headers."""

from __future__ import annotations

import pytest

from reinstate.mailbox.envelope import read_envelope
from reinstate.mailbox.senders import dmarc_failed, is_amazon_sender, sender_marketplace
from reinstate.mailbox.sync import taking_reason


@pytest.mark.parametrize(
    ("sender", "marketplace"),
    [
        ("Amazon.com <seller-performance@amazon.com>", "US"),
        ("seller-performance@amazon.co.uk", "UK"),
        ("Amazon.de <seller-performance@amazon.de>", "DE"),
        ("Amazon.co.jp <seller-performance@amazon.co.jp>", "JP"),
        ("notice-dispute@amazon.com", "US"),
        ("Disbursement-Appeals@Amazon.com", "US"),
        ("亚马逊全球开店 <global-selling@amazon.cn>", "CN"),
    ],
)
def test_it_knows_amazons_senders_in_every_marketplace(sender: str, marketplace: str) -> None:
    assert sender_marketplace(sender) == marketplace


@pytest.mark.parametrize(
    "sender",
    [
        "seller-performance@amazon.com.evil.example",  # a look-alike domain
        "seller-performance@amaz0n.com",
        "buyer-1234@marketplace.amazon.com",  # a buyer's message, relayed
        "auto-confirm@amazon.com",  # an order confirmation
        "shipment-tracking@amazon.co.uk",
        "no address at all",
        "",
        "a@b@amazon.com",
    ],
)
def test_it_refuses_everything_else(sender: str) -> None:
    assert not is_amazon_sender(sender)


def test_a_failed_dmarc_check_for_amazons_domain_means_a_forged_sender() -> None:
    results = "mx.qq.com; dmarc=fail (p=REJECT) header.from=amazon.com; spf=fail"
    assert dmarc_failed(results, "amazon.com")
    assert not dmarc_failed("mx.qq.com; dmarc=pass header.from=amazon.com", "amazon.com")
    assert not dmarc_failed(results, "amazon.de")

    forged = read_envelope(
        1,
        b"From: seller-performance@amazon.com\r\nAuthentication-Results: " + results.encode(),
        100,
    )
    assert taking_reason(forged, set(), frozenset()) is None


def test_the_address_in_angle_brackets_is_the_sender() -> None:
    assert not is_amazon_sender("seller-performance@amazon.com <evil@phish.example>")
    assert not is_amazon_sender('"seller-performance@amazon.com" <evil@phish.example>')
