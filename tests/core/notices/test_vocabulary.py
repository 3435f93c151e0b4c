"""The per-language vocabulary of Amazon's policy terms (knowledge/notices/vocabulary.yaml).

Each entry is [weight, pattern, source page]. These tests hold the file to its format and check
that every term does what the diagnosis will ask of it: it compiles in the phrase-book syntax,
it matches a text of its own form after normalisation, and the sample sentence of a category
(one per category and language, written here in the words Amazon's pages use) is recognised
by that category and by no other category's weight-4 term.
"""

from __future__ import annotations

import importlib
import re
import unicodedata
from collections.abc import Iterator
from typing import Any

import pytest

from reinstate.codes import Category
from reinstate.knowledge.loader import load
from reinstate.notices.phrases import LANGUAGES, NormalText, compile_phrase

# The regex parser of the standard library (private, stable since 3.11) turns a pattern back
# into the shortest text it matches; the public sre_parse alias warns on import.
_PARSER: Any = importlib.import_module("re._parser")

Entry = tuple[int, str, str]
Vocabulary = dict[str, dict[str, list[Entry]]]


def _vocabulary() -> Vocabulary:
    raw = load("notices/vocabulary")
    assert isinstance(raw, dict)
    out: Vocabulary = {}
    for category, per_lang in raw.items():
        assert isinstance(per_lang, dict), category
        out[str(category)] = {}
        for lang, entries in per_lang.items():
            assert isinstance(entries, list), f"{category}/{lang} is not a list"
            assert entries, f"{category}/{lang} is empty"
            rows: list[Entry] = []
            for entry in entries:
                assert isinstance(entry, list), f"{category}/{lang}: {entry!r}"
                assert len(entry) == 3, f"{category}/{lang}: {entry!r}"
                weight, pattern, source = entry
                assert type(weight) is int, f"{category}/{lang}: weight {weight!r}"
                assert isinstance(pattern, str), f"{category}/{lang}: {entry!r}"
                assert pattern, f"{category}/{lang}: empty pattern"
                assert isinstance(source, str), f"{category}/{lang}: {entry!r}"
                rows.append((weight, pattern, source))
            out[str(category)][str(lang)] = rows
    return out


VOCABULARY = _vocabulary()


def _entries() -> Iterator[tuple[str, str, int, str, str]]:
    for category, per_lang in VOCABULARY.items():
        for lang, rows in per_lang.items():
            for weight, pattern, source in rows:
                yield category, lang, weight, pattern, source


