"""Identifiers, deadlines, marketplace and language from notice text."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from reinstate.notices import diagnose_text
from reinstate.notices.deadlines import add_business_days, find_deadlines
from reinstate.notices.extract import (
    find_amazon_addresses,
    find_asins,
    find_order_ids,
    find_rights_owner,
    find_skus,
)
from reinstate.notices.language import detect_language
from reinstate.notices.marketplace import detect_marketplace
from reinstate.notices.phrases import NormalText


def test_it_finds_asins_and_rejects_masked_and_truncated_tokens() -> None:
    text = "ASIN: B07TLXXXX, B0XXXXXXXX, B00ARGHSU, B08N5WRWNW, B0C1234567 and b08n5wrwnw."
    assert find_asins(text) == ("B08N5WRWNW", "B0C1234567")


def test_it_accepts_an_isbn10_only_with_a_label_and_a_valid_check_digit() -> None:
    assert find_asins("ISBN: 0306406152") == ("0306406152",)
    assert find_asins("ASIN\n0306406152") == ("0306406152",)
    assert find_asins("Call 0306406152 today") == ()
    assert find_asins("ASIN: 0306406153") == ()


def test_it_does_not_take_order_ids_phone_numbers_or_dates_for_asins() -> None:
    text = "Order 112-1234567-1234567, phone +1 206-266-1000, date 2025-03-07, ref 1234567890."
    assert find_asins(text) == ()
    assert find_order_ids(text) == ("112-1234567-1234567",)


def test_it_finds_order_ids_in_other_formats_once() -> None:
    text = "Orders D01-1234567-1234567 and 503-7654321-7654321; again 503-7654321-7654321."
    assert find_order_ids(text) == ("D01-1234567-1234567", "503-7654321-7654321")


def test_it_takes_skus_only_where_labelled() -> None:
    assert find_skus("Seller SKU: AB-12.3\nSKU：XY99") == ("AB-12.3", "XY99")
    assert find_skus("The SKU list is long. ABC-123 is a product.") == ()


def test_it_lists_amazon_addresses_but_not_others() -> None:
    text = "Write to notice-dispute@amazon.com or payments-funds@amazon.co.uk, not me@shop.example."
    assert find_amazon_addresses(text) == (
        "notice-dispute@amazon.com",
        "payments-funds@amazon.co.uk",
    )


def test_it_reads_a_labelled_rights_owner_block() -> None:
    text = (
        "You can find the contact information of the rights owner at the bottom of this message.\n"
        "Rights Owner: Fabrikam GmbH\nRights Owner Email: legal@fabrikam.example\n"
        "Complaint ID: 9988776655\n"
    )
    owner = find_rights_owner(text)
    assert owner is not None
    assert (owner.name, owner.email, owner.complaint_id) == (
        "Fabrikam GmbH",
        "legal@fabrikam.example",
        "9988776655",
    )


def test_it_ignores_a_masked_complaint_id() -> None:
    assert find_rights_owner("Complaint ID: 640XCCCCC") is None


@pytest.mark.parametrize(
    ("text", "lang", "days", "hours", "business"),
    [
        (
            "If you do not send an acceptable plan within 17 days, we may cancel it.",
            "en",
            17,
            None,
            False,
        ),
        ("Please respond within 48 hours.", "en", None, 48, False),
        ("Submit the documents within 5 business days.", "en", 5, None, True),
        ("Bitte antworten Sie innerhalb von 14 Tagen.", "de", 14, None, False),
        ("Merci de répondre dans un délai de 30 jours.", "fr", 30, None, False),
        ("Rispondi entro 17 giorni.", "it", 17, None, False),
        ("Responde en un plazo de 17 días.", "es", 17, None, False),
        ("17日以内にご提出ください。", "ja", 17, None, False),
        ("请在 3 个工作日内提交。", "zh", 3, None, True),
    ],
)
def test_it_reads_relative_deadlines_in_several_languages(
    text: str, lang: str, days: int | None, hours: int | None, business: bool
) -> None:
    (deadline,) = find_deadlines(NormalText(text), lang)
    assert (deadline.days, deadline.hours, deadline.business_days) == (days, hours, business)
    assert deadline.text in text


@pytest.mark.parametrize(
    "text",
    [
        "Invoices must have been issued within 365 days.",
        "We will review your appeal and respond within 48 hours.",
        "After the interview we will reply with the outcome within 5 business days.",
        "Funds are usually released within 14 days.",
    ],
)
def test_it_does_not_take_document_age_or_amazons_own_timing_for_a_deadline(text: str) -> None:
    assert find_deadlines(NormalText(text), "en") == ()


def test_it_dates_deadlines_from_the_send_time_or_today() -> None:
    sent = datetime(2025, 3, 7, 23, 0, tzinfo=UTC)  # a Friday
    (plain,) = find_deadlines(NormalText("Reply within 17 days."), "en", sent_at=sent)
    assert plain.date == date(2025, 3, 24)
    (business,) = find_deadlines(NormalText("Reply within 5 business days."), "en", sent_at=sent)
    assert business.date == date(2025, 3, 14)
    (hours,) = find_deadlines(NormalText("Reply within 48 hours."), "en", today=date(2025, 3, 7))
    assert hours.date == date(2025, 3, 9)
    assert add_business_days(date(2025, 3, 7), 1) == date(2025, 3, 10)


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        (
            "To keep selling after June 7, 2019, you will need to complete training.",
            "en",
            date(2019, 6, 7),
        ),
        ("Bitte reichen Sie die Unterlagen bis zum 12. März 2025 ein.", "de", date(2025, 3, 12)),
        ("Veuillez répondre avant le 3 avril 2025.", "fr", date(2025, 4, 3)),
        ("2025年3月12日までにご提出ください。", "ja", date(2025, 3, 12)),
        ("请在2025年3月12日之前提交。", "zh", date(2025, 3, 12)),
    ],
)
def test_it_reads_calendar_deadlines_with_their_context(
    text: str, lang: str, expected: date
) -> None:
    (deadline,) = find_deadlines(NormalText(text), lang)
    assert deadline.date == expected
    assert deadline.days is None


def test_it_ignores_dates_without_deadline_context() -> None:
    assert find_deadlines(NormalText("Your account was opened on June 7, 2019."), "en") == ()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Your account has been deactivated because we received complaints.", "en"),
        ("Ihr Konto wurde deaktiviert, weil wir Beschwerden erhalten haben.", "de"),
        ("Votre compte vendeur a été désactivé car nous avons reçu des plaintes.", "fr"),
        ("Il tuo account è stato disattivato perché abbiamo ricevuto dei reclami.", "it"),
        ("Tu cuenta ha sido desactivada porque hemos recibido reclamaciones.", "es"),
        (
            "Uw account is gedeactiveerd omdat wij klachten hebben ontvangen over uw producten.",
            "nl",
        ),
        ("Ditt konto har inaktiverats eftersom vi har fått klagomål på dina produkter.", "sv"),
        ("Twoje konto zostało dezaktywowane, ponieważ otrzymaliśmy skargi na produkty.", "pl"),
        ("Hesabınız devre dışı bırakıldı çünkü ürünleriniz için şikayet aldık.", "tr"),
        ("Sua conta foi desativada porque recebemos reclamações sobre os seus produtos.", "pt"),
        ("出品アカウントを停止させていただきました。", "ja"),
        ("您的卖家账户已被停用。", "zh"),
        ("تم إلغاء تنشيط حساب البائع الخاص بك.", "ar"),
    ],
)
def test_it_detects_each_marketplace_language(text: str, expected: str) -> None:
    assert detect_language(text) == expected


@pytest.mark.parametrize(
    ("text", "sender", "lang", "expected"),
    [
        ("See https://sellercentral.amazon.co.uk/gp/help/521", None, "en", "UK"),
        ("Sell on Amazon.com again. Write to seller-performance@amazon.com", None, "en", "US"),
        ("Write to seller-performance@amazon.com", None, "en", None),
        ("Hello", "Amazon <seller-performance@amazon.co.jp>", "en", "JP"),
        ("Your balance is £120.00", None, "en", "UK"),
        ("Ihr Konto wurde deaktiviert.", None, "de", "DE"),
        ("Help: https://sellercentral.amazon.com/gp/help/1 and Amazon.de", None, "de", "DE"),
    ],
)
def test_it_names_the_marketplace(
    text: str, sender: str | None, lang: str, expected: str | None
) -> None:
    assert detect_marketplace(text, sender, lang) == expected


def test_it_does_not_call_a_conditional_acceptance_a_reinstatement() -> None:
    text = (
        "Thank you for your plan of action. Your appeal has been reviewed and accepted.\n"
        "However, your account remains deactivated because other listings violate our policies."
    )
    result = diagnose_text(text)
    assert result.kind.value == "reply"
    assert result.reply_outcome is not None
    assert result.reply_outcome.value == "other"


def test_it_treats_a_gating_notice_as_a_warning() -> None:
    text = (
        "We are updating the requirements to offer products that qualify as pesticides. "
        "To continue your current offers after June 7, 2019, you will need to complete "
        "a brief online training."
    )
    result = diagnose_text(text)
    assert result.scope.value == "warning"
    assert result.category is not None
    assert result.category.value == "restricted_product"
