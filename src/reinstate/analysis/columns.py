"""Which report a file is, from its column names (never from its file name or column order).

Each report kind lists its fields with the header names they go by: the English names Amazon's
files carry (report-formats.md; [REAL] or [CODE] there) first, then the Seller Central UI
languages (de, fr, it, es, ja, zh). Only the Japanese listings header and the Business Report
headers were seen localised in real files; the other localised names are Reinstate's reading of
the Seller Central UI labels, so a seller who exports a localised table from the UI or re-saves a
report in a local-language spreadsheet is still understood.

Header matching is on whole names after normalising case, Unicode width, dash variants,
underscores and whitespace: ``Sessions – Total`` equals ``sessions - total`` but not
``Sessions - Total - B2B``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

_SEPARATORS = re.compile(r"[\s\-_‐‑‒–—―−﹘﹣－]+")


# Cached: each report kind compares hundreds of aliases with every header line tried, for every
# candidate encoding (tens of thousands of calls per analysis over a few hundred names).
@lru_cache(maxsize=8192)
def normalise_header(name: str) -> str:
    """``"  Order_ID "`` -> ``"order id"``; ``（子）ASIN`` -> ``(子)asin``.

    NFKC folds full-width letters and brackets; every run of spaces, dashes and underscores
    becomes one space, so hyphenated and spaced spellings of a name are the same name.
    """
    text = unicodedata.normalize("NFKC", name).replace("\ufeff", "").strip().strip('"').strip()
    return _SEPARATORS.sub(" ", text.casefold()).strip()


@dataclass(frozen=True, slots=True)
class KindSpec:
    """A report kind: its fields (canonical name -> header names) and what identifies it."""

    kind: str
    fields: Mapping[str, tuple[str, ...]]
    required: tuple[str, ...]
    # Each group needs at least one of its fields.
    any_of: tuple[tuple[str, ...], ...] = ()
    # Fields that help recognise the kind (and are in the format sample) but are not read from
    # every row: nothing downstream needs them, and each string column costs reading time.
    detect_only: tuple[str, ...] = ()
    # Fields of few distinct values over many rows (statuses, channels, titles): the fast reader
    # reads them as categoricals (a number per row, built while parsing, for the cost of a
    # string), so that a parser classifies each distinct value once instead of every row.
    few: tuple[str, ...] = ()

    def to_read(self, mapping: dict[str, str]) -> dict[str, str]:
        return {k: v for k, v in mapping.items() if k not in self.detect_only}

    def match(self, headers: Sequence[str]) -> dict[str, str] | None:
        """Map fields to the file's own header names, or None when this is not the kind."""
        by_norm: dict[str, str] = {}
        for header in headers:
            by_norm.setdefault(normalise_header(header), header)
        used: set[str] = set()
        mapping: dict[str, str] = {}
        for field_name, aliases in self.fields.items():
            for alias in aliases:
                found = by_norm.get(normalise_header(alias))
                if found is not None and found not in used:
                    mapping[field_name] = found
                    used.add(found)
                    break
        if any(f not in mapping for f in self.required):
            return None
        if any(not any(f in mapping for f in group) for group in self.any_of):
            return None
        return mapping


