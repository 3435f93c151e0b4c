"""The demo seller's catalogue and the customer sentences planted in its exports.

Neutral sentences must match no complaint family and planted ones exactly their own family
(the demo-data tests check both against complaints.yaml).
"""

from __future__ import annotations

import random
import string
from dataclasses import dataclass

# Roles of the ASINs that carry a planted problem (the rest is background).
ROLES = (
    "odr_1",
    "odr_2",
    "cancel",
    "tracking",
    "used",
    "fake",
    "damaged",
    "expired",
    "safety",
    "listing_used",
)
MFN_ROLES = ("odr_1", "odr_2", "cancel", "tracking", "damaged", "safety")
AFN_ROLES = ("used", "fake", "expired", "listing_used")

_PRODUCTS = (
    # the planted roles first, in the order of ROLES
    "Stainless Steel Water Bottle 750 ml",
    "Bamboo Cutting Board Set",
    "Silicone Baking Mats",
    "Notebook A5 Dotted",
    "Noise Cancelling Earbuds",
    "Hair Dryer Brush 1000W",
    "Ceramic Café Espresso Cups (Set of 4)",
    "Protein Bars Chocolate 12 Pack",
    "Wireless Charger Pad 15W",
    "Vitamin C Facial Serum 30 ml",
    # background
    "LED Desk Lamp with USB Port",
    "Kids Art Smock Waterproof",
    "Yoga Mat Non-Slip 6 mm",
    "Organic Green Tea Bags 100 ct",
    "Phone Case for iPhone 15 Clear",
    "USB-C Cable 2 m Braided",
    "Garden Hose Nozzle 8 Patterns",
    "Baby Teething Toy Silicone",
    "Dog Chew Rope Toy",
    "Travel Adapter Universal",
    "Electric Milk Frother",
    "Scented Soy Candle Lavender",
    "Insulated Lunch Bag",
    "Men's Wool Socks 5 Pairs",
    "Resistance Bands Set of 5",
    "Kitchen Scale Digital",
    "Sunscreen SPF 50 Lotion",
    "Cast Iron Skillet 10 inch",
    "Car Phone Mount Magnetic",
    "Laundry Basket Collapsible",
    "Reading Glasses +2.0 (3 Pack)",
    "Aroma Diffuser 300 ml",
    "Bike Light Set Rechargeable",
    "Shower Head High Pressure",
    "Fountain Pen Fine Nib",
    "Waterproof Hiking Backpack 30 L",
    "Puzzle 1000 Pieces Landscape",
    "Wall Clock Silent 12 inch",
    "Cordless Drill 20V",
    "Plant Pots with Drainage (Set of 3)",
)
CARRIERS = ("USPS", "UPS", "FedEx", "OnTrac")
CARRIER_WEIGHTS = (0.45, 0.25, 0.2, 0.1)
LATE_CARRIER = "OnTrac"


@dataclass(frozen=True, slots=True)
class Product:
    asin: str
    sku: str
    title: str
    price: float
    channel: str  # "mfn" or "afn"
    weight: float
    role: str | None


def catalogue(rng: random.Random) -> list[Product]:
    """Forty products with stable ASINs and SKUs; planted roles get popular enough ASINs."""
    alphabet = string.ascii_uppercase + string.digits
    products = []
    roles = list(ROLES)
    for number, title in enumerate(_PRODUCTS):
        asin = "B0" + "".join(rng.choice(alphabet) for _ in range(8))
        role = roles[number] if number < len(roles) else None
        if role is not None:
            channel = "mfn" if role in MFN_ROLES else "afn"
        else:
            channel = "mfn" if number % 2 else "afn"
        prefix = "".join(w[0] for w in title.split()[:3]).upper()
        sku = f"{prefix}-{1000 + number * 37}-{'FBA' if channel == 'afn' else 'M'}"
        weight = 3.0 if role in {"odr_1", "odr_2", "cancel", "tracking"} else 1.0 / (1 + number % 7)
        price = round(rng.uniform(7.99, 89.99), 2)
        products.append(Product(asin, sku, title, price, channel, weight, role))
    return products


NEUTRAL_RETURN_REASONS = (
    "UNWANTED_ITEM",
    "NO_REASON_GIVEN",
    "FOUND_BETTER_PRICE",
    "ORDERED_WRONG_ITEM",
    "NOT_COMPATIBLE",
    "MISSED_ESTIMATED_DELIVERY",
)
NEUTRAL_RETURN_COMMENTS = (
    "No longer needed",
    "Changed my mind",
    "Bought by mistake",
    "Found a better price elsewhere",
    "Nicht mehr benötigt",
    "Plus besoin",
    "Ya no lo necesito",
    "Non mi serve più",
    "不需要了",
    "不要になりました",
)
NEUTRAL_DISPOSITIONS = ("SELLABLE", "SELLABLE", "SELLABLE", "CUSTOMER_DAMAGED", "CARRIER_DAMAGED")
UNKNOWN_REASON = "CR-GIFT_RETURN"

POSITIVE_FEEDBACK = (
    "Great seller, fast shipping.",
    "Item as described, thank you!",
    "Arrived on time, well packed.",
    "Good communication, would buy again.",
    "Schnelle Lieferung, alles bestens.",
    "Très bon vendeur.",
    "发货很快，很满意。",
)
NEUTRAL_FEEDBACK = ("Took longer than expected to arrive.", "Packaging could be better.")
NEGATIVE_FEEDBACK = (
    "Never received the package and the seller did not reply.",
    "Ordered three weeks ago, still waiting for it.",
    "Tracking shows delivered but nothing came.",
    "Seller cancelled without explanation.",
)

# family -> (language, sentence) planted in returns comments and feedback.
PLANTED_TEXTS: dict[str, tuple[tuple[str, str], ...]] = {
    "used": (
        ("en", "Received a used item, the box was already opened."),
        ("de", "Der Artikel war eindeutig gebraucht und die Verpackung schon geöffnet."),
        ("fr", "Produit d'occasion, la boîte était déjà ouverte."),
        ("ja", "中古品が届きました。"),
        ("zh", "收到的是二手货，包装被拆过。"),
    ),
    "inauthentic": (
        ("en", "This is a fake, the logo is printed crooked."),
        ("zh", "这是假货，不是正品。"),
        ("ja", "偽物でした。"),
        ("es", "Es una imitación, no es original."),
        ("en", "Counterfeit product, nothing like the one from the brand store."),
    ),
    "damaged": (
        ("en", "Arrived damaged, the glass was cracked."),
        ("it", "Il prodotto è arrivato danneggiato."),
        ("en", "Box crushed and the lid is broken."),
    ),
    "expired": (
        ("en", "The product was expired when it arrived."),
        ("de", "Das Produkt war bereits abgelaufen."),
        ("ja", "賞味期限が切れていました。"),
    ),
    "safety": (
        ("en", "The charger overheated and started to smoke."),
        ("zh", "充电时发烫，差点起火。"),
        ("fr", "L'appareil a surchauffé au bout de dix minutes."),
    ),
}
# family -> return reason code / disposition planted without any comment.
PLANTED_CODES: dict[str, tuple[str, str]] = {
    "damaged": ("reason", "DAMAGED_BY_CARRIER"),
    "expired": ("disposition", "EXPIRED"),
}
VOC_REASONS = {"used": "Product arrived used", "damaged": "Product damaged on arrival"}
VOC_NEUTRAL_REASONS = ("Too small", "Not compatible", "Changed mind", "--")
