"""Deadlines as Amazon writes them, in every language the diagnosis reads.

Each form of `knowledge/notices/deadlines.yaml` has a realistic notice sentence here: a
preposition before the number ("within 17 days"), the seller having the time ("you have 17
days to respond"), a count from the notice ("17 days from the date of this notice"), business
days, hours, weeks and numbers written as words. The second half holds sentences that name a
number of days without setting the seller a limit (Amazon's own timing, "up to 90 days",
"after 90 days ... you may request a disbursement"), which must stay out.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from reinstate.notices.deadlines import find_deadlines
from reinstate.notices.phrases import NormalText

# (language, sentence, days, hours, business days)
LIMITS: list[tuple[str, str, int | None, int | None, bool]] = [
    # English
    (
        "en",
        "If you do not send an acceptable plan of action within 17 days, or after two "
        "unsuccessful appeals (whichever occurs sooner), we may not allow you to sell on Amazon.",
        17,
        None,
        False,
    ),
    ("en", "You have 17 days to respond to this notice.", 17, None, False),
    ("en", "You have 17 days from the date of this notice to submit your appeal.", 17, None, False),
    ("en", "You have 5 business days to provide a valid utility bill.", 5, None, True),
    ("en", "Please provide the requested documents within the next 72 hours.", None, 72, False),
    (
        "en",
        "Your listings will be removed 30 days from the date of this notification.",
        30,
        None,
        False,
    ),
    ("en", "Reply before the 14-day deadline to keep your listings active.", 14, None, False),
    ("en", "Please respond to this message within seven days.", 7, None, False),
    ("en", "Submit the invoices within 2 weeks.", 14, None, False),
    # German
    (
        "de",
        "Wenn Sie nicht innerhalb von 17 Tagen einen akzeptablen Maßnahmenplan senden, "
        "können wir Ihnen den Verkauf bei Amazon untersagen.",
        17,
        None,
        False,
    ),
    ("de", "Sie haben 17 Tage Zeit, um auf diese Benachrichtigung zu antworten.", 17, None, False),
    ("de", "Ihnen stehen 5 Werktage zur Verfügung, um die Unterlagen einzureichen.", 5, None, True),
    ("de", "Bitte antworten Sie in den nächsten 48 Stunden.", None, 48, False),
    (
        "de",
        "Die Frist endet 17 Tage ab dem Datum dieser Benachrichtigung.",
        17,
        None,
        False,
    ),
    ("de", "Bitte reichen Sie die Rechnungen innerhalb von sieben Tagen ein.", 7, None, False),
    # French
    (
        "fr",
        "Si vous ne nous envoyez pas de plan d'action acceptable dans un délai de 17 jours, "
        "nous pourrions ne plus vous autoriser à vendre sur Amazon.",
        17,
        None,
        False,
    ),
    ("fr", "Vous disposez de 17 jours pour répondre à cette notification.", 17, None, False),
    ("fr", "Vous avez 5 jours ouvrés pour fournir les documents demandés.", 5, None, True),
    ("fr", "Merci de répondre dans les 72 prochaines heures.", None, 72, False),
    (
        "fr",
        "Vos offres seront supprimées 30 jours à compter de la date de cette notification.",
        30,
        None,
        False,
    ),
    # Italian
    (
        "it",
        "Se non invii un piano d'azione accettabile entro 17 giorni, potremmo non consentirti "
        "di vendere su Amazon.",
        17,
        None,
        False,
    ),
    ("it", "Hai 17 giorni di tempo per rispondere a questa notifica.", 17, None, False),
    ("it", "Hai a disposizione 5 giorni lavorativi per inviare i documenti.", 5, None, True),
    ("it", "Rispondi entro le prossime 48 ore.", None, 48, False),
    ("it", "Il termine scade 17 giorni a partire dalla data di questa notifica.", 17, None, False),
    # Spanish
    (
        "es",
        "Si no envías un plan de acción aceptable en un plazo de 17 días, es posible que no "
        "te permitamos vender en Amazon.",
        17,
        None,
        False,
    ),
    ("es", "Tienes 17 días para responder a esta notificación.", 17, None, False),
    ("es", "Dispone de 5 días hábiles para enviar los documentos solicitados.", 5, None, True),
    ("es", "Envía los documentos dentro de las próximas 72 horas.", None, 72, False),
    (
        "es",
        "Tu cuenta se desactivará 17 días a partir de la fecha de esta notificación.",
        17,
        None,
        False,
    ),
    # Portuguese
    (
        "pt",
        "Se você não enviar um plano de ação aceitável no prazo de 17 dias, poderemos não "
        "permitir que você venda na Amazon.",
        17,
        None,
        False,
    ),
    ("pt", "Você tem 17 dias para responder a esta notificação.", 17, None, False),
    ("pt", "Você tem 5 dias úteis para enviar os documentos solicitados.", 5, None, True),
    ("pt", "Responda nas próximas 48 horas.", None, 48, False),
    ("pt", "O prazo termina 17 dias a partir da data desta notificação.", 17, None, False),
    # Japanese
    (
        "ja",
        "17日以内に許容可能な改善計画を提出されない場合、Amazonでの販売を許可できない場合があります。",
        17,
        None,
        False,
    ),
    ("ja", "本通知の日付から17日以内にご回答ください。", 17, None, False),
    ("ja", "5営業日以内に必要書類をご提出ください。", 5, None, True),
    ("ja", "72時間以内に対応してください。", None, 72, False),
    ("ja", "ご回答には17日間の猶予があります。", 17, None, False),
    ("ja", "１７日以内にご回答ください。", 17, None, False),
    # Chinese (Simplified and Traditional)
    (
        "zh",
        "如果您未在 17 天内提交可接受的行动计划，我们可能不允许您在亚马逊销售。",
        17,
        None,
        False,
    ),
    ("zh", "您有 17 天时间回复此通知。", 17, None, False),
    ("zh", "您有 17 天時間回覆此通知。", 17, None, False),
    ("zh", "您有 5 个工作日的时间提交所需文件。", 5, None, True),
    ("zh", "请在 48 小时内回复。", None, 48, False),
    ("zh", "自本通知之日起 17 天内提交申诉。", 17, None, False),
    ("zh", "提交申诉的期限为 17 天。", 17, None, False),
    # Dutch
    (
        "nl",
        "Als u niet binnen 17 dagen een acceptabel actieplan indient, kunnen we u mogelijk "
        "niet toestaan om op Amazon te verkopen.",
        17,
        None,
        False,
    ),
    ("nl", "U hebt 17 dagen de tijd om op deze melding te reageren.", 17, None, False),
    ("nl", "U heeft 5 werkdagen om de documenten in te dienen.", 5, None, True),
    ("nl", "Reageer binnen 72 uur.", None, 72, False),
    ("nl", "De termijn loopt 17 dagen vanaf de datum van deze melding.", 17, None, False),
    ("nl", "Dien de facturen binnen 2 weken in.", 14, None, False),
    # Swedish
    (
        "sv",
        "Om du inte skickar en godtagbar åtgärdsplan inom 17 dagar kan vi komma att inte "
        "tillåta dig att sälja på Amazon.",
        17,
        None,
        False,
    ),
    ("sv", "Du har 17 dagar på dig att svara på detta meddelande.", 17, None, False),
    ("sv", "Skicka dokumenten inom 5 arbetsdagar.", 5, None, True),
    ("sv", "Svara inom 48 timmar.", None, 48, False),
    ("sv", "Fristen löper ut 17 dagar från datumet för detta meddelande.", 17, None, False),
    # Polish
    (
        "pl",
        "Jeśli nie prześlesz akceptowalnego planu działania w ciągu 17 dni, możemy nie "
        "zezwolić na sprzedaż w Amazon.",
        17,
        None,
        False,
    ),
    ("pl", "Masz 17 dni na odpowiedź na to powiadomienie.", 17, None, False),
    ("pl", "Prześlij dokumenty w ciągu 5 dni roboczych.", 5, None, True),
    ("pl", "Odpowiedz w ciągu 72 godzin.", None, 72, False),
    ("pl", "Termin upływa 17 dni od daty tego powiadomienia.", 17, None, False),
    # Turkish
    (
        "tr",
        "Kabul edilebilir bir eylem planını 17 gün içinde göndermezseniz Amazon'da satış "
        "yapmanıza izin vermeyebiliriz.",
        17,
        None,
        False,
    ),
    ("tr", "Bu bildirime yanıt vermek için 17 günlük süreniz var.", 17, None, False),
    ("tr", "Yanıt vermek için 17 gününüz var.", 17, None, False),
    ("tr", "Belgeleri 5 iş günü içinde gönderin.", 5, None, True),
    ("tr", "Lütfen 72 saat içerisinde yanıt verin.", None, 72, False),
    ("tr", "Bu bildirim tarihinden itibaren 17 gün içinde yanıt verin.", 17, None, False),
    # Arabic
    (
        "ar",
        "إذا لم ترسل خطة عمل مقبولة خلال 17 يومًا، فقد لا نسمح لك بالبيع على أمازون.",
        17,
        None,
        False,
    ),
    ("ar", "لديك 17 يومًا للرد على هذا الإشعار.", 17, None, False),
    ("ar", "يرجى إرسال المستندات في غضون 5 أيام عمل.", 5, None, True),
    ("ar", "يرجى الرد خلال 48 ساعة.", None, 48, False),
    ("ar", "المهلة المحددة للرد هي 17 يومًا من تاريخ هذا الإشعار.", 17, None, False),
    ("ar", "يرجى الرد خلال ١٧ يومًا.", 17, None, False),
]


@pytest.mark.parametrize(
    ("lang", "text", "days", "hours", "business"),
    LIMITS,
    ids=[f"{lang}-{index}" for index, (lang, *_rest) in enumerate(LIMITS)],
)
def test_it_reads_each_form_of_a_limit_in_each_language(
    lang: str, text: str, days: int | None, hours: int | None, business: bool
) -> None:
    (deadline,) = find_deadlines(NormalText(text), lang)
    assert (deadline.days, deadline.hours, deadline.business_days) == (days, hours, business)
    assert deadline.text
    assert deadline.text in " ".join(text.split())


def test_it_covers_every_language_the_diagnosis_reads() -> None:
    from reinstate.notices.phrases import LANGUAGES

    assert {lang for lang, *_ in LIMITS} == set(LANGUAGES)


# (language, sentence): a number of days or hours that is not the seller's limit.
NOT_LIMITS: list[tuple[str, str]] = [
    ("en", "Funds may take up to 90 days to be released."),
    (
        "en",
        "If you do not provide a valid appeal, after 90 days following this notification, you "
        "may separately request a funds disbursement.",
    ),
    ("en", "Most reviews are completed within 30 days."),
    ("en", "Funds are held for 90 days from the date of this notice."),
    ("en", "Provide a utility bill dated within the last 90 days."),
    ("en", "You have 3 days of inventory left at the fulfilment centre."),
    ("en", "Invoices must cover 365 days of sales of the ASINs listed in this notice."),
    ("en", "We will reply with the outcome within 5 business days."),
    ("de", "Die meisten Überprüfungen werden innerhalb von 30 Tagen abgeschlossen."),
    (
        "de",
        "Nach 90 Tagen ab dem Datum dieser Benachrichtigung können Sie eine Auszahlung beantragen.",
    ),
    ("de", "Wir werden Ihren Einspruch innerhalb von 48 Stunden prüfen."),
    ("fr", "Nous examinerons votre appel sous 48 heures."),
    (
        "fr",
        "Après 90 jours à compter de cette notification, vous pourrez demander le versement "
        "des fonds.",
    ),
    ("it", "Esamineremo il tuo ricorso entro 48 ore."),
    (
        "it",
        "Dopo 90 giorni dalla data di questa notifica potrai richiedere l'erogazione dei fondi.",
    ),
    ("es", "Revisaremos tu apelación en un plazo de 48 horas."),
    (
        "es",
        "Después de 90 días a partir de esta notificación, podrás solicitar el desembolso.",
    ),
    ("pt", "Analisaremos sua apelação em até 48 horas."),
    ("pt", "Após 90 dias a partir desta notificação, você poderá solicitar o desembolso."),
    ("ja", "通常48時間以内にご連絡いたします。"),
    ("ja", "この期間は30日以内ですが、延長される場合があります。"),
    ("ja", "2025年3月17日中にご提出ください。"),
    ("zh", "我们将在 5 个工作日内回复您。"),
    ("zh", "资金最多 90 天内发放。"),
    ("zh", "通常在 48 小时内完成审核。"),
    ("nl", "Wij zullen uw beroep binnen 48 uur beoordelen."),
    ("nl", "Na 90 dagen vanaf deze melding kunt u een uitbetaling aanvragen."),
    ("sv", "Vi kommer att granska din överklagan inom 48 timmar."),
    ("sv", "Efter 90 dagar från detta meddelande kan du begära en utbetalning."),
    ("pl", "Zwykle w ciągu 48 godzin otrzymasz odpowiedź."),
    ("pl", "Odpowiemy w ciągu 5 dni roboczych."),
    ("tr", "Genellikle 48 saat içinde yanıt veriyoruz."),
    ("tr", "Bu bildirimden itibaren 90 gün sonra ödeme talep edebilirsiniz."),
    ("ar", "بعد 90 يومًا من تاريخ هذا الإشعار، يمكنك طلب صرف الأموال."),
    ("ar", "سنقوم بمراجعة طلبك خلال 48 ساعة."),
]


@pytest.mark.parametrize(
    ("lang", "text"),
    NOT_LIMITS,
    ids=[f"{lang}-{index}" for index, (lang, _) in enumerate(NOT_LIMITS)],
)
def test_it_keeps_amazons_own_timing_and_other_periods_out(lang: str, text: str) -> None:
    assert find_deadlines(NormalText(text), lang) == ()


def test_it_dates_a_possessive_limit_from_the_send_time() -> None:
    sent = datetime(2025, 3, 7, 9, 0, tzinfo=UTC)  # a Friday
    (plain,) = find_deadlines(
        NormalText("You have 17 days to respond to this notice."), "en", sent_at=sent
    )
    assert plain.date == date(2025, 3, 24)
    (business,) = find_deadlines(
        NormalText("Ihnen stehen 5 Werktage zur Verfügung, um zu antworten."), "de", sent_at=sent
    )
    assert business.date == date(2025, 3, 14)
    (hours,) = find_deadlines(NormalText("您有 72 小时时间回复此通知。"), "zh", sent_at=sent)
    assert (hours.hours, hours.date) == (72, date(2025, 3, 10))


def test_it_reports_one_limit_when_two_forms_say_the_same() -> None:
    text = "Please respond within 17 days. You have 17 days from the date of this notice."
    (deadline,) = find_deadlines(NormalText(text), "en")
    assert deadline.days == 17
    assert deadline.text == "within 17 days"


def test_it_reads_an_english_sentence_inside_a_notice_in_another_language() -> None:
    text = "Sie haben eine Warnung erhalten. You have 17 days to respond to this notice."
    (deadline,) = find_deadlines(NormalText(text), "de")
    assert deadline.days == 17