# Names shared by several kinds (English first, then de, fr, it, es, ja, zh).
ORDER_ID = (
    "amazon-order-id", "order-id", "Order ID", "AmazonOrderId", "Bestellnummer", "Bestell-ID",
    "Numéro de commande", "N° de commande", "ID de commande", "Numero ordine", "ID ordine",
    "Número de pedido", "ID del pedido", "注文番号", "注文ID", "订单号", "订单编号", "订单ID",
    "亚马逊订单号", "訂單編號", "訂單號碼",
)  # fmt: skip
SKU = (
    "sku", "seller-sku", "Merchant SKU", "出品者SKU", "Händler-SKU", "Verkäufer-SKU",
    "SKU vendeur", "SKU del venditore", "SKU del vendedor", "卖家SKU", "賣家SKU",
)  # fmt: skip
TITLE = (
    "product-name", "Product name", "item-name", "Item Name", "title", "Produktname",
    "Artikelname", "Titel", "Nom du produit", "Nom de l'article", "Titre", "Nome prodotto",
    "Nome articolo", "Titolo", "Nombre del producto", "Título", "商品名", "商品名称", "商品名稱",
    "标题", "標題",
)  # fmt: skip
QUANTITY = ("quantity", "Menge", "Anzahl", "Quantité", "Quantità", "Cantidad", "数量", "數量")
PURCHASE_DATE = (
    "purchase-date", "Purchase Date", "order-date", "Order date", "Kaufdatum", "Bestelldatum",
    "Date d'achat", "Date de commande", "Data di acquisto", "Data dell'ordine", "Fecha de compra",
    "Fecha del pedido", "購入日", "注文日", "购买日期", "订购日期", "下单日期", "購買日期",
)  # fmt: skip
CARRIER = (
    "carrier-name", "carrier", "carrier-code", "Carrier", "Shipping carrier",
    "Versanddienstleister", "Versandunternehmen", "Transporteur", "Corriere", "Transportista",
    "配送業者", "運送会社", "承运人", "物流商", "承運商",
)  # fmt: skip
TRACKING = (
    "tracking-number", "tracking-id", "Tracking ID", "Tracking number", "Sendungsnummer",
    "Sendungsverfolgungsnummer", "Numéro de suivi", "Numero di tracciamento", "Numero di tracking",
    "Número de seguimiento", "追跡番号", "お問い合わせ伝票番号", "跟踪号", "追踪编码", "物流单号",
    "運單號碼", "追蹤編號",
)  # fmt: skip
ASIN = ("asin", "ASIN 1", "asin1", "(Child) ASIN", "(子)ASIN", "(Untergeordnete) ASIN")
STATUS = ("status", "Status", "Statut", "Stato", "Estado", "ステータス", "状态", "狀態")

ALL_ORDERS = KindSpec(
    kind="all_orders",
    fields={
        "order_id": ORDER_ID,
        "order_item_id": ("order-item-id",),
        "purchase_date": PURCHASE_DATE,
        "order_status": (
            "order-status", "Order Status", "Bestellstatus", "Statut de la commande",
            "Stato dell'ordine", "Estado del pedido", "注文ステータス", "订单状态", "訂單狀態",
        ),
        "fulfillment_channel": (
            "fulfillment-channel", "Fulfillment Channel", "Versandkanal", "Canal de traitement",
            "Canale di evasione", "Canal de gestión logística", "フルフィルメント・チャネル",
            "配送渠道", "配送方式", "配送管道",
        ),
        "sales_channel": (
            "sales-channel", "Sales Channel", "Vertriebskanal", "Canal de vente",
            "Canale di vendita", "Canal de venta", "販売チャネル", "销售渠道", "銷售管道",
        ),
        "title": TITLE,
        "sku": SKU,
        "asin": ("asin", "ASIN"),
        "item_status": ("item-status", "Item Status", "Artikelstatus", "Statut de l'article"),
        "quantity": QUANTITY,
    },
    required=("order_id", "purchase_date", "order_status"),
    any_of=(("asin", "sku"),),
    detect_only=("sales_channel", "order_item_id"),
    few=("order_status", "item_status", "fulfillment_channel", "title"),
)  # fmt: skip

# Seller-fulfilled order data with ship-by dates, ship confirmations, carriers and tracking:
# the Order Report / Unshipped Orders downloads, the ship-confirmation file, shipping software.
MFN_SHIPMENTS = KindSpec(
    kind="mfn_shipments",
    fields={
        "order_id": ORDER_ID,
        "order_item_id": ("order-item-id",),
        "purchase_date": PURCHASE_DATE,
        "latest_ship_date": (
            "latest-ship-date", "promise-date", "ship-by-date", "Ship by", "Ship-by date",
            "Expected ship date", "Versand bis", "Späteste Versanddatum", "Expédier avant le",
            "Date d'expédition prévue", "Spedire entro", "Enviar antes de", "出荷期限",
            "最晚发货日期", "最晚發貨日期",
        ),
        "ship_date": (
            "ship-date", "shipping-date", "confirm-date", "Ship date", "Versanddatum",
            "Date d'expédition", "Data di spedizione", "Fecha de envío", "出荷日", "发货日期",
            "發貨日期",
        ),
        "carrier": CARRIER,
        "tracking_number": TRACKING,
        "ship_method": ("ship-method", "ship-service-level", "Shipping service"),
        "latest_delivery_date": (
            "latest-delivery-date", "Deliver by", "Promised delivery date", "Zustellung bis",
            "Livraison avant le", "Consegna entro", "Entrega antes de", "お届け予定日",
            "最晚送达日期",
        ),
        "delivery_date": (
            "delivery-date", "actual-delivery-date", "delivered-date", "Delivered on",
            "Zustelldatum", "Date de livraison", "Data di consegna", "Fecha de entrega",
            "配達日", "送达日期", "妥投日期",
        ),
        "sku": SKU,
        "asin": ("asin", "ASIN"),
        "title": TITLE,
        "quantity": ("quantity-purchased", "quantity-shipped", *QUANTITY),
        "order_status": ("order-status", "Order Status"),
        "buyer_cancel": ("is-buyer-requested-cancellation", "buyer-requested-cancellation"),
        "cancel_reason": ("buyer-requested-cancel-reason",),
        "sales_channel": ("sales-channel",),
    },
    required=("order_id",),
    any_of=(("latest_ship_date", "ship_date", "tracking_number"),),
    detect_only=("title", "ship_method", "sales_channel", "order_item_id", "cancel_reason"),
)  # fmt: skip

