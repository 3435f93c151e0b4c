"""The notice-structure vocabulary (knowledge/notices/structure.yaml): headings and boilerplate.

The sample lines below are written for these tests in the wording of Amazon's notice template
per marketplace language; they are not taken from the evaluation corpus.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

import pytest

from reinstate.knowledge.loader import load
from reinstate.notices.phrases import LANGUAGES, NormalText, book, branches, compile_phrase

PARTS = ("reason", "action", "send", "in_error", "consequences", "asin_list", "help", "closing")

# part -> language -> heading lines that open that part.
HEADINGS: dict[str, dict[str, list[str]]] = {
    "reason": {
        "en": [
            "Why is this happening?",
            "Why did this happen?",
            "What is the issue?",
            "Why does this happen?",
            "Why was my account deactivated?",
            "Reason for this action:",
            "Why did I receive this message?",
        ],
        "de": [
            "Warum ist das passiert?",
            "Warum erhalte ich diese Nachricht?",
            "Was ist passiert?",
            "Grund für diese Maßnahme:",
        ],
        "fr": [
            "Pourquoi cela se produit-il ?",
            "Pourquoi ai-je reçu ce message ?",
            "Quel est le problème ?",
            "Que s'est-il passé ?",
        ],
        "it": [
            "Perché sta succedendo?",
            "Perché è successo?",
            "Qual è il problema?",
            "Perché ho ricevuto questo messaggio?",
        ],
        "es": [
            "¿Por qué está ocurriendo esto?",
            "¿Por qué ha ocurrido esto?",
            "¿Cuál es el problema?",
            "¿Por qué he recibido este mensaje?",
        ],
        "pt": ["Por que isso está acontecendo?", "Por que isso aconteceu?", "Qual é o problema?"],
        "nl": ["Waarom gebeurt dit?", "Waarom is dit gebeurd?", "Wat is het probleem?"],
        "sv": ["Varför händer detta?", "Varför hände detta?", "Vad är problemet?"],
        "pl": ["Dlaczego tak się dzieje?", "Dlaczego to się stało?", "Na czym polega problem?"],
        "tr": ["Bu neden oluyor?", "Bu neden oldu?", "Sorun nedir?"],
        "ar": ["لماذا يحدث هذا؟", "لماذا حدث هذا؟", "ما هي المشكلة؟"],
        "ja": [
            "なぜこの措置がとられましたか？",
            "この措置がとられた理由",
            "なぜこのメールを受け取ったのですか？",
            "理由",
        ],
        "zh": [
            "为什么会发生这种情况？",
            "為什麼會發生這種情況？",
            "为什么会这样？",
            "问题是什么？",
            "為什麼我會收到這封郵件？",
        ],
    },
    "action": {
        "en": [
            "How do I reactivate my account?",
            "How can I reactivate my listings?",
            "What should I include in my appeal?",
            "What can I do?",
            "If you own the related account:",
            "How do I get my selling privileges back?",
            "Please provide:",
            "To reactivate your account, please send a plan of action that explains:",
        ],
        "de": [
            "Wie kann ich mein Konto reaktivieren?",
            "Wie reaktiviere ich mein Konto?",
            "Was kann ich tun?",
            "Bitte senden Sie uns die folgenden Unterlagen:",
        ],
        "fr": [
            "Comment réactiver mon compte ?",
            "Comment puis-je réactiver mon compte ?",
            "Que puis-je faire ?",
        ],
        "it": ["Come posso riattivare il mio account?", "Cosa posso fare?"],
        "es": [
            "¿Cómo puedo reactivar mi cuenta?",
            "¿Qué puedo hacer?",
            "Envíanos los siguientes documentos:",
        ],
        "pt": ["Como faço para reativar minha conta?", "O que posso fazer?"],
        "nl": ["Hoe kan ik mijn account opnieuw activeren?", "Wat kan ik doen?"],
        "sv": ["Hur återaktiverar jag mitt konto?", "Vad kan jag göra?"],
        "pl": ["Jak mogę ponownie aktywować konto?", "Co mogę zrobić?"],
        "tr": ["Hesabımı nasıl yeniden etkinleştirebilirim?", "Ne yapabilirim?"],
        "ar": ["كيف يمكنني إعادة تنشيط حسابي؟", "ماذا يمكنني أن أفعل؟"],
        "ja": [
            "アカウントを再開する方法",
            "出品用アカウントを再開するにはどうすればよいですか？",
            "以下の書類をご提出ください：",
        ],
        "zh": [
            "如何重新激活我的账户？",
            "我如何恢复我的帐户？",
            "如何重新啟用我的帳戶？",
            "如何恢复您的账户？",
            "请提供以下信息：",
        ],
    },
    "send": {
        "en": [
            "How do I send the required information?",
            "How do I submit my appeal?",
            "How can I provide the requested documents?",
        ],
        "de": [
            "Wie sende ich die erforderlichen Informationen?",
            "Wie übermittle ich die angeforderten Unterlagen?",
        ],
        "fr": ["Comment envoyer les informations requises ?"],
        "it": ["Come invio le informazioni richieste?"],
        "es": ["¿Cómo envío la información requerida?"],
        "pt": ["Como envio as informações necessárias?"],
        "nl": ["Hoe verstuur ik de vereiste informatie?"],
        "sv": ["Hur skickar jag den information som krävs?"],
        "pl": ["Jak wysłać wymagane informacje?"],
        "tr": ["Gerekli bilgileri nasıl gönderirim?"],
        "ar": ["كيف أرسل المعلومات المطلوبة؟"],
        "ja": ["必要な情報を送信する方法", "必要な情報はどのように送信すればよいですか？"],
        "zh": ["如何发送所需信息？", "如何提交所需資料？"],
    },
    "in_error": {
        "en": [
            "Has your account been deactivated in error?",
            "Have your listings been removed in error?",
            "What if I don't own the separate account(s)?",
            "If you don't own the related account:",
        ],
        "de": [
            "Wurde Ihr Konto irrtümlich deaktiviert?",
            "Wurden Ihre Angebote fälschlicherweise entfernt?",
        ],
        "fr": ["Votre compte a-t-il été désactivé par erreur ?"],
        "it": ["Il tuo account è stato disattivato per errore?"],
        "es": ["¿Se ha desactivado tu cuenta por error?"],
        "pt": ["Sua conta foi desativada por engano?"],
        "nl": ["Is uw account per ongeluk gedeactiveerd?"],
        "sv": ["Har ditt konto inaktiverats av misstag?"],
        "pl": ["Czy Twoje konto zostało dezaktywowane przez pomyłkę?"],
        "tr": ["Hesabınız yanlışlıkla mı devre dışı bırakıldı?"],
        "ar": ["هل تم إلغاء تنشيط حسابك عن طريق الخطأ؟"],
        "ja": ["アカウントが誤って停止された場合", "誤って停止されたと思われる場合"],
        "zh": [
            "您的账户是否被错误停用？",
            "如果我不是帐户 Example Trading Co 的所有人，该怎么办？",
        ],
    },
    "consequences": {
        "en": [
            "What happens if I do not send the required information?",
            "What happens next?",
            "What happens if I do not send a sufficient explanation or plan of action?",
            "What happens to my funds?",
        ],
        "de": [
            "Was passiert, wenn ich die erforderlichen Informationen nicht sende?",
            "Was passiert als Nächstes?",
        ],
        "fr": ["Que se passe-t-il si je n'envoie pas les informations requises ?"],
        "it": ["Cosa succede se non invio le informazioni richieste?"],
        "es": ["¿Qué ocurre si no envío la información requerida?"],
        "pt": ["O que acontece se eu não enviar as informações necessárias?"],
        "nl": ["Wat gebeurt er als ik de vereiste informatie niet verstuur?"],
        "sv": ["Vad händer om jag inte skickar den information som krävs?"],
        "pl": ["Co się stanie, jeśli nie wyślę wymaganych informacji?"],
        "tr": ["Gerekli bilgileri göndermezsem ne olur?"],
        "ar": ["ماذا يحدث إذا لم أرسل المعلومات المطلوبة؟"],
        "ja": ["必要な情報を送信しない場合はどうなりますか？", "■今後の流れ"],
        "zh": ["如果我没有发送所需的信息，会发生什么情况？", "接下来会发生什么？"],
    },
    "asin_list": {
        "en": [
            "ASIN:",
            "ASIN: B07ABCDE12",
            "Listings affected:",
            "ASIN(s) under review:",
            "Examples of these listings include, but are not limited to:",
            "Affected ASINs",
        ],
        "de": ["Betroffene ASINs:", "Beispiele für diese Angebote:"],
        "fr": ["ASIN concernés :", "Exemples de ces offres :"],
        "it": ["ASIN interessati:", "Esempi di queste offerte:"],
        "es": ["ASIN afectados:", "Ejemplos de estas ofertas:"],
        "pt": ["ASINs afetados:", "Exemplos desses anúncios:"],
        "nl": ["Betrokken ASIN's:", "Voorbeelden van deze aanbiedingen:"],
        "sv": ["Berörda ASIN:", "Exempel på dessa erbjudanden:"],
        "pl": ["ASIN, których dotyczy:", "Przykłady tych ofert:"],
        "tr": ["Etkilenen ASIN'ler:", "Bu listelemelere ilişkin örnekler:"],
        "ar": ["ASIN المتأثرة:", "أمثلة على هذه العروض:"],
        "ja": ["対象のASIN：", "ASIN: B07ABCDE12, B08ZYXWV98"],
        "zh": ["受影响的ASIN：", "此类商品信息的示例包括但不限于："],
    },
    "help": {
        "en": ["We're here to help", "We’re here to help:", "Additional information", "Learn more"],
        "de": ["Wir helfen Ihnen gerne weiter", "Weitere Informationen"],
        "fr": ["Nous sommes là pour vous aider", "Informations supplémentaires"],
        "it": ["Siamo qui per aiutarti", "Ulteriori informazioni"],
        "es": ["Estamos aquí para ayudarte", "Más información"],
        "pt": ["Estamos aqui para ajudar", "Mais informações"],
        "nl": ["We zijn er om je te helpen", "Meer informatie"],
        "sv": ["Vi finns här för att hjälpa dig", "Mer information"],
        "pl": ["Jesteśmy tu, aby pomóc", "Więcej informacji"],
        "tr": ["Yardım etmek için buradayız", "Daha fazla bilgi"],
        "ar": ["نحن هنا للمساعدة", "مزيد من المعلومات"],
        "ja": ["サポートが必要な場合", "詳細"],
        "zh": ["我们随时为您提供帮助", "我們隨時為您提供協助", "我们在此提供帮助"],
    },
    "closing": {
        "en": [
            "Sincerely,",
            "Regards,",
            "Seller Performance Team",
            "Thank you for selling on Amazon",
            "Sincerely, Seller Performance Team",
            "Amazon.com Seller Performance",
        ],
        "de": ["Mit freundlichen Grüßen", "Vielen Dank, dass Sie bei Amazon verkaufen"],
        "fr": ["Cordialement,", "Merci de vendre sur Amazon"],
        "it": ["Cordiali saluti", "Grazie per vendere su Amazon"],
        "es": ["Atentamente,", "Gracias por vender en Amazon"],
        "pt": ["Atenciosamente,", "Obrigado por vender na Amazon"],
        "nl": ["Met vriendelijke groet,", "Bedankt voor het verkopen op Amazon"],
        "sv": ["Med vänliga hälsningar", "Tack för att du säljer på Amazon"],
        "pl": ["Z poważaniem", "Dziękujemy za sprzedaż w Amazon"],
        "tr": ["Saygılarımızla", "Amazon'da satış yaptığınız için teşekkür ederiz"],
        "ar": ["مع أطيب التحيات", "شكرًا لك على البيع في أمازون"],
        "ja": ["よろしくお願いいたします。", "Amazon.co.jp 出品者パフォーマンスチーム"],
        "zh": ["此致", "此致 卖家表现团队", "真诚的 卖家绩效团队", "感谢您在亚马逊销售商品"],
    },
}

# Sentences that state the REASON (or open a notice with it): never boilerplate, never a heading.
REASONS: dict[str, list[str]] = {
    "en": [
        "We received complaints about the authenticity of items in your account.",
        "We found that your account is related to another account that may not be used to sell on "
        "our site.",
        "Your order defect rate is 2.3%, above our target of under 1%; it counts negative "
        "feedback, A-to-z Guarantee claims and chargebacks.",
        "We need additional documentation to verify your identity and account ownership.",
        "You have listed items that are not permitted for sale on Amazon under our Restricted "
        "Products policy.",
        "You have manipulated product reviews in violation of our Customer Product Reviews policy.",
        "According to Section 3 of the Amazon Services Business Solutions Agreement, your account "
        "was deactivated because it offers items that might be counterfeit.",
        "If we determine that you have engaged in deceptive, fraudulent, or illegal activity, we "
        "may deactivate your seller account and withhold any funds in your account.",
        "We are holding your funds because we identified a risk of customer claims.",
        "Any new selling accounts you open will be closed.",
        "Your account has been deactivated in accordance with Section 3 of the Business Solutions "
        "Agreement for submitting improper FBA reimbursement requests.",
    ],
    "de": [
        "Wir haben Beschwerden über die Authentizität Ihrer Artikel erhalten.",
        "Ihr Konto steht mit einem Konto in Verbindung, mit dem auf unserer Website keine Waren "
        "verkauft werden dürfen.",
        "Ihre Bestellmängelquote liegt über unserem Ziel von 1 %.",
        "Wir benötigen weitere Unterlagen, um Ihre Identität zu verifizieren.",
        "Ihr Verkäuferkonto wurde gemäß Abschnitt 3 der Amazon Services Business "
        "Solutions-Vereinbarung deaktiviert, weil Sie gefälschte Produkte angeboten haben.",
        "Sie haben Kundenrezensionen manipuliert.",
    ],
    "fr": [
        "Nous avons reçu des réclamations concernant l'authenticité de vos articles.",
        "Votre compte est lié à un autre compte qui n'est pas autorisé à vendre sur notre site.",
        "Votre taux de commandes défectueuses dépasse notre objectif de 1 %.",
        "Nous avons besoin de documents supplémentaires pour vérifier votre identité.",
        "Vous avez mis en vente des produits soumis à restrictions.",
        "Vous avez manipulé des commentaires clients.",
    ],
    "it": [
        "Abbiamo ricevuto reclami sull'autenticità dei tuoi articoli.",
        "Il tuo account è correlato a un altro account che non può vendere sul nostro sito.",
        "Il tuo tasso di ordini difettosi supera il nostro obiettivo dell'1%.",
        "Abbiamo bisogno di documenti aggiuntivi per verificare la tua identità.",
        "Hai messo in vendita prodotti soggetti a restrizioni.",
        "Hai manipolato le recensioni dei clienti.",
    ],
    "es": [
        "Hemos recibido quejas sobre la autenticidad de tus artículos.",
        "Tu cuenta está relacionada con otra cuenta que no puede vender en nuestro sitio.",
        "Tu tasa de defectos en pedidos supera nuestro objetivo del 1 %.",
        "Necesitamos documentación adicional para verificar tu identidad.",
        "Has publicado productos restringidos que no se pueden vender en Amazon.",
        "Has manipulado las opiniones de clientes.",
        "Su cuenta de Amazon ha sido desactivada de conformidad con la Sección 3 del Acuerdo de "
        "Soluciones Empresariales de Amazon por presentar solicitudes de reembolso indebidas.",
    ],
    "pt": [
        "Recebemos reclamações sobre a autenticidade dos seus itens.",
        "Sua conta está relacionada a outra conta que não pode vender em nosso site.",
        "Sua taxa de defeitos em pedidos está acima da nossa meta de 1%.",
        "Precisamos de documentos adicionais para verificar sua identidade.",
        "Você anunciou produtos restritos.",
        "Você manipulou avaliações de clientes.",
    ],
    "nl": [
        "We hebben klachten ontvangen over de authenticiteit van uw artikelen.",
        "Uw account is gekoppeld aan een ander account dat niet op onze website mag verkopen.",
        "Uw percentage defecte bestellingen ligt boven ons doel van 1%.",
        "We hebben aanvullende documenten nodig om uw identiteit te verifiëren.",
        "U heeft beperkte producten aangeboden.",
    ],
    "sv": [
        "Vi har fått klagomål på äktheten hos dina artiklar.",
        "Ditt konto är relaterat till ett annat konto som inte får sälja på vår webbplats.",
        "Din andel defekta beställningar överstiger vårt mål på 1 %.",
        "Vi behöver ytterligare dokument för att verifiera din identitet.",
    ],
    "pl": [
        "Otrzymaliśmy skargi dotyczące autentyczności Twoich produktów.",
        "Twoje konto jest powiązane z innym kontem, które nie może sprzedawać w naszym serwisie.",
        "Twój wskaźnik wadliwych zamówień przekracza nasz cel wynoszący 1%.",
        "Potrzebujemy dodatkowych dokumentów, aby zweryfikować Twoją tożsamość.",
    ],
    "tr": [
        "Ürünlerinizin orijinalliği hakkında şikayetler aldık.",
        "Hesabınız, sitemizde satış yapmasına izin verilmeyen başka bir hesapla ilişkili.",
        "Sipariş kusur oranınız %1 olan hedefimizin üzerinde.",
        "Kimliğinizi doğrulamak için ek belgelere ihtiyacımız var.",
    ],
    "ar": [
        "تلقينا شكاوى بشأن أصالة المنتجات في حسابك.",
        "حسابك مرتبط بحساب آخر لا يُسمح له بالبيع على موقعنا.",
        "معدل عيوب الطلبات لديك أعلى من هدفنا البالغ 1%.",
        "نحتاج إلى مستندات إضافية للتحقق من هويتك.",
    ],
    "ja": [
        "出品者様の商品の真贋に関する苦情が寄せられました。",
        "出品者様の現在の出品用アカウントは、別のアカウントに関連していることが判明しました。",
        "注文不良率が目標の1%を上回っています。",
        "本人確認のため、追加の書類が必要です。",
        "出品制限のある商品を出品されました。",
        "カスタマーレビューを操作したため、Amazonのビジネスソリューション契約の第3項に従いアカウントを停止しました。",
    ],
    "zh": [
        "我们收到了关于您商品真实性的投诉。",
        "您的账户与另一个不得在我们网站上销售的账户相关联。",
        "您的订单缺陷率高于1%的目标。",
        "我们需要其他文件来验证您的身份。",
        "您发布了受限商品。",
        "您操纵了买家评论。",
        "我們收到了關於您商品真實性的投訴。",
        "根据亚马逊商业解决方案协议第3条，由于您的账户与其他账户关联，我们停用了您的账户。",
        "如果我们发现您参与了欺骗、欺诈或非法活动，我们可能会停用您的卖家账户并扣留您账户中的任何资金。",
    ],
}

# Greetings and opening lines: part of no heading (a greeting taken for a closing line would
# turn the whole message into boilerplate).
BODY_LINES: dict[str, list[str]] = {
    "en": [
        "Hello,",
        "Dear Seller,",
        "Your Amazon seller account has been deactivated.",
        "Thank you for your appeal.",
        "Our team will review your documents.",
        "Please provide invoices from your supplier.",
    ],
    "de": [
        "Guten Tag,",
        "Ihr Amazon-Verkäuferkonto wurde deaktiviert.",
        "Ihr Amazon.de Verkäuferkonto wurde gesperrt und Ihre Angebote wurden entfernt.",
    ],
    "fr": [
        "Bonjour,",
        "L'équipe examinera votre dossier.",
        "Votre compte vendeur a été désactivé.",
    ],
    "it": ["Ciao,", "Il team esaminerà la tua richiesta.", "Il tuo account è stato disattivato."],
    "es": [
        "Hola,",
        "El equipo revisará tu solicitud.",
        "Tu cuenta de vendedor ha sido desactivada.",
    ],
    "pt": ["Olá,", "A equipe analisará sua solicitação.", "Sua conta de vendedor foi desativada."],
    "nl": ["Hallo,", "Ons team bekijkt uw aanvraag.", "Uw verkopersaccount is gedeactiveerd."],
    "sv": ["Hej,", "Vårt team granskar din begäran.", "Ditt säljarkonto har inaktiverats."],
    "pl": [
        "Dzień dobry,",
        "Nasz zespół sprawdzi Twoje zgłoszenie.",
        "Twoje konto zostało dezaktywowane.",
    ],
    "tr": [
        "Merhaba,",
        "Ekibimiz talebinizi inceleyecek.",
        "Satıcı hesabınız devre dışı bırakıldı.",
    ],
    "ar": ["مرحبًا،", "سيقوم فريقنا بمراجعة طلبك.", "تم إلغاء تنشيط حساب البائع الخاص بك."],
    "ja": [
        "平素は Amazon.co.jp をご利用いただき、誠にありがとうございます。",
        "ご担当者様、",
        "ご利用の Amazon.co.jp 出品用アカウントは閉鎖されています。",
    ],
    "zh": ["您好：", "亲爱的卖家：", "您的亚马逊卖家账户已被停用。"],
}

# Closing boilerplate that deactivation notices repeat, per language.
BOILERPLATE: dict[str, list[str]] = {
    "en": [
        "Funds will not be transferred to you but will be held in your account while we work with "
        "you to address this issue.",
        "This may take up to 90 days, but funds may be held for longer.",
        "Note that any amounts paid as a result of A-to-z Guarantee claims and chargebacks may be "
        "deducted from your seller account.",
        "Please ship any open orders to avoid further impact to your account.",
        "Continue to ship open orders and respond to customer enquiries to avoid further impact to "
        "your account.",
        "Your seller account has been deactivated in accordance with section 3 of Amazon's "
        "Business Solutions Agreement.",
        "Per the terms of the selling agreement you entered into with Amazon Services, we reserve "
        "the right to limit or remove selling privileges as we deem appropriate.",
        "If you would like to appeal this decision, please visit the Notifications page in the "
        "Performance section of your account and click the Appeal button.",
        "You can view your account performance at https://sellercentral.amazon.com/performance/"
        "dashboard or select Account Health on the home screen of the Amazon Seller app.",
        "If you have questions about these funds, please write to payments-funds@amazon.com.",
        "After 90 days, the hold will be removed and any remaining funds will be available per "
        "your settlement schedule.",
        "If we do not receive the required information your account will remain deactivated and "
        "we may permanently withhold any payments to you.",
    ],
    "de": [
        "Ihr Guthaben wird nicht an Sie ausgezahlt, sondern verbleibt auf Ihrem Konto, während wir "
        "mit Ihnen an der Lösung arbeiten.",
        "Dies kann bis zu 90 Tage dauern.",
        "Beträge aus A-bis-z-Garantieanträgen und Rückbelastungen werden von Ihrem Guthaben "
        "abgezogen.",
        "Bitte versenden Sie alle offenen Bestellungen, um weitere Auswirkungen auf Ihr Konto zu "
        "vermeiden.",
        "Ihr Verkäuferkonto wurde gemäß Abschnitt 3 der Amazon Services Business "
        "Solutions-Vereinbarung deaktiviert.",
        "Klicken Sie auf der Seite Kontozustand auf die Schaltfläche Einspruch.",
    ],
    "fr": [
        "Les fonds ne vous seront pas transférés mais seront conservés sur votre compte.",
        "Les montants payés au titre de la Garantie A à Z et des rétrofacturations seront déduits "
        "de votre compte.",
        "Veuillez expédier toutes les commandes en cours afin d'éviter tout impact supplémentaire "
        "sur votre compte.",
        "Votre compte a été désactivé conformément à la section 3 du Contrat Amazon Services "
        "Europe Business Solutions.",
        "Consultez la page Santé du compte dans Seller Central.",
        "Nous nous réservons le droit de retenir les fonds.",
    ],
    "it": [
        "I fondi non ti verranno trasferiti, ma saranno trattenuti nel tuo account.",
        "Gli importi pagati per reclami con Garanzia dalla A alla Z e riaddebiti saranno detratti "
        "dal tuo account.",
        "Spedisci tutti gli ordini aperti per evitare ulteriori conseguenze sul tuo account.",
        "Il tuo account è stato disattivato ai sensi della sezione 3 del Contratto Business "
        "Solutions di Amazon Services Europe.",
        "Visita la pagina Stato dell'account in Seller Central.",
    ],
    "es": [
        "Los fondos no se te transferirán, sino que se retendrán en tu cuenta.",
        "Los importes pagados por reclamaciones de la Garantía de la A a la z y contracargos se "
        "deducirán de tu cuenta; serán deducidos del saldo.",
        "Envía los pedidos pendientes para evitar un mayor impacto en tu cuenta.",
        "Tu cuenta se ha desactivado de acuerdo con la sección 3 del Contrato de Amazon Services "
        "Europe Business Solutions.",
        "Consulta la página Estado de la cuenta en Seller Central.",
        "Su cuenta ha sido desactivada de conformidad con la Sección 3 del Acuerdo de Soluciones "
        "Empresariales de Amazon.",
    ],
    "pt": [
        "Os fundos não serão transferidos para você, mas ficarão retidos na sua conta.",
        "Envie todos os pedidos em aberto para evitar mais impactos na sua conta.",
        "Sua conta de vendedor da Amazon foi desativada de acordo com a seção 3 do Contrato de "
        "Soluções de Negócios da Amazon.",
        "Acesse a página Saúde da conta no Seller Central.",
    ],
    "nl": [
        "Het saldo wordt niet aan u overgemaakt, maar blijft in uw account aangehouden.",
        "Verzend alle openstaande bestellingen om verdere gevolgen voor uw account te voorkomen.",
        "Uw account is gedeactiveerd overeenkomstig sectie 3 van de Amazon Services Business "
        "Solutions-overeenkomst.",
    ],
    "sv": [
        "Pengarna kommer inte att överföras till dig, utan hålls kvar på ditt konto.",
        "Skicka alla öppna beställningar för att undvika ytterligare påverkan på ditt konto.",
        "Ditt konto har inaktiverats i enlighet med avsnitt 3 i Amazon Services Business "
        "Solutions-avtalet.",
    ],
    "pl": [
        "Środki nie zostaną przekazane, ale będą przechowywane na Twoim koncie.",
        "Wyślij wszystkie otwarte zamówienia, aby uniknąć dalszego wpływu na Twoje konto.",
        "Twoje konto zostało dezaktywowane zgodnie z sekcją 3 umowy Amazon Services Business "
        "Solutions.",
    ],
    "tr": [
        "Fonlarınız size aktarılmayacak, ancak hesabınızda tutulacaktır.",
        "Hesabınız üzerinde daha fazla etki olmaması için açık siparişleri gönderin.",
        "Hesabınız, Amazon Hizmetleri İş Çözümleri Sözleşmesi'nin 3. bölümü uyarınca devre dışı "
        "bırakılmıştır.",
    ],
    "ar": [
        "لن يتم تحويل الأموال إليك، ولكن سيتم الاحتفاظ بها في حسابك.",
        "يرجى شحن أي طلبات مفتوحة لتجنب أي تأثير إضافي على حسابك.",
        "تم إلغاء تنشيط حسابك وفقًا للقسم 3 من اتفاقية حلول الأعمال.",
    ],
    "ja": [
        "出品者様のアカウント残高はそのままとなりますが、この問題が解決されるまでお振り込みは留保されます。",
        "ご利用のアカウントにこれ以上影響が生じないようにするために、受注済みの商品については発送をお願いいたします。",
        "Amazon のビジネスソリューション契約の第 3 項に従って、"
        "出品者様の Amazon 出品用アカウントは停止されました。",
        "または、Amazon出品アプリのホーム画面から「アカウント健全性」を選択して確認できます。",
    ],
    "zh": [
        "在与您一起解决此问题时，我们不会将资金转给您，但会将资金保留在您的账户中。",
        "这可能需要长达90天的时间，但资金保留的时间可能更长。",
        "请对任何未完成的订单及时发货，以避免对您的账户产生进一步影响。",
        "我们会从中扣除与您的订单相关的所有亚马逊商城交易保障索赔或信用卡拒付索赔金额。",
        "根据Amazon Business解决方案协议第3条，我们停用了您的Amazon.de卖家账户。",
        "账户状况控制面板会显示您的账户在亚马逊上销售所需的绩效指标和政策方面的表现情况。",
        "請對任何未完成的訂單及時發貨，以避免對您的帳戶產生進一步影響。",
    ],
}

DECORATIONS = ("-- {}", "■ {}", "【{}】", "1. {}", "**{}**", "{}：", "  {}  ")


@cache
def _data() -> dict[str, Any]:
    data: dict[str, Any] = load("notices/structure")
    return data


@cache
def _headings(part: str, lang: str) -> tuple[re.Pattern[str], ...]:
    per_lang: dict[str, list[str]] = _data()["headings"][part]
    patterns = [*per_lang.get(lang, []), *per_lang.get("any", [])]
    return tuple(compile_phrase(p, lang) for p in patterns)


@cache
def _boilerplate(lang: str) -> tuple[re.Pattern[str], ...]:
    per_lang: dict[str, list[str]] = _data()["boilerplate"]
    patterns = [*per_lang.get(lang, []), *per_lang.get("any", [])]
    return tuple(compile_phrase(p, lang) for p in patterns)


def _norm(text: str) -> str:
    return NormalText(text.strip()).norm


@cache
def _plain_headings(part: str, lang: str) -> tuple[re.Pattern[str], ...]:
    per_lang: dict[str, list[str]] = _data()["headings"][part]
    patterns = [*per_lang.get(lang, []), *per_lang.get("any", [])]
    return tuple(re.compile(p, re.IGNORECASE) for p in patterns)


def _is_heading(part: str, lang: str, line: str) -> bool:
    return any(p.search(_norm(line)) for p in _headings(part, lang))


def _is_plain_heading(part: str, lang: str, line: str) -> bool:
    """The same heading read without normalisation (typographic quotes, full-width marks kept)."""
    return any(p.fullmatch(line.strip().lower()) for p in _plain_headings(part, lang))


def _is_boilerplate(lang: str, sentence: str) -> bool:
    return any(p.search(_norm(sentence)) for p in _boilerplate(lang))


def test_it_loads_every_part_for_every_language() -> None:
    data = _data()
    assert set(data) == {"headings", "boilerplate"}
    headings: dict[str, dict[str, list[str]]] = data["headings"]
    assert set(headings) == set(PARTS)
    for part, per_lang in headings.items():
        assert set(LANGUAGES) <= set(per_lang), part
        assert set(per_lang) <= {*LANGUAGES, "any"}, part
    boilerplate: dict[str, list[str]] = data["boilerplate"]
    assert set(LANGUAGES) <= set(boilerplate)


def test_it_compiles_every_pattern_as_a_lower_case_phrase() -> None:
    data = _data()
    groups: list[tuple[str, list[str]]] = []
    for per_lang in data["headings"].values():
        groups += list(per_lang.items())
    groups += list(data["boilerplate"].items())
    count = 0
    for lang, patterns in groups:
        for pattern in patterns:
            assert isinstance(pattern, str)
            # Escapes such as \S or \u0307 aside, the words are written in lower case.
            words = re.sub(r"\\.", "", pattern)
            assert words == words.lower(), pattern
            compile_phrase(pattern, lang)
            count += 1
    assert count > 150


def _has_top_level_alternative(pattern: str) -> bool:
    """True when a "|" sits outside every group: then ^ and $ anchor one alternative only."""
    return len(branches(pattern)) > 1


def test_it_anchors_every_heading_to_a_whole_line() -> None:
    assert _has_top_level_alternative("^a|b$")
    assert not _has_top_level_alternative("^(?:a|[|]b)$")
    for per_lang in _data()["headings"].values():
        for patterns in per_lang.values():
            for pattern in patterns:
                assert pattern.startswith("^"), pattern
                assert pattern.endswith("$"), pattern
                assert not _has_top_level_alternative(pattern), pattern


@pytest.mark.parametrize("part", PARTS)
def test_it_recognises_each_heading_in_every_language(part: str) -> None:
    samples = HEADINGS[part]
    assert set(LANGUAGES) <= set(samples)
    for lang, lines in samples.items():
        for line in lines:
            assert _is_heading(part, lang, line), (part, lang, line)
            assert _is_plain_heading(part, lang, line), (part, lang, line)
            for decorated in DECORATIONS:
                assert _is_heading(part, lang, decorated.format(line)), (part, lang, decorated)


@pytest.mark.parametrize("part", PARTS)
def test_it_keeps_the_parts_apart(part: str) -> None:
    for lang, lines in HEADINGS[part].items():
        for line in lines:
            others = [o for o in PARTS if o != part and _is_heading(o, lang, line)]
            assert not others, (part, lang, line, others)


@pytest.mark.parametrize("lang", sorted(REASONS))
def test_it_never_takes_a_reason_sentence_for_a_heading(lang: str) -> None:
    for sentence in REASONS[lang]:
        hits = [part for part in PARTS if _is_heading(part, lang, sentence)]
        assert not hits, (lang, sentence, hits)


@pytest.mark.parametrize("lang", sorted(BODY_LINES))
def test_it_never_takes_a_greeting_or_an_opening_for_a_heading(lang: str) -> None:
    for line in BODY_LINES[lang]:
        hits = [part for part in PARTS if _is_heading(part, lang, line)]
        assert not hits, (lang, line, hits)


@pytest.mark.parametrize("lang", sorted(BOILERPLATE))
def test_it_recognises_closing_boilerplate(lang: str) -> None:
    for sentence in BOILERPLATE[lang]:
        assert _is_boilerplate(lang, sentence), (lang, sentence)


@pytest.mark.parametrize("lang", sorted(REASONS))
def test_it_never_takes_a_reason_sentence_for_boilerplate(lang: str) -> None:
    for sentence in REASONS[lang]:
        assert not _is_boilerplate(lang, sentence), (lang, sentence)


def test_it_has_samples_for_every_language() -> None:
    assert set(LANGUAGES) <= set(REASONS)
    assert set(LANGUAGES) <= set(BOILERPLATE)
    assert set(LANGUAGES) <= set(BODY_LINES)


def test_it_finds_a_heading_only_on_its_own_line() -> None:
    line = "Why is this happening? We received complaints about the authenticity of your items."
    assert not _is_heading("reason", "en", line)
    assert _is_heading("reason", "en", "Why is this happening?")


# Answers to an appeal and first notices, per language, for the reply wording added to kind.yaml
# and outcomes.yaml. The phrase books are checked on their own, with the phrase-only rule the
# knowledge files state in their header (a reply needs reply weight >= 3 above the notice weight;
# the heaviest outcome wins, the more cautious one on a tie, "conditional" reads as "other").
ANSWERS: list[tuple[str, str, str]] = [
    (
        "en",
        "more_info",
        "We have reviewed the document(s) you recently provided but do not have enough "
        "information to reactivate your seller account at this time.\nWhy is this happening?\n"
        "Your Amazon seller account has been deactivated in accordance with section 3 of the "
        "Business Solutions Agreement.\nHow do I reactivate my account?\nProvide a utility bill.\n"
        "How do I send the required information?\nUse the link below.",
    ),
    (
        "en",
        "reinstated",
        "After reviewing your account and the information you have provided, we have decided to "
        "reinstate your selling privileges.",
    ),
    ("en", "denied", "Thank you for your appeal. We are unable to accept your appeal."),
    (
        "en",
        "other",
        "Thank you for reaching out to Amazon Selling Partner Support. I have resolved this case. "
        "Was this email helpful?",
    ),
    ("en", "acknowledged", "Your appeal has been submitted. We will review your appeal."),
    (
        "de",
        "more_info",
        "Vielen Dank für Ihren eingereichten Widerspruch. Wir haben Ihre Einsendung erhalten. Die "
        "Informationen reichen jedoch nicht aus, um Ihr Konto zu reaktivieren.\n"
        "Warum ist das passiert?\nWie reaktiviere ich mein Konto?",
    ),
    (
        "fr",
        "reinstated",
        "Après examen de votre compte et des informations que vous nous avez fournies, votre "
        "privilège de vendeur est rétabli.",
    ),
    (
        "fr",
        "denied",
        "Nous avons examiné votre recours. Nous ne sommes pas en mesure d'accepter votre recours.",
    ),
    (
        "it",
        "denied",
        "Abbiamo esaminato il tuo ricorso. Non siamo in grado di accettare il tuo ricorso.",
    ),
    ("es", "reinstated", "Hemos revisado tu apelación y hemos restablecido tus privilegios."),
    ("pt", "more_info", "Analisamos seu recurso. Envie um plano de ação revisado."),
    (
        "ja",
        "denied",
        "お客様のアカウントにつきまして慎重に審査いたしました結果、出品者様のアカウントは"
        "再開できないとの判断に至りました。",
    ),
    ("zh", "denied", "感谢您的申诉。我们审核了您提交的信息，无法接受您的申诉。"),
    ("zh", "more_info", "我们已审核您提供的文件，但没有足够的信息来重新激活您的账户。"),
    ("nl", "more_info", "We hebben je actieplan beoordeeld. Je actieplan bevat geen oorzaak."),
    ("sv", "reinstated", "Vi har granskat ditt överklagande. Du kan återigen sälja på Amazon."),
    ("pl", "denied", "Sprawdziliśmy Twoje odwołanie. Nie możemy zaakceptować Twojego odwołania."),
    ("tr", "denied", "İtirazınızı inceledik. İtirazınızı kabul edemiyoruz."),
    ("ar", "denied", "راجعنا طعنك. لا يمكننا قبول طعنك."),
    ("nl", "other", "Ik heb deze case gesloten."),
    (
        "en",
        "other",
        "Your plan of action was accepted. However, your account remains deactivated because of "
        "another open violation.",
    ),
]

FIRST_NOTICES: list[tuple[str, str]] = [
    (
        "en",
        "Your Amazon.com seller account has been deactivated. Continue to ship open orders.\n"
        "Why is this happening?\nWe received complaints about the authenticity of your items.\n"
        "How do I reactivate my account?\nSend invoices.\nWe're here to help\n"
        "Thank you for selling on Amazon.",
    ),
    (
        "ja",
        "ご利用の Amazon.co.jp 出品用アカウントは閉鎖されています。\nこの措置がとられた理由\n"
        "出品者様のアカウントは別のアカウントに関連していることが判明しました。\n"
        "アカウントを再開する方法\n改善計画書を提出してください。",
    ),
    (
        "zh",
        "我们停用了您的Amazon.de卖家账户。\n为什么会发生这种情况？\n您的账户与另一个账户相关联。\n"
        "如何重新激活我的帐户？\n如何发送所需信息？",
    ),
    (
        "de",
        "Ihr Verkäuferkonto wurde deaktiviert.\nWarum ist das passiert?\nWie kann ich mein Konto",
    ),
    ("tr", "Hesabınız devre dışı bırakıldı.\nBu neden oluyor?\nŞikayetler aldık."),
    (
        "ja",
        "出品者様のアカウントを確認しましたところ、ポリシー違反が見つかりました。出品を停止いたしました。",
    ),
]

_CAUTION = ("conditional", "denied", "more_info", "reinstated", "acknowledged", "other")


def _weights(book_name: str, lang: str, text: str) -> dict[str, float]:
    best: dict[tuple[str, str], float] = {}
    for hit in book(book_name).scan(NormalText(text), [lang, "en"]):
        key = (hit.label, hit.matched.lower())
        best[key] = max(best.get(key, 0.0), hit.weight)
    out: dict[str, float] = {}
    for (label, _), weight in best.items():
        out[label] = out.get(label, 0.0) + weight
    return out


@pytest.mark.parametrize(("lang", "outcome", "text"), ANSWERS)
def test_it_reads_amazons_answers_as_replies_with_their_outcome(
    lang: str, outcome: str, text: str
) -> None:
    kind = _weights("kind", lang, text)
    assert kind.get("reply", 0.0) >= 3, kind
    assert kind.get("reply", 0.0) > kind.get("notice", 0.0), kind
    scores = _weights("outcomes", lang, text)
    best = max(_CAUTION, key=lambda label: (scores.get(label, 0.0), -_CAUTION.index(label)))
    got = "other" if best == "conditional" or not scores else best
    assert got == outcome, scores


@pytest.mark.parametrize(("lang", "text"), FIRST_NOTICES)
def test_it_keeps_first_notices_apart_from_replies(lang: str, text: str) -> None:
    kind = _weights("kind", lang, text)
    assert kind.get("reply", 0.0) < 3 or kind.get("reply", 0.0) <= kind.get("notice", 0.0), kind