# One sentence per category and language, in the words of the pages the terms come from.
SAMPLES: dict[str, dict[str, str]] = {
    "performance_odr": {
        "en": "Your order defect rate is above our target of 1%.",
        "de": "Ihre Rate an Bestellmängeln liegt über dem Zielwert von 1 %.",
        "fr": "Votre taux de commandes défectueuses dépasse l'objectif de 1 %.",
        "it": "La tua Percentuale ordini difettosi supera l'obiettivo dell'1%.",
        "es": "Tu ratio de pedidos defectuosos supera el objetivo del 1 %.",
        "ja": "お客様の注文不良率が目標値の1%を超えています。",
        "zh": "您的订单缺陷率超过了 1% 的目标。",
        "nl": "Uw percentage defecte bestellingen ligt boven het doel van 1%.",
        "tr": "Sipariş kusur oranınız hedefin üzerinde.",
        "ar": "ارتفعت مطالبات الضمان من الألف إلى الياء على حسابك.",
        "pt": "Seu Índice de pedidos com problemas está acima da meta de 1%.",
    },
    "performance_late_shipment": {
        "en": "Your late shipment rate is above 4%.",
        "de": "Ihre Rate verspäteter Lieferungen liegt über 4 %.",
        "fr": "Votre taux d'expédition tardive est trop élevé.",
        "it": "La tua percentuale spedizioni in ritardo è superiore al 4%.",
        "es": "Tu ratio de envíos atrasados es superior al 4 %.",
        "ja": "出荷遅延率が4%を超えています。",
        "zh": "您的迟发率超过了 4%。",
        "nl": "Uw percentage te late verzendingen is hoger dan 4%.",
        "tr": "Geç gönderim oranınız %4'ün üzerinde.",
    },
    "performance_cancellation": {
        "en": "Your pre-fulfillment cancel rate exceeds 2.5%.",
        "de": "Ihre Stornorate vor Erfüllung liegt über 2,5 %.",
        "fr": "Votre taux d'annulation avant expédition dépasse 2,5 %.",
        "it": "La tua Percentuale annullamenti precedenti la spedizione supera il 2,5%.",
        "ja": "出荷前キャンセル率が2.5%を超えています。",
        "zh": "您的配送前取消率超过了 2.5%。",
        "nl": "Uw annuleringspercentage is hoger dan 2,5%.",
        "tr": "Kargodan önce İptal oranınız çok yüksek.",
        "pt": "Sua taxa de cancelamento pré-envio está acima da meta.",
    },
    "performance_tracking": {
        "en": "Your valid tracking rate is below 95%.",
        "de": "Ihre Rate gültiger Sendungsverfolgungsnummern liegt unter 95 %.",
        "fr": "Votre compte ne respecte pas notre politique de taux de suivi valide.",
        "es": "Tu ratio de envíos con seguimiento es inferior al 95 %.",
        "zh": "您的有效追踪率低于 95%。",
    },
    "performance_other": {
        "en": (
            "Your invoice defect rate is above 5%. "
            "See Selling Account Reviews for Seller-Fulfilled Orders."
        ),
        "de": "Ihre Rate perfekter Bestellungen ist gesunken.",
        "fr": "Votre taux de livraisons dans les délais est trop bas.",
        "it": "L'insoddisfazione dei resi del tuo account è elevata.",
        "es": "Tu cuenta no cumple los objetivos de rendimiento.",
        "nl": "Uw account voldoet niet aan de prestatiedoelen.",
    },
    "inauthentic": {
        "en": "We received complaints under the Amazon Anti-Counterfeiting Policy.",
        "de": "Ihr Angebot verstößt gegen die Amazon-Richtlinie gegen Produktpiraterie.",
        "fr": "Votre compte enfreint la Politique anti-contrefaçon d'Amazon.",
        "it": "Il tuo account viola la Politica anti-contraffazione di Amazon.",
        "es": "Tu cuenta infringe la política antifalsificación de Amazon.",
        "ja": "お客様の商品に偽造品の疑いがあるとの申し立てがありました。",
        "zh": "您的商品违反了亚马逊防伪政策。",
        "nl": "Uw account schendt het Antinamaakbeleid van Amazon.",
        "sv": "Ditt konto bryter mot Amazons policy mot varumärkesförfalskning.",
        "pl": "Naruszono Politykę Amazon dotyczącą przeciwdziałania podrabianiu produktów.",
        "tr": "Hesabınızla ilgili sahte ürün şikayetleri aldık.",
        "ar": "تلقينا شكاوى بشأن منتجات مزيفة في حسابك.",
        "pt": "Recebemos reclamações sobre produtos falsificados na sua conta.",
    },
    "ip_trademark": {
        "en": "We received a report of trademark infringement for your listing.",
        "de": "Wir haben eine Meldung über eine Markenverletzung erhalten.",
        "fr": "Nous avons reçu une plainte pour atteinte à la marque.",
        "it": "Il titolare dei marchi registrati ha presentato un reclamo.",
        "es": "El titular de las marcas registradas ha presentado una reclamación.",
        "ja": "権利者から商標権の侵害の申し立てがありました。",
        "zh": "我们收到了权利所有者的商标侵权投诉。",
        "nl": "De eigenaar van het handelsmerk heeft een klacht ingediend.",
        "sv": "Rättighetsinnehavaren har ett registrerat varumärke.",
        "pl": "Właściciel znaku towarowego zgłosił naruszenie.",
        "tr": "Ticari marka sahibi şikayette bulundu.",
        "ar": "تلقينا شكوى من مالك العلامة التجارية.",
        "pt": "O titular das marcas comerciais apresentou uma reclamação.",
    },
    "ip_copyright": {
        "en": "We removed images that may infringe the owner's copyright.",
        "de": "Ihr Angebot verletzt möglicherweise das Urheberrecht.",
        "fr": "Votre offre enfreint les droits d'auteur du titulaire.",
        "it": "La tua offerta viola il diritto d'autore del titolare.",
        "es": "Tu oferta infringe los derechos de autor del titular.",
        "ja": "出品が著作権を侵害している可能性があります。",
        "zh": "您的图片可能侵犯了他人的版权。",
        "nl": "Uw aanbieding maakt mogelijk inbreuk op het auteursrecht.",
        "sv": "Din produktpost kan göra intrång i upphovsrätten.",
        "pl": "Twoja oferta może naruszać prawa autorskie.",
        "tr": "Teklifiniz telif hakkını ihlal ediyor olabilir.",
        "pt": "Sua oferta pode violar direitos autorais.",
    },
    "ip_patent": {
        "en": "The rights owner reported a possible patent infringement.",
        "de": "Es liegt eine mögliche Patentverletzung vor.",
        "fr": "Le titulaire a signalé une violation de brevet.",
        "it": "Il titolare ha segnalato la violazione di un brevetto.",
        "es": "El titular ha denunciado la infracción de una patente.",
        "ja": "特許権の侵害の申し立てがありました。",
        "zh": "权利人投诉您的商品侵犯了其专利。",
        "nl": "De rechthebbende meldt een inbreuk op een octrooi.",
        "pt": "O titular alegou violação de patentes.",
    },
    "ip_other": {
        "en": "Your account has suspected intellectual property violations.",
        "de": "Es besteht der Verdacht auf Verletzung des geistigen Eigentums.",
        "fr": "Nous avons reçu une violation des droits de distribution sélective.",
        "it": "Abbiamo rilevato sospette violazioni della proprietà intellettuale.",
        "ja": "知的財産権侵害の疑いがある出品が見つかりました。",
        "zh": "您的账户收到了知识产权投诉。",
        "sv": "Vi har mottagit misstänkta intrång i immateriella rättigheter.",
        "pl": "Otrzymaliśmy podejrzewane naruszenia praw własności intelektualnej.",
        "tr": "Şüpheli fikri mülkiyet hakları ihlalleri tespit edildi.",
    },
    "restricted_product": {
        "en": "Your listing violates our Restricted Products policy.",
        "de": "Ihr Artikel unterliegt einer Produktbeschränkung.",
        "fr": "Votre article figure parmi les produits soumis à des restrictions.",
        "it": "Il tuo articolo rientra tra i prodotti soggetti a restrizioni.",
        "es": "Tu producto pertenece a las categorías con restricciones.",
        "ja": "お客様の商品は制限対象商品に該当します。",
        "zh": "您的商品属于受限商品。",
        "nl": "Uw voorraad valt onder ons beleid voor producten waarvoor beperkingen gelden.",
        "pl": "Twój artykuł należy do produktów objętych ograniczeniami.",
        "tr": "Ürününüz kısıtlanmış ürünler arasında yer alıyor.",
        "ar": "يخضع منتجك لسياسات المنتجات الخاضعة لقيود.",
        "pt": "Seu item está na lista de produtos restritos.",
    },
    "product_safety": {
        "en": "Review the safety testing required for your item.",
        "de": "Ihr Angebot verstößt gegen die Richtlinien zur Produktsicherheit.",
        "fr": "Respectez le règlement relatif à la sécurité générale des produits (RSGP).",
        "it": "Carica la documentazione di conformità per la sicurezza dei prodotti.",
        "es": "Cumple el Reglamento relativo a la seguridad general de los productos.",
        "ja": "PSEマークが確認できないため、安全に関する資料を提出してください。",
        "zh": "您的商品存在商品安全问题。",
        "pt": "Recebemos uma notificação de produto irregular para a sua oferta.",
    },
    "condition": {
        "en": "Items must arrive in the condition advertised.",
        "de": "Beispiele für Produktzustands-Verstöße beinhalten gebrauchte Artikel.",
        "fr": "Le commentaire concerne l'état de votre produit.",
        "it": "Il cliente ha un problema con la condizione dell'articolo.",
        "es": "El cliente tiene un problema con el estado del producto.",
        "ja": "コンディションガイドラインに違反しています。",
        "zh": "您的账户收到了商品状况买家投诉。",
        "nl": "Schendingen van de productstaat kunnen tot maatregelen leiden.",
    },
    "review_manipulation": {
        "en": "You violated our Customer Product Reviews policies.",
        "de": "Sie haben gegen die Richtlinien zur Erstellung von Kundenrezensionen verstoßen.",
        "fr": "Les commentaires rémunérés ne sont pas autorisés.",
        "it": "Abbiamo rilevato una manipolazione delle recensioni.",
        "es": "No puedes intentar influir ni inflar las calificaciones de los clientes.",
        "ja": "カスタマーレビューの不正使用が確認されました。",
        "zh": "您违反了买家商品评论政策。",
        "pl": "Wszelkie próby manipulowania treściami są zabronione.",
        "pt": "A Amazon processou empresas por resenhas falsas.",
        "tr": "Müşteri ürün yorumu politikalarını ihlal ettiniz.",
    },
    "related_accounts": {
        "en": "You may not operate multiple selling accounts without a legitimate business need.",
        "de": "Ihr Konto steht in Verknüpfung mit einem anderen Konto.",
        "es": "Detectamos la vinculación de cuentas.",
        "ja": "複数の出品用アカウントの運用は禁止されています。",
        "zh": "您的账户与关联账户有关。",
        "nl": "Uw account en eventuele gerelateerde accounts zijn opgeschort.",
        "sv": "Ditt konto och relaterade konton har stängts av.",
        "pl": "Zawiesiliśmy Twoje konto i powiązane konta.",
    },
    "verification": {
        "en": "Please complete an identity verification video call with us.",
        "de": "Bitte reichen Sie einen Identitätsnachweis des Verkäufers ein.",
        "it": "Dobbiamo verificare l'identità del titolare.",
        "es": "Necesitamos la verificación de tu identidad.",
        "ja": "本人確認のため書類を提出してください。",
        "zh": "我们需要一些其他文件来验证您的身份。",
        "tr": "Hesap doğrulaması için belgeler gerekiyor.",
        "pt": "Envie os documentos para a verificação de identidade.",
    },
    "code_of_conduct": {
        "en": "Your account violated the Seller Code of Conduct.",
        "de": "Sie haben gegen den Verhaltenskodex verstoßen.",
        "it": "Hai violato il codice di condotta.",
        "es": "Incumpliste el Código de conducta.",
        "ja": "行動規範に違反しています。",
        "zh": "您违反了卖家行为准则。",
        "nl": "U heeft vervalste documenten ingediend.",
        "sv": "Du har brutit mot uppförandekoden för säljare.",
        "pl": "Naruszono Kodeks postępowania sprzedawcy.",
    },
    "pricing": {
        "de": "Verstoß gegen die Amazon Marketplace-Richtlinie zur angemessenen Preisgestaltung.",
        "fr": "Votre offre enfreint la politique de prix équitable.",
        "es": "Detectamos prácticas de fijación de precios en tu oferta.",
        "ja": "購入者の信頼を損なう価格設定が確認されました。",
    },
    "listing_policy": {
        "en": "Any attempt to divert customers to another website is prohibited.",
        "de": "Ihr Angebot verstößt gegen die Richtlinien für Produktdetailseiten.",
        "it": "È vietato eludere la procedura di vendita prestabilita.",
        "es": "Incumpliste las políticas de Amazon sobre creación de listados.",
        "ja": "商品詳細ページの重複が見つかりました。",
        "zh": "您的商品违反了商品详情页面规则。",
        "nl": "Uw vermelding schendt het productvermeldingsbeleid.",
        "pl": "Próby przekierowania transakcji lub kupujących są zabronione.",
    },
    "funds_hold": {
        "en": "Part of your balance was moved to an account-level reserve.",
        "de": "Wir haben uns entschieden, eine Rücklage auf Ihrem Konto einzubehalten.",
        "fr": "Pendant 90 jours, les recettes de votre vente seront réservées.",
        "es": "Limitaremos tu capacidad para recibir pagos.",
        "ja": "売上金の留保に関するポリシーに基づき、売上金を留保します。",
        "zh": "根据我们的资金扣留政策,您有资格申请付款。",
        "nl": "We beperken tijdelijk je mogelijkheid om vergoedingen te ontvangen.",
        "sv": "Det kan leda till att medel hålls inne.",
        "pl": "Może to skutkować wstrzymaniem środków.",
    },
}

