"""The classes of failure the diagnosis had on messages nobody here had read (issue 11), each
shown on texts written for these tests in Amazon's template wording (not corpus texts)."""

from __future__ import annotations

import pytest

from reinstate.notices import diagnose_text

BOILERPLATE = """
Funds will not be transferred to you but will stay in your account while we work with you to
address this issue. Please ship any open orders to avoid further impact to your account. Note
that any amounts paid as a result of A-to-z Guarantee claims and chargebacks may be deducted
from your seller account. After 90 days, any remaining funds will be available per your
settlement schedule. If you have questions about these funds, please write to
payments-funds@amazon.com.

How do I send the required information?
Select the "Reactivate your account" button in Account Health
(https://sellercentral.amazon.com/performance/dashboard). Per the terms of the Amazon Services
Business Solutions Agreement, we reserve the right to limit or remove selling privileges.
"""

REPLIES = [
    # (text, outcome)
    (
        "Hello,\n\nWe have reviewed your appeal and the plan of action you provided. Your selling "
        "privileges have been reinstated and your listings will be active again within 24 hours.",
        "reinstated",
    ),
    (
        "Hello,\n\nThank you for your appeal. We reviewed your plan of action but we need "
        "additional information before we can reactivate your account. Please provide:\n"
        "-- Greater detail on the root cause of the complaints\n-- Invoices for the ASINs below",
        "more_info",
    ),
    (
        "Hello,\n\nWe are unable to accept your appeal. After reviewing the information you "
        "provided, we have decided not to reinstate your selling privileges. Your account remains "
        "deactivated and we will not respond to further appeals on this matter.",
        "denied",
    ),
    (
        "Hello,\n\nThank you for your recent submission. It has been reviewed and accepted. "
        "However, your account remains deactivated at this time due to unresolved policy "
        "violations on other listings.",
        "other",
    ),
    (
        "Hello from Amazon Selling Partner Support.\n\nWe have closed this case because your "
        "account is under review by another team. Refer to your Account Health Dashboard.",
        "other",
    ),
    (
        "Guten Tag,\n\nvielen Dank für Ihren Widerspruch. Wir haben Ihre Einsendung geprüft. Die "
        "vorliegenden Informationen reichen nicht aus, um Ihr Konto zu reaktivieren. Bitte senden "
        "Sie uns Rechnungen Ihres Lieferanten.",
        "more_info",
    ),
    (
        "Bonjour,\n\nNous avons examiné votre appel. Votre compte vendeur a été réactivé et vous "
        "pouvez à nouveau vendre sur Amazon.fr.",
        "reinstated",
    ),
    (
        "Hola:\n\nHemos revisado tu apelación y hemos decidido no restablecer tus privilegios de "
        "venta. Tu cuenta sigue desactivada.",
        "denied",
    ),
    (
        "改善計画書をご提出いただきありがとうございます。慎重に審査いたしました結果、出品者様の"
        "アカウントは再開できないとの判断に至りました。",
        "denied",
    ),
    (
        "感谢您提交申诉。我们已审核您的申诉，但没有足够的信息来恢复您的账户。请提供以下信息：供应商发票。",
        "more_info",
    ),
    # A one-sentence fragment of an answer, quoted on a forum: the condition put on
    # reinstatement says the seller already wrote.
    ("Your listings will not be reactivated until you provide test reports for them.", "more_info"),
]


@pytest.mark.parametrize(("text", "outcome"), REPLIES)
def test_an_answer_to_an_appeal_is_read_as_a_reply_with_its_outcome(
    text: str, outcome: str
) -> None:
    result = diagnose_text(text)
    assert result.kind.value == "reply"
    assert result.category is None
    assert result.reply_outcome is not None
    assert result.reply_outcome.value == outcome


