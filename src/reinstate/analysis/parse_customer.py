"""Typed tables for what customers said and did: feedback, returns, claims, VoC; and listings."""

from __future__ import annotations

import polars as pl

from reinstate.analysis import dates
from reinstate.analysis import parse_common as pc
from reinstate.analysis.parse_orders import asin_checks, quantity_checks
from reinstate.analysis.reader import RawTable

FEEDBACK_SCHEMA = {"day": pl.Date, "rating": pl.Int64, "comment": pl.String, "order_id": pl.String}
RETURNS_SCHEMA = {
    "source": pl.String,
    "return_day": pl.Date,
    "order_id": pl.String,
    "sku": pl.String,
    "asin": pl.String,
    "title": pl.String,
    "quantity": pl.Int64,
    "reason": pl.String,
    "disposition": pl.String,
    "comment": pl.String,
    "a_to_z": pl.Boolean,
}
CLAIMS_SCHEMA = {
    "order_id": pl.String,
    "day": pl.Date,
    "claim_type": pl.String,
    "reason": pl.String,
    "amount": pl.Float64,
    "status": pl.String,
    "counted": pl.Boolean,
}
VOC_SCHEMA = {
    "asin": pl.String,
    "sku": pl.String,
    "title": pl.String,
    "condition": pl.String,
    "ncx_rate": pl.Float64,
    "ncx_orders": pl.Int64,
    "total_orders": pl.Int64,
    "return_rate": pl.Float64,
    "top_ncx_reason": pl.String,
    "cx_health": pl.String,
    "last_updated": pl.String,
}
LISTINGS_SCHEMA = {
    "sku": pl.String,
    "asin": pl.String,
    "title": pl.String,
    "condition_code": pl.Int64,
    "open_day": pl.Date,
    "fulfillment": pl.String,
    "status": pl.String,
}
# item-condition codes of the listings report (report-formats.md section 6).
CONDITION_LABELS = {
    1: "Used - Like New",
    2: "Used - Very Good",
    3: "Used - Good",
    4: "Used - Acceptable",
    5: "Collectible - Like New",
    6: "Collectible - Very Good",
    7: "Collectible - Good",
    8: "Collectible - Acceptable",
    9: "Not used",
    10: "Refurbished",
    11: "New",
}
NOT_NEW_CODES = (1, 2, 3, 4, 5, 6, 7, 8, 10)

_CHARGEBACK = (
    r"(?i)charge\s*back|rückbuchung|rétrofacturation|contracargo|reintegro|riaddebito|"
    r"チャージバック|拒付|退单|退單"
)
_A_TO_Z = (
    r"(?i)\ba[\s\-‐]*(?:to|à|a|bis)?[\s\-‐]*z\b|garantie|garanzia|garantía|guarantee|"
    r"マーケットプレイス保証|交易保障|保障索赔"
)
_NOT_COUNTED = (
    r"(?i)denied|rejected|declined|withdrawn|cancel|reversed|in (?:the )?seller'?s? favou?r|"
    r"abgelehnt|zurückgezogen|refus|rejet|respint|rechaza|却下|取り下げ|驳回|駁回|撤回|拒绝|拒絕"
)
_FEEDBACK_FORMATS = (
    "%m/%d/%y",
    "%d/%m/%y",
    "%y/%m/%d",
    "%d.%m.%y",
    "%Y-%m-%d",
    "%m/%d/%Y",
    "%d/%m/%Y",
    "%d.%m.%Y",
    "%Y/%m/%d",
)


def marketplace_of(sales_channel: str | None) -> str:
    """``Amazon.de`` -> ``DE`` (only the marketplaces whose feedback dates differ matter)."""
    channel = (sales_channel or "").lower()
    for suffix, code in ((".com", "US"), (".de", "DE"), (".co.jp", "JP"), (".se", "SE")):
        if channel.endswith(suffix):
            return code
    return "OTHER" if channel else "US"


