"""Short notices and replies in several languages: kind, category, scope, outcome."""

from __future__ import annotations

import pytest

from reinstate.notices import diagnose_text

CASES = [
    # text, kind, category (notice) or outcome (reply), scope
    (
        # A review announced with its reason: a notice, though it speaks of "the information
        # you provided" as answers to an appeal do.
        "We are reviewing your selling account because we could not verify the information you "
        "provided. During this review you cannot sell on Amazon.",
        "notice",
        "verification",
        "account",
    ),
    (
        "Ihre Verkaufsberechtigungen für Amazon.de wurden entfernt. Ihre Bestellmängelquote "
        "liegt über unserem Ziel von 1 %. Bitte senden Sie uns einen Aktionsplan.",
        "notice",
        "performance_odr",
        "account",
    ),
    (
        "Your selling privileges on Amazon.com have been removed because of complaints about "
        "the condition of items sold as new.",
        "notice",
        "condition",
        "account",
    ),
    (
        "Bonjour, Nous avons examiné votre appel. Votre compte reste désactivé. Nous ne pouvons "
        "pas réactiver votre compte.",
        "reply",
        "denied",
        "account",
    ),
    (
        "Ciao, abbiamo rimosso la tua offerta perché abbiamo ricevuto reclami sulla sicurezza "
        "del prodotto. Fornisci rapporti di prova.",
        "notice",
        "product_safety",
        "listing",
    ),
    (
        "Hola: Hemos eliminado tus ofertas porque infringen nuestra política de precios justos.",
        "notice",
        "pricing",
        "listing",
    ),
    (
        "Nous avons supprimé vos offres pour les produits suivants en raison de plaintes "
        "relatives à l'état des articles.",
        "notice",
        "condition",
        "listing",
    ),
    (
        "Amazon.co.jpからの重要なお知らせ\n権利者から、出品者様の商品が商標権を侵害しているとの"
        "申し立てを受けたため、以下の出品を削除いたしました。",
        "notice",
        "ip_trademark",
        "listing",
    ),
    (
        "改善計画書をご提出いただきありがとうございます。しかしながら、十分な情報が含まれていないため、"
        "アカウントを再開することはできません。以下の情報をご提出ください。",
        "reply",
        "more_info",
        None,
    ),
    (
        "感谢您提交申诉。我们已审核您的申诉，但没有足够的信息来恢复您的账户。请提供以下信息：供应商发票。",
        "reply",
        "more_info",
        None,
    ),
    (
        "We have reviewed your appeal and determined that your account will remain deactivated.",
        "reply",
        "denied",
        "account",
    ),
    (
        "Hello from Amazon Selling Partner Support. We have closed this case.",
        "reply",
        "other",
        None,
    ),
    (
        "Policy Warning: We have received a report that the following listing may infringe "
        "another party's patent. We have not taken any action on your account at this time.",
        "notice",
        "ip_patent",
        "warning",
    ),
    (
        "Se han retirado tus privilegios de venta en Amazon.es porque hemos recibido "
        "reclamaciones sobre la autenticidad de tus productos.",
        "notice",
        "inauthentic",
        "account",
    ),
]


@pytest.mark.parametrize(("text", "kind", "code", "scope"), CASES)
def test_it_reads_short_messages_in_several_languages(
    text: str, kind: str, code: str, scope: str | None
) -> None:
    result = diagnose_text(text)
    assert result.kind.value == kind
    if kind == "notice":
        assert result.category is not None
        assert result.category.value == code
    else:
        assert result.reply_outcome is not None
        assert result.reply_outcome.value == code
    if scope is not None:
        assert result.scope.value == scope


# What was hit, in wording the scope phrases must read without the model (use_model=False):
# the verb before its object, a long object between the German verb and its participle, a
# warning that names what could follow.
SCOPE_PHRASES = [
    ("We have suspended your selling privileges for a violation of our policies.", "account"),
    ("During our review, you will not be able to sell on Amazon.", "account"),
    (
        "Daher wurden Ihre nicht konformen Angebote für verpackte Waren bei Amazon.de deaktiviert.",
        "listing",
    ),
    ("The listing(s) at the bottom of this message has been edited due to a violation.", "listing"),
    ("We confirm the removal of your listings for the items below.", "listing"),
    (
        "Failing to meet this target can result in the removal of your selling privileges.",
        "warning",
    ),
    ("We have detected a policy violation. If left unaddressed, action may follow.", "warning"),
]


@pytest.mark.parametrize(("text", "scope"), SCOPE_PHRASES)
def test_scope_phrases_read_the_common_shapes_of_amazons_wording(text: str, scope: str) -> None:
    assert diagnose_text(text, use_model=False).scope.value == scope


def test_the_model_fills_a_scope_no_phrase_states_only_when_it_is_clear() -> None:
    from reinstate.codes import Scope
    from reinstate.notices.decide import decide_scope, settings
    from reinstate.notices.phrases import NormalText, book

    sure = settings().scope_model_min + 0.1
    rest = (1 - sure) / 3
    clear = {"listing": sure, "account": rest, "warning": rest, "funds": rest}
    assert decide_scope([], None, clear) is Scope.LISTING
    assert decide_scope([], None, {"listing": 0.3, "account": 0.3, "funds": 0.4}) is (Scope.UNKNOWN)
    assert decide_scope([], None, {}) is Scope.UNKNOWN
    # A phrase that states the scope is not overruled by the model.
    hits = book("scope").scan(NormalText("Your seller account has been deactivated."), ["en"])
    assert decide_scope(hits, None, clear) is Scope.ACCOUNT