REASONS = [
    (
        "We could not verify the information you provided. Why is this happening?\n"
        "The identity document and the utility bill you submitted did not match the name and "
        "address on your seller account, so your account failed our verification process.",
        "verification",
    ),
    (
        "Why is this happening?\nYou have listed products that are not permitted for sale on "
        "Amazon under our Restricted Products policy, including pesticide products that make "
        "unregistered claims to kill bacteria.",
        "restricted_product",
    ),
    (
        "Why is this happening?\nWe found evidence that you attempted to manipulate customer "
        "reviews by offering free products in exchange for reviews, which violates our Customer "
        "Product Reviews policies.",
        "review_manipulation",
    ),
    (
        "Why is this happening?\nOur records show that this account is related to another selling "
        "account that was deactivated for violating our policies. Sellers whose privileges have "
        "been removed may not open new accounts.",
        "related_accounts",
    ),
]


@pytest.mark.parametrize(("reason", "category"), REASONS)
def test_the_closing_boilerplate_does_not_outvote_the_reason(reason: str, category: str) -> None:
    text = f"Hello,\n\nYour Amazon seller account has been deactivated.\n\n{reason}\n{BOILERPLATE}"
    result = diagnose_text(text)
    assert result.kind.value == "notice"
    assert result.category is not None
    assert result.category.value == category
    assert result.certain
    # The boilerplate is recognised as such, and weighs almost nothing.
    kinds = {p.kind for p in result.parts}
    assert "boilerplate" in kinds
    assert "reason" in kinds


OTHER_LANGUAGES = [
    (
        "Guten Tag,\n\nIhr Verkäuferkonto wurde deaktiviert. Warum ist das passiert?\nWir haben "
        "Beschwerden von Kunden erhalten, dass die von Ihnen verkauften Artikel nicht authentisch "
        "sind (Richtlinie gegen Produktfälschungen). Bitte senden Sie uns Rechnungen Ihres "
        "Lieferanten aus den letzten 365 Tagen.",
        "de",
        "inauthentic",
    ),
    (
        "Bonjour,\n\nNous avons supprimé certaines de vos offres car nous avons reçu une plainte "
        "d'un titulaire de droits indiquant qu'elles enfreignent sa marque déposée.",
        "fr",
        "ip_trademark",
    ),
    (
        "Gentile venditore,\n\nil tuo account è stato disattivato perché la percentuale di ordini "
        "difettosi supera il nostro obiettivo dell'1%.",
        "it",
        "performance_odr",
    ),
    (
        "Hola:\n\nHemos desactivado tu cuenta de vendedor porque tu tasa de envíos con retraso "
        "supera el objetivo del 4%.",
        "es",
        "performance_late_shipment",
    ),
    (
        "出品者様\n\nお客様から、出品者様が販売した商品が偽造品であるとの申し立てを受けたため、"
        "出品用アカウントを停止しました。真正品であることを証明する請求書をご提出ください。",
        "ja",
        "inauthentic",
    ),
    (
        "Olá,\n\nSua conta de vendedor foi desativada porque identificamos que ela está "
        "relacionada a outra conta de vendedor que foi desativada.",
        "pt",
        "related_accounts",
    ),
    (
        "您好，\n\n您的亚马逊卖家账户已被停用。为什么会发生这种情况？我们收到了买家关于您销售的商品"
        "真实性的投诉（假冒商品）。请提供过去 365 天内供应商开具的发票。",
        "zh",
        "inauthentic",
    ),
]