def feedback(table: RawTable, orders: pl.DataFrame, marketplace: str | None) -> pl.DataFrame:
    """Seller feedback; the short local date format is chosen from the data itself.

    Several formats can read every value (``1/2/17``): the one that puts the feedback shortly
    after its order's purchase date wins; without orders, the marketplace's format does.
    """
    values = table.sample.get_column("date")
    formats = dates.matching_formats(values, _FEEDBACK_FORMATS, day=True)
    fmt = _choose_feedback_format(table.sample, formats, orders, marketplace, table)
    day = dates.to_day(pl.col("date"), fmt) if fmt else pl.lit(None, dtype=pl.Date)
    rating = pc.integer(pl.col("rating"))
    checks = [
        (day.is_null(), "the date is missing or not a date"),
        (rating.is_null() | ~rating.is_between(1, 5), "the rating is not 1 to 5"),
    ]
    output = {
        "day": day,
        "rating": rating,
        "comment": pc.field(table, "comment"),
        "order_id": pl.col("order_id"),
    }
    return pc.finish(table, output, checks)


def _choose_feedback_format(
    sample: pl.DataFrame,
    formats: list[str],
    orders: pl.DataFrame,
    marketplace: str | None,
    table: RawTable,
) -> str | None:
    if len(formats) <= 1:
        return formats[0] if formats else None
    if not orders.is_empty():
        named = sample.get_column("order_id").implode()
        purchase = (
            orders.filter(pl.col("order_id").is_in(named))
            .select("order_id", "purchase_day")
            .unique("order_id")
        )
        best: tuple[float, str] | None = None
        for fmt in formats:
            joined = sample.select(
                pl.col("order_id"), dates.to_day(pl.col("date"), fmt).alias("day")
            ).join(purchase, on="order_id", how="inner")
            if joined.is_empty():
                continue
            lag = (pl.col("day") - pl.col("purchase_day")).dt.total_days()
            plausible = joined.select(lag.is_between(0, 120).mean()).item()
            if best is None or (plausible or 0) > best[0]:
                best = (float(plausible or 0), fmt)
        if best is not None:
            return best[1]
    preferred = dates.FEEDBACK_FORMATS.get(marketplace or "US", dates.FEEDBACK_FORMATS["OTHER"])
    choice = preferred if preferred in formats else formats[0]
    table.warnings.append(
        f"the feedback dates fit several formats; read as {choice} ({marketplace or 'US'} style)"
    )
    return choice


def fba_returns(table: RawTable) -> pl.DataFrame:
    return _returns(table, "fba_returns")


def mfn_returns(table: RawTable) -> pl.DataFrame:
    return _returns(table, "mfn_returns")


def _returns(table: RawTable, source: str) -> pl.DataFrame:
    return_day, _ = pc.day_column(table, "return_date")
    checks = [
        (return_day.is_null(), "the return date is missing or not a date"),
        (pl.col("order_id").is_null(), "no order ID"),
        *quantity_checks(table),
        *asin_checks(table),
    ]
    output = {
        "source": pl.lit(source),
        "return_day": return_day,
        "order_id": pl.col("order_id"),
        "sku": pc.field(table, "sku"),
        "asin": pc.asin_column(table),
        "title": pc.field(table, "title"),
        "quantity": pc.integer(pc.field(table, "quantity")).fill_null(1),
        "reason": pc.field(table, "reason"),
        "disposition": pc.field(table, "disposition").str.to_uppercase(),
        "comment": pc.field(table, "comment"),
        "a_to_z": pc.flag(pc.field(table, "a_to_z")).fill_null(False),
    }
    return pc.finish(table, output, checks)


def claims(table: RawTable) -> pl.DataFrame:
    """A-to-z claims and chargebacks from a plain table; denied or withdrawn ones do not count."""
    day, _ = pc.day_column(table, "date")
    kind_text = pl.concat_str(
        [pl.col("claim_type").fill_null(""), pc.field(table, "reason").fill_null("")],
        separator=" ",
    )
    claim_type = (
        pl.when(pl.col("claim_type").str.contains(_CHARGEBACK))
        .then(pl.lit("chargeback"))
        .when(pl.col("claim_type").str.contains(_A_TO_Z))
        .then(pl.lit("a_to_z"))
        .when(kind_text.str.contains(_CHARGEBACK))
        .then(pl.lit("chargeback"))
        .when(kind_text.str.contains(_A_TO_Z))
        .then(pl.lit("a_to_z"))
        .otherwise(pl.lit("other"))
    )
    checks = [(pl.col("order_id").is_null(), "no order ID")]
    if "date" in table.mapping:
        checks.append((pc.unparsed("date", day), "the date is not a date"))
    status = pc.field(table, "status")
    output = {
        "order_id": pl.col("order_id"),
        "day": day,
        "claim_type": claim_type,
        "reason": pc.field(table, "reason"),
        "amount": pc.number(pc.field(table, "amount")),
        "status": status,
        "counted": ~status.str.contains(_NOT_COUNTED).fill_null(False) & (claim_type != "other"),
        "written_type": pl.col("claim_type"),
    }
    frame = pc.finish(table, output, checks)
    other = frame.filter(pl.col("claim_type") == "other").get_column("written_type").unique()
    if other.len():
        table.warnings.append(
            "claim types that are neither A-to-z nor chargeback were kept but not counted: "
            + ", ".join(sorted(str(v) for v in other.to_list())[:10])
        )
    return frame.drop("written_type")