# The same names in Traditional Chinese: every Chinese pattern must carry both scripts.
TRADITIONAL: dict[str, str] = {
    "performance_odr": "您的訂單缺陷率超過了目標。",
    "performance_late_shipment": "您的遲發率過高。",
    "performance_tracking": "您的有效追蹤率過低。",
    "inauthentic": "我們收到了關於假冒偽劣商品的投訴。",
    "ip_trademark": "您的商品涉嫌商標侵權。",
    "ip_copyright": "您的圖片侵犯了版權。",
    "ip_patent": "權利人投訴您侵犯了專利。",
    "restricted_product": "您的商品屬於受限產品。",
    "condition": "您的帳戶收到了商品狀況買家投訴。",
    "review_manipulation": "您違反了買家商品評論政策。",
    "related_accounts": "您的帳戶與關聯帳戶有關。",
    "verification": "我們需要文件來驗證您的身份。",
    "code_of_conduct": "您違反了賣家行為準則。",
    "listing_policy": "您的商品違反了商品詳情頁面規則。",
    "funds_hold": "根據我們的資金扣留政策處理您的付款。",
}

# Words every notice carries: no term may fire on one of them alone.
GENERIC = {
    "en": ["amazon", "account", "deactivated", "seller", "policy", "funds", "appeal"],
    "de": ["amazon", "konto", "deaktiviert", "verkäufer", "richtlinie", "guthaben", "einspruch"],
    "fr": ["amazon", "compte", "désactivé", "vendeur", "politique", "fonds", "appel"],
    "it": ["amazon", "account", "disattivato", "venditore", "politica", "fondi", "ricorso"],
    "es": ["amazon", "cuenta", "desactivada", "vendedor", "política", "fondos", "apelación"],
    "ja": ["アカウント", "出品者", "ポリシー", "停止", "申し立て"],
    "zh": ["账户", "卖家", "政策", "停用", "申诉", "資金"],
}