# Newer templates and complaint types (issue 11, fourth corpus round): the opening sentence that
# cites the Code of Conduct as a whole, the related account named "another Amazon account", and
# distribution-rights complaints (parallel import, exclusive distribution) as "other IP".
TEMPLATES = [
    (
        "Hello,\n\nYour Amazon.com seller account has been deactivated and your listings have "
        "been removed due to violations of the Selling Policies and Seller Code of Conduct. "
        "Continue to ship open orders to avoid further impact to your account.\n\n"
        "Why is this happening?\nWe are taking this action because your account is related to "
        "another Amazon account that is prohibited from selling.\n\nHow do I reactivate my "
        "account?\nChoose the path below that applies to you.",
        "related_accounts",
    ),
    (
        "Hello,\n\nWe removed some of your listings because we received a report from a rights "
        "owner that they may infringe the rights owner's intellectual property rights.\n\n"
        "Why did this happen?\nThe rights owner alleges that the products were imported into the "
        "UK without consent. Rights owners may prevent the distribution of genuine goods sourced "
        "outside of the UK.\n\nHow do I reactivate my listing?\nSend a written authorization "
        "letter from the rights owner.",
        "ip_other",
    ),
    (
        "Hello,\n\nAmazon previously alerted you of these issues through the warnings below:\n"
        "Notice one: 5400000001 - ASIN: B000000001 - Infringement Type: Exclusive distribution\n"
        "Notice two: 5400000002 - ASIN: B000000002 - Infringement Type: Exclusive distribution",
        "ip_other",
    ),
    (
        "Hallo,\n\nVerkäufer sollten genügend Lagerbestand haben, um alle Bestellungen sofort "
        "erfüllen zu können. Ist ein Artikel nicht verfügbar, stornieren Sie die Bestellung, statt "
        "den Versand zu bestätigen und den Betrag zu erstatten.",
        "performance_cancellation",
    ),
]


@pytest.mark.parametrize(("text", "category"), TEMPLATES)
def test_newer_templates_and_distribution_complaints_get_their_category(
    text: str, category: str
) -> None:
    result = diagnose_text(text)
    assert result.kind.value == "notice"
    assert result.category is not None
    assert result.category.value == category


@pytest.mark.parametrize(("text", "language", "category"), OTHER_LANGUAGES)
def test_a_notice_in_another_marketplace_language_gets_its_category(
    text: str, language: str, category: str
) -> None:
    result = diagnose_text(text)
    assert result.language == language
    assert result.kind.value == "notice"
    assert result.category is not None
    assert result.category.value == category


FRAGMENTS = [
    ("Subject: Policy Warning: Product Condition Customer Complaints", "condition"),
    (
        "---------- Forwarded message ---------\nFrom: Amazon <seller-performance@amazon.com>\n"
        "Subject: Your Amazon.com selling privileges\n\nWe removed your listings because we "
        "received a report from a rights owner that they infringe the rights owner's copyright "
        "in images [...]",
        "ip_copyright",
    ),
    (
        "> Your Amazon seller account has been deactivated because your late shipment rate is "
        "above\n> our target of 4%.\n> [...]",
        "performance_late_shipment",
    ),
    (
        "We have deactivated your listings because the prices violate our Fair Pricing "
        "Policy [...]",
        "pricing",
    ),
]


@pytest.mark.parametrize(("text", "category"), FRAGMENTS)
def test_a_fragment_still_names_its_policy(text: str, category: str) -> None:
    result = diagnose_text(text)
    assert result.kind.value == "notice"
    assert result.category is not None
    assert result.category.value == category


def test_a_notice_that_names_no_policy_is_unsure_and_offers_candidates() -> None:
    result = diagnose_text(
        "Hello,\n\nYour Amazon seller account has been deactivated. Your listings have been "
        f"removed.\n{BOILERPLATE}"
    )
    assert result.kind.value == "notice"
    assert not result.certain
    assert len(result.categories) >= 2
    data = result.to_json()
    assert data["certain"] is False
    assert data["needs_choice"] is True


def test_the_contract_keys_come_first_and_unchanged() -> None:
    data = diagnose_text(REASONS[0][0]).to_json()
    assert list(data)[:12] == [
        "kind",
        "language",
        "marketplace",
        "scope",
        "category",
        "categories",
        "reply_outcome",
        "asins",
        "order_ids",
        "requested_documents",
        "deadlines",
        "channel",
    ]
    assert set(data["categories"][0]) == {"code", "confidence", "evidence"}