def voc(table: RawTable) -> pl.DataFrame:
    asin_value = pc.asin(pl.col("asin"))
    checks = [
        (
            asin_value.is_null() | ~asin_value.str.contains(pc.ASIN_PATTERN),
            "the ASIN is missing or not 10 letters and digits",
        ),
    ]
    reason = pc.field(table, "top_ncx_reason")
    output = {
        "asin": asin_value,
        "sku": pc.field(table, "sku"),
        "title": pc.field(table, "title"),
        "condition": pc.field(table, "condition"),
        "ncx_rate": pc.percent(pc.field(table, "ncx_rate")),
        "ncx_orders": pc.number(pc.field(table, "ncx_orders")).round(0).cast(pl.Int64),
        "total_orders": pc.number(pc.field(table, "total_orders")).round(0).cast(pl.Int64),
        "return_rate": pc.percent(pc.field(table, "return_rate")),
        # "Too Small\n80%": the reason, without its share on the next line.
        "top_ncx_reason": reason.str.replace(r"\s*\n.*$", "").str.strip_chars(),
        "cx_health": pc.field(table, "cx_health").str.to_lowercase(),
        "last_updated": pc.field(table, "last_updated"),
    }
    return pc.finish(table, output, checks)


def listings(table: RawTable) -> pl.DataFrame:
    open_day, _ = pc.day_column(table, "open_date")
    product_id = pc.asin(pc.field(table, "product_id"))
    id_type = pc.field(table, "product_id_type")
    asin_value = pl.coalesce(
        pc.asin(pc.field(table, "asin")),
        pl.when((id_type == "1") | product_id.str.contains(r"^B0[A-Z0-9]{8}$"))
        .then(product_id)
        .otherwise(None),
    )
    checks = [
        (pl.col("sku").is_null(), "no seller SKU"),
        (
            asin_value.is_not_null() & ~asin_value.str.contains(pc.ASIN_PATTERN),
            "the ASIN is not 10 letters and digits",
        ),
    ]
    output = {
        "sku": pl.col("sku"),
        "asin": asin_value,
        "title": pc.field(table, "title"),
        "condition_code": _condition_code(pc.field(table, "condition")),
        "open_day": open_day,
        "fulfillment": pc.fulfillment(pc.field(table, "fulfillment_channel")),
        "status": pc.field(table, "status"),
    }
    return pc.finish(table, output, checks)


def _condition_code(expr: pl.Expr) -> pl.Expr:
    """Numeric codes as they are; words (``New``, ``UsedLikeNew``, ``中古``, ``新品``) mapped."""
    lowered = expr.str.to_lowercase()
    return pl.coalesce(
        pc.integer(expr),
        pl.when(lowered.str.contains(r"collect|コレクター|收藏"))
        .then(pl.lit(7))
        .when(lowered.str.contains(r"refurb|renew|再生|翻新|整備"))
        .then(pl.lit(10))
        .when(lowered.str.contains(r"like\s*new|wie neu|comme neuf|come nuovo|como nuevo|ほぼ新品"))
        .then(pl.lit(1))
        .when(lowered.str.contains(r"used|gebraucht|occasion|usato|usado|中古|二手"))
        .then(pl.lit(3))
        .when(lowered.str.contains(r"new|neu|neuf|nuovo|nuevo|新品|全新"))
        .then(pl.lit(11))
        .otherwise(pl.lit(None, dtype=pl.Int64)),
    )