def _matches(category: str, lang: str, text: str, min_weight: int = 1) -> list[str]:
    norm = NormalText(text).norm
    return [
        pattern
        for weight, pattern, _ in VOCABULARY.get(category, {}).get(lang, [])
        if weight >= min_weight and compile_phrase(pattern, lang).search(norm)
    ]


def _scores(lang: str, text: str) -> dict[str, int]:
    norm = NormalText(text).norm
    scores: dict[str, int] = {}
    for category, per_lang in VOCABULARY.items():
        for weight, pattern, _ in per_lang.get(lang, []):
            if compile_phrase(pattern, lang).search(norm):
                scores[category] = scores.get(category, 0) + weight
    return scores


def _shortest(tree: Any) -> str:
    """The shortest text a parsed pattern matches (first branch, minimum repeats)."""
    out: list[str] = []
    for op, arg in tree:
        name = str(op)
        if name == "LITERAL":
            out.append(chr(arg))
        elif name == "IN":
            out.append(_one_of(arg))
        elif name == "CATEGORY":
            out.append(_category(arg))
        elif name == "ANY":
            out.append("x")
        elif name == "BRANCH":
            out.append(_shortest(arg[1][0]))
        elif name == "SUBPATTERN":
            out.append(_shortest(arg[-1]))
        elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            low, _high, sub = arg
            out.append(_shortest(sub) * low)
        elif name not in ("AT", "ASSERT", "ASSERT_NOT"):
            raise AssertionError(f"pattern construct {name} is not expected in a phrase")
    return "".join(out)