FBA_SHIPMENTS = KindSpec(
    kind="fba_shipments",
    fields={
        "order_id": ("amazon-order-id", "order-id", "Order ID"),
        "shipment_id": ("shipment-id",),
        "purchase_date": ("purchase-date",),
        "shipment_date": ("shipment-date", "Shipment date"),
        "sku": SKU,
        "title": TITLE,
        "quantity": ("quantity-shipped", *QUANTITY),
        "carrier": CARRIER,
        "tracking_number": TRACKING,
        "estimated_arrival": ("estimated-arrival-date",),
        "fulfillment_center": ("fulfillment-center-id",),
        "fulfillment_channel": ("fulfillment-channel",),
        "sales_channel": ("sales-channel",),
    },
    required=("order_id", "shipment_date"),
    any_of=(("shipment_id", "fulfillment_center"),),
    detect_only=(
        "shipment_id",
        "purchase_date",
        "title",
        "estimated_arrival",
        "fulfillment_center",
        "fulfillment_channel",
        "sales_channel",
    ),
)

FEEDBACK = KindSpec(
    kind="feedback",
    fields={
        "date": ("Date", "Datum", "Data", "Fecha", "日付", "日期"),
        "rating": (
            "Rating", "Bewertung", "Évaluation", "Note", "Valutazione", "Valoración",
            "Puntuación", "評価", "评分", "評分", "星级",
        ),
        "comment": (
            "Comments", "Comment", "Kommentare", "Kommentar", "Commentaires", "Commenti",
            "Comentarios", "コメント", "评论", "評論", "留言",
        ),
        "response": (
            "Your Response", "Response", "Ihre Antwort", "Votre réponse", "La tua risposta",
            "Tu respuesta", "Su respuesta", "あなたの返答", "您的回复", "回复", "回覆",
        ),
        "order_id": ORDER_ID,
        "rater_email": ("Rater Email", "Rater Role"),
    },
    required=("date", "rating", "order_id"),
)  # fmt: skip

FBA_RETURNS = KindSpec(
    kind="fba_returns",
    fields={
        "return_date": (
            "return-date", "Return date", "Rücksendedatum", "Date de retour", "Data del reso",
            "Fecha de devolución", "返品日", "退货日期", "退貨日期",
        ),
        "order_id": ORDER_ID,
        "sku": SKU,
        "asin": ("asin", "ASIN"),
        "fnsku": ("fnsku", "FNSKU"),
        "title": TITLE,
        "quantity": QUANTITY,
        "fulfillment_center": ("fulfillment-center-id",),
        "disposition": (
            "detailed-disposition", "Detailed disposition", "Zustand", "Disposition détaillée",
            "Disposizione dettagliata", "Disposición detallada", "詳細な状態", "详细处置",
            "詳細處置",
        ),
        "reason": (
            "reason", "Reason", "Return reason", "Rücksendegrund", "Grund", "Motif du retour",
            "Motif", "Motivo del reso", "Motivo de la devolución", "Motivo", "返品理由", "理由",
            "退货原因", "退貨原因", "原因",
        ),
        "status": STATUS,
        "lpn": ("license-plate-number",),
        "comment": (
            "customer-comments", "Customer comments", "Kundenkommentare", "Kommentare des Kunden",
            "Commentaires du client", "Commentaires des clients", "Commenti del cliente",
            "Comentarios del cliente", "購入者のコメント", "お客様のコメント", "买家评论",
            "买家留言", "顧客評論", "買家留言",
        ),
    },
    required=("return_date", "order_id", "reason"),
    any_of=(("disposition", "fulfillment_center", "lpn", "fnsku"), ("asin", "sku")),
)  # fmt: skip