def _one_of(items: Any) -> str:
    kind, value = items[0]
    name = str(kind)
    if name == "LITERAL":
        return chr(value)
    if name == "RANGE":
        return chr(value[0])
    if name == "CATEGORY":
        return _category(value)
    raise AssertionError(f"character class {name} is not expected in a phrase")


def _category(value: Any) -> str:
    return {"CATEGORY_WORD": "a", "CATEGORY_SPACE": " ", "CATEGORY_DIGIT": "0"}[str(value)]


def test_it_uses_only_contract_categories_and_known_languages() -> None:
    codes = {c.value for c in Category} - {Category.OTHER.value}
    assert set(VOCABULARY) <= codes
    assert set(VOCABULARY) == codes, f"no terms for {sorted(codes - set(VOCABULARY))}"
    for category, per_lang in VOCABULARY.items():
        unknown = sorted(set(per_lang) - set(LANGUAGES))
        assert not unknown, f"{category}: {unknown}"


def test_it_covers_every_main_language_and_both_chinese_scripts() -> None:
    langs = {lang for per_lang in VOCABULARY.values() for lang in per_lang}
    assert langs == set(LANGUAGES)
    for category, text in TRADITIONAL.items():
        assert _matches(category, "zh", text), f"{category}: no term matches {text!r}"