MFN_RETURNS = KindSpec(
    kind="mfn_returns",
    fields={
        "order_id": ORDER_ID,
        "order_date": ("Order date", "purchase-date", "Bestelldatum", "Date de commande",
                       "Data dell'ordine", "Fecha del pedido", "注文日", "订购日期", "訂購日期"),
        "return_date": (
            "Return request date", "Datum der Rücksendeanfrage", "Date de la demande de retour",
            "Data della richiesta di reso", "Fecha de solicitud de devolución", "返品リクエスト日",
            "退货请求日期", "退貨請求日期",
        ),
        "status": ("Return request status",),
        "rma_id": ("Amazon RMA ID",),
        "return_carrier": ("Return carrier",),
        "a_to_z": ("A-to-Z Claim", "A-to-z claim"),
        "asin": ("ASIN", "asin"),
        "sku": SKU,
        "title": TITLE,
        "quantity": ("Return quantity", "Rücksendemenge", "Quantité retournée",
                     "Quantità resa", "Cantidad devuelta", "返品数量", "退货数量", "退貨數量"),
        "reason": (
            "Return Reason", "Rücksendegrund", "Motif du retour", "Motivo del reso",
            "Motivo de la devolución", "返品理由", "退货原因", "退貨原因",
        ),
        "comment": ("Customer comments", "Return comments", "customer-comments"),
        "resolution": ("Resolution",),
        "refunded_amount": ("Refunded Amount",),
        "delivery_date": ("Return delivery date",),
    },
    required=("order_id", "return_date", "reason"),
    any_of=(("asin", "sku"),),
)  # fmt: skip

# No Seller Central export exists for A-to-z claims and chargebacks (report-formats.md section 8):
# a plain table the seller copies from the claims pages, a Finances export or an agency sheet.
CLAIMS = KindSpec(
    kind="claims",
    fields={
        "order_id": ORDER_ID,
        "date": (
            "date", "claim-date", "Claim date", "Date filed", "Opened", "posted-date", "PostedDate",
            "Datum", "Date de la réclamation", "Data del reclamo", "Fecha de la reclamación",
            "申請日", "日付", "日期", "申请日期", "索赔日期",
        ),
        "claim_type": (
            "type", "claim-type", "Claim type", "transaction-type", "Typ", "Type de réclamation",
            "Type", "Tipo di reclamo", "Tipo de reclamación", "Tipo", "種類", "タイプ", "类型",
            "類型", "索赔类型",
        ),
        "reason": ("reason", "claim-reason", "Claim reason", "Decision reason", "Grund", "Motif",
                   "Motivo", "理由", "原因"),
        "amount": ("amount", "claim-amount", "Claim amount", "Betrag", "Montant", "Importo",
                   "Importe", "金額", "金额"),
        "status": ("claim-status", "Claim status", "Decision", *STATUS),
        "asin": ("asin", "ASIN"),
        "sku": SKU,
    },
    required=("order_id", "claim_type"),
)  # fmt: skip

VOC = KindSpec(
    kind="voc",
    fields={
        "title": ("Product name", "Produktname", "Nom du produit", "Nome prodotto",
                  "Nombre del producto", "商品名", "商品名称"),
        "asin": ("ASIN", "asin"),
        "sku": ("SKU", "sku"),
        "condition": ("Condition", "Zustand", "État", "Condizione", "Estado", "コンディション",
                      "状况", "狀況"),
        "fulfilled_by": ("Fulfilled by", "Versand durch", "Expédié par", "Spedito da",
                         "Enviado por", "出荷元", "配送方"),
        "ncx_rate": ("NCX rate", "NCX-Rate", "Taux de NCX", "Tasso di NCX", "Tasa de NCX",
                     "NCX率", "NCX 率"),
        "ncx_orders": ("NCX orders", "NCX-Bestellungen", "Commandes NCX", "Ordini NCX",
                       "Pedidos NCX", "NCX注文数", "NCX 订单"),
        "total_orders": ("Total orders", "Bestellungen gesamt", "Total des commandes",
                         "Ordini totali", "Total de pedidos", "注文総数", "订单总数", "訂單總數"),
        "star_rating": ("Star rating", "Sternebewertung", "Note", "Valutazione",
                        "Valoración", "星の評価", "星级"),
        "return_rate": ("Return rate", "Rücksendequote", "Taux de retour", "Tasso di reso",
                        "Tasa de devolución", "返品率", "退货率", "退貨率"),
        "top_ncx_reason": ("Top NCX reason", "Häufigster NCX-Grund", "Principal motif NCX",
                           "Motivo NCX principale", "Motivo NCX principal", "主なNCX理由",
                           "主要 NCX 原因", "主要NCX原因"),
        "last_updated": ("Last updated", "Zuletzt aktualisiert", "Dernière mise à jour",
                         "Ultimo aggiornamento", "Última actualización", "最終更新日", "上次更新"),
        "cx_health": ("CX Health", "PCX health", "Status", "CX-Zustand", "Santé CX", "Salute CX",
                      "Salud de CX", "CXヘルス", "CX 健康状况", "买家体验健康度"),
        "return_badge": ("Return Badge Displayed",),
    },
    required=("asin",),
    any_of=(("ncx_rate", "ncx_orders"),),
)  # fmt: skip

LISTINGS = KindSpec(
    kind="listings",
    fields={
        "title": ("item-name", "商品名", "Artikelname", "Nom de l'article", "Nome articolo",
                  "Nombre del artículo", "商品名称"),
        "listing_id": ("listing-id", "出品ID", "Angebots-ID", "ID de l'offre", "ID offerta",
                       "ID del anuncio", "商品编码", "listing ID"),
        "sku": ("seller-sku", "出品者SKU", "sku", "Händler-SKU", "SKU vendeur",
                "SKU del venditore", "SKU del vendedor", "卖家SKU", "賣家SKU"),
        "price": ("price", "価格", "Preis", "Prix", "Prezzo", "Precio", "价格", "價格"),
        "quantity": ("quantity", "数量", "Menge", "Quantité", "Quantità", "Cantidad"),
        "open_date": ("open-date", "出品日", "Angebotsdatum", "Date de création",
                      "Data di apertura", "Fecha de apertura", "开售日期", "開賣日期"),
        "product_id_type": ("product-id-type", "商品IDタイプ"),
        "item_note": ("item-note", "コンディション説明", "Zustandshinweis", "Note sur l'état",
                      "Nota sulla condizione", "Nota sobre el estado", "状况说明"),
        "condition": ("item-condition", "コンディション", "Artikelzustand", "État de l'article",
                      "Condizione articolo", "Estado del artículo", "商品状况", "商品狀況"),
        "asin": ("asin1", "ASIN 1", "asin"),
        "product_id": ("product-id", "商品ID"),
        "fulfillment_channel": ("fulfillment-channel", "フルフィルメント・チャンネル"),
        "status": ("status", "ステータス"),
    },
    required=("sku",),
    any_of=(("asin", "product_id"), ("condition", "listing_id", "open_date")),
)  # fmt: skip

# Order matters only for ties: the more specific kinds first.
KINDS: tuple[KindSpec, ...] = (
    FBA_RETURNS, MFN_RETURNS, FBA_SHIPMENTS, ALL_ORDERS, MFN_SHIPMENTS, FEEDBACK, CLAIMS, VOC,
    LISTINGS,
)  # fmt: skip
PERFORMANCE_REPORT = "performance_report"
UNKNOWN = "unknown"


SPECS = {spec.kind: spec for spec in KINDS}


def detect_kind(headers: Sequence[str]) -> tuple[str, dict[str, str]]:
    """The report kind whose fields match the most headers, and its field -> header mapping.

    >>> detect_kind(["Date", "Rating", "Comments", "Your Response", "Order ID", "Rater Email"])[0]
    'feedback'
    """
    best: tuple[int, str, dict[str, str]] = (0, UNKNOWN, {})
    for spec in KINDS:
        mapping = spec.match(headers)
        if mapping is not None and len(mapping) > best[0]:
            best = (len(mapping), spec.kind, mapping)
    return best[1], best[2]