@pytest.mark.parametrize(("category", "lang", "weight", "pattern", "source"), list(_entries()))
def test_it_keeps_each_entry_well_formed(
    category: str, lang: str, weight: int, pattern: str, source: str
) -> None:
    assert 1 <= weight <= 4
    assert re.fullmatch(r"https?://\S+", source), source
    assert pattern == pattern.lower(), "patterns are written in lower case"
    assert unicodedata.normalize("NFKC", pattern) == pattern, "patterns are NFKC-normalised"
    assert pattern == pattern.strip()
    assert "  " not in pattern, "a plain space already means any white space"


@pytest.mark.parametrize(("category", "lang", "weight", "pattern", "source"), list(_entries()))
def test_it_matches_a_text_of_each_terms_own_form(
    category: str, lang: str, weight: int, pattern: str, source: str
) -> None:
    regex = compile_phrase(pattern, lang)
    example = _shortest(_PARSER.parse(regex.pattern))
    assert example.strip(), f"{pattern!r} can match an empty text"
    text = f"Notice: {example}." if lang not in ("ja", "zh") else f"通知:{example}。"
    assert regex.search(NormalText(text).norm), f"{pattern!r} misses {text!r}"
    for word in GENERIC.get(lang, []):
        assert not regex.search(NormalText(word).norm), f"{pattern!r} fires on {word!r}"


def test_it_has_a_sample_for_every_category_and_language() -> None:
    pairs = {(c, lang) for c, per_lang in VOCABULARY.items() for lang in per_lang}
    sampled = {(c, lang) for c, per_lang in SAMPLES.items() for lang in per_lang}
    assert pairs == sampled, (sorted(pairs - sampled), sorted(sampled - pairs))


@pytest.mark.parametrize(
    ("category", "lang", "text"),
    [(c, lang, text) for c, per_lang in SAMPLES.items() for lang, text in per_lang.items()],
)
def test_it_recognises_each_sample_by_its_own_category_alone(
    category: str, lang: str, text: str
) -> None:
    strongest = max(weight for weight, _, _ in VOCABULARY[category][lang])
    assert _matches(category, lang, text, min_weight=strongest), f"{category}: {text!r}"
    for other in VOCABULARY:
        if other != category:
            assert not _matches(other, lang, text, min_weight=4), f"{other} fires on {text!r}"
    scores = _scores(lang, text)
    assert max(scores, key=lambda c: scores[c]) == category, scores


def test_it_gives_weight_4_to_a_term_in_one_category_only() -> None:
    owners: dict[tuple[str, str], set[str]] = {}
    for category, lang, weight, pattern, _ in _entries():
        if weight == 4:
            owners.setdefault((lang, pattern), set()).add(category)
    shared = {key: cats for key, cats in owners.items() if len(cats) > 1}
    assert not shared, shared
